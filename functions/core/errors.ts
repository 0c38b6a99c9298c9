// Typed errors of the domain. They say what went wrong, not how to answer it: the HTTP status for each lives in
// one place in the web layer (web/http-status.ts), the CLI's exit code in cli/main.ts.

export class PresenceError extends Error {
  readonly code: string = 'presence_error';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Input that a person must fix: names the field or line and what to do. */
export class ValidationError extends PresenceError {
  override readonly code = 'invalid_input';
  constructor(
    message: string,
    readonly issues: Array<{ path: string; message: string }> = [],
  ) {
    super(message);
  }
}

export class NotFound extends PresenceError {
  override readonly code = 'not_found';
}

/** A conditional write lost: someone else changed the item first. */
export class VersionConflict extends PresenceError {
  override readonly code = 'version_conflict';
}

export class DraftConflict extends PresenceError {
  override readonly code = 'draft_conflict';
}

export class DraftAlreadyDecided extends PresenceError {
  override readonly code = 'draft_already_decided';
}

/** Expired, used, tampered or unknown link: one generic answer so nothing is revealed. */
export class InvalidToken extends PresenceError {
  override readonly code = 'invalid_token';
  constructor(readonly detail: string = 'invalid') {
    super('This link is not valid any more.');
  }
}

export class Paused extends PresenceError {
  override readonly code = 'paused';
}

export class MailerError extends PresenceError {
  override readonly code = 'mailer_error';
  constructor(
    message: string,
    /**
     * throttled / transient: not sent, safe to retry. daily_quota: not sent, stop until the quota frees up.
     * rejected: this message will never go out. blocked: nothing goes out (account or sender disabled), stop.
     * unknown: the request may have reached the provider (timeout, 5xx): never retry, a person checks.
     */
    readonly kind: 'throttled' | 'daily_quota' | 'rejected' | 'transient' | 'blocked' | 'unknown',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
  get retryable(): boolean {
    return this.kind === 'throttled' || this.kind === 'transient';
  }
}
