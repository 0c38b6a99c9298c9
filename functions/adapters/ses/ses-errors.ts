// What an SES (v2) error means for the sender. The one question that matters for exactly-once: could the mail
// have gone out? Throttling, quota and refused connections prove it did not (safe to retry or to queue);
// timeouts, dropped connections and 5xx answers do not (never retry, flag for a person).
import { MailerError } from '../../core/errors';

const THROTTLED = new Set(['TooManyRequestsException', 'Throttling', 'ThrottlingException', 'ThrottledException', 'RequestThrottled', 'SlowDown']);
/** Nothing can go out until a person acts: every further send would fail the same way. */
const BLOCKED = new Set(['AccountSuspendedException', 'SendingPausedException', 'NotFoundException', 'AccessDeniedException', 'UnrecognizedClientException', 'InvalidClientTokenId', 'ExpiredTokenException']);
/** This message (its sender identity, recipient, content) will never be accepted. */
const REJECTED = new Set(['MessageRejected', 'MailFromDomainNotVerifiedException', 'BadRequestException', 'ValidationException']);
/** The request never left this machine. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'CredentialsProviderError']);

interface SdkErrorLike {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

export function toMailerError(error: unknown): MailerError {
  if (error instanceof MailerError) return error;
  const e = (error ?? {}) as SdkErrorLike;
  const name = e.name ?? '';
  const code = e.code ?? '';
  const status = e.$metadata?.httpStatusCode;
  const message = e.message || name || 'SES error';
  const wrap = (kind: MailerError['kind']) => new MailerError(`${name ? `${name}: ` : ''}${message}`.slice(0, 500), kind, { cause: error });

  if (/daily message quota/i.test(message) || name === 'LimitExceededException') return wrap('daily_quota');
  if (THROTTLED.has(name) || status === 429 || /maximum sending rate/i.test(message)) return wrap('throttled');
  if (BLOCKED.has(name)) return wrap('blocked');
  if (REJECTED.has(name)) return wrap('rejected');
  if (NOT_SENT_CODES.has(code) || NOT_SENT_CODES.has(name)) return wrap('transient');
  // the HTTP handler's connection timeout: no connection, so no request
  if (name === 'TimeoutError' && /did not establish a connection/i.test(message)) return wrap('transient');
  // 503: the service refused to take the request on; other 5xx may have been processed
  if (status === 503 || name === 'ServiceUnavailableException' || name === 'ServiceUnavailable') return wrap('transient');
  if (status !== undefined && status >= 400 && status < 500) return wrap('rejected');
  return wrap('unknown');
}
