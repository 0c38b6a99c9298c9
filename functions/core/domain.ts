// The domain's constants and plain functions, without the zod schemas (model-schemas.ts): a Lambda bundle that
// only needs a status list or languageOf does not carry the schema library. model.ts re-exports both.

export const CHANNELS = ['email', 'letter', 'visit', 'call'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Languages with templates. A contact's locale may carry a region (de-AT, en-GB); the language picks the template. */
export const LANGUAGES = ['de', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export function languageOf(locale: string): Language {
  return locale.startsWith('en') ? 'en' : 'de';
}

/**
 * Ids travel in URLs, draft ids and DynamoDB keys, so they are restricted to a safe alphabet.
 * `~` and `@` are reserved: draft ids are `<campaign>@<run stamp>~<contact id>`.
 */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const ID_RULE = 'use 1-64 letters, digits, dot, dash or underscore';
export function isId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value);
}

/** reply: the customer answered an update; own-mail: the rep's own mail, logged through the rep's BCC address. */
export const TOUCH_SOURCES = ['send', 'export', 'manual', 'task', 'reply', 'own-mail'] as const;

/**
 * Draft life cycle:
 *   needs_fix | pending_approval -> approved | rejected | expired | recalled
 *   needs_fix | pending_approval | approved -> withdrawn (the contact moved to another rep: see reassign-contact.ts)
 *   approved -> sending (claimed by a sender) -> sent | failed | possibly_sent
 *   approved (letter) -> exported
 *   pending_approval (task) -> done
 */
export const DRAFT_STATUSES = [
  'needs_fix',
  'pending_approval',
  'approved',
  'rejected',
  'expired',
  'recalled',
  'withdrawn',
  'sending',
  'sent',
  'possibly_sent',
  'failed',
  'exported',
  'done',
] as const;
export type DraftStatus = (typeof DRAFT_STATUSES)[number];
/** A contact with a draft in one of these states gets no new draft. */
export const OPEN_DRAFT_STATUSES: readonly DraftStatus[] = ['needs_fix', 'pending_approval', 'approved', 'sending', 'possibly_sent'];
export function isOpenStatus(status: DraftStatus): boolean {
  return OPEN_DRAFT_STATUSES.includes(status);
}

/** What a reassignment does to an open draft of the contact: unclaimed ones are withdrawn, in-flight ones stop it. */
export const WITHDRAWABLE_STATUSES: readonly DraftStatus[] = ['needs_fix', 'pending_approval', 'approved'];

export const DRAFT_KINDS = ['email', 'letter', 'task'] as const;
export type DraftKind = (typeof DRAFT_KINDS)[number];

/** The longest reason a snooze may carry: a word or a short phrase, not a note. */
export const MAX_SNOOZE_REASON_LENGTH = 200;

/**
 * What a rep may answer, when rejecting a draft, to "when should presence ask again?" (core/approval/ask-again.ts):
 * at the contact's next cadence (the default), in 2 weeks, in a month, on a date, or not in this campaign.
 */
export const ASK_AGAIN_CHOICES = ['next-cadence', 'two-weeks', 'month', 'date', 'not-in-campaign'] as const;
export type AskAgainChoice = (typeof ASK_AGAIN_CHOICES)[number];
/** Ticked on the reject form, and what a form without the field (a page from before the question) means. */
export const DEFAULT_ASK_AGAIN: AskAgainChoice = 'next-cadence';

export const SUPPRESSION_REASONS = ['bounce', 'complaint', 'unsubscribe', 'manual', 'erased'] as const;
export const TOKEN_KINDS = ['draft', 'digest', 'task', 'manager', 'unsubscribe'] as const;

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Who writes, approves and sends a draft: the deputy standing in while the contact's rep is away, else the rep. */
export function senderOf(draft: { repId: string; deputyId?: string }): string {
  return draft.deputyId ?? draft.repId;
}
