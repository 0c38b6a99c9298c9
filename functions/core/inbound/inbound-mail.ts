// The core's view of one inbound mail: plain data, built by the adapter that parses the raw bytes
// (adapters/mail/parse-inbound-mail.ts) and read by the classifier (classify-mail.ts). Every string in it is
// already cleaned: no CR, LF or other control characters in a header value, addresses lower-cased, bodies as
// plain text only. HTML and attachments never get this far.

/** The largest raw mail that is parsed at all: anything bigger is unreadable without being looked at. */
export const MAX_INBOUND_MAIL_BYTES = 10 * 1024 * 1024;

/** How much of the text body is kept; the rest is cut (textTruncated says so). A reply's first lines are what matter. */
export const MAX_INBOUND_TEXT_CHARS = 100_000;

export interface MailAddress {
  /** Trimmed and lower-cased (normaliseEmail). */
  address: string;
  /** The display name, cleaned; empty when the header gave none. */
  name: string;
}

/**
 * The headers that tell a person's mail from a machine's. Each is the header's first value, cleaned and trimmed,
 * or absent when the mail does not have it.
 */
export interface AutomationHeaders {
  /** RFC 3834: `no`, `auto-replied`, `auto-generated`, `auto-notified` ... */
  autoSubmitted?: string;
  xAutoreply?: string;
  xAutorespond?: string;
  /** `bulk`, `junk`, `list`, `auto_reply`. */
  precedence?: string;
  /** Set by many bounce generators (Exim, Postfix, Exchange) next to the report. */
  xFailedRecipients?: string;
  /** `List-Id`: the mail came through a mailing list. */
  listId?: string;
}

/**
 * Why a mail could not be read, each a short word safe to log and count: `too-large` (over
 * MAX_INBOUND_MAIL_BYTES, not parsed), `too-complex` (too many MIME parts or too big a header block: a MIME bomb),
 * `malformed` (the parser gave up), `timed-out` (parsing took longer than its deadline).
 */
export const UNREADABLE_REASONS = ['too-large', 'too-complex', 'malformed', 'timed-out'] as const;
export type UnreadableReason = (typeof UNREADABLE_REASONS)[number];

interface MailIdentity {
  /**
   * The Message-ID with its angle brackets. When the mail has none, or one that is not a Message-ID, a stable one
   * is derived from a hash of the raw bytes, so the same bytes delivered twice get the same id.
   */
  messageId: string;
  messageIdSource: 'header' | 'derived';
  /** The raw size in bytes. */
  size: number;
}

/** A mail that could not be read: only its identity is known. */
export interface UnreadableInboundMail extends MailIdentity {
  readable: false;
  reason: UnreadableReason;
}

export interface ReadableInboundMail extends MailIdentity {
  readable: true;
  /** Absent when the From header has no address. */
  from?: MailAddress;
  to: MailAddress[];
  cc: MailAddress[];
  replyTo: MailAddress[];
  subject: string;
  /** The Date header as an ISO timestamp; absent when missing or not a date. */
  date?: string;
  /** The top-level Content-Type, lower-case, without parameters (`multipart/report`, `text/plain` ...). */
  contentType: string;
  /** The `report-type` parameter of a multipart/report (`delivery-status`, `disposition-notification` ...). */
  reportType?: string;
  automation: AutomationHeaders;
  inReplyTo?: string;
  /** The Message-IDs of the References header, oldest first. */
  references: string[];
  /** The text body; an HTML-only mail's HTML converted to text. Cut at MAX_INBOUND_TEXT_CHARS. */
  text: string;
  textTruncated: boolean;
  /** The text the sender wrote, without the quoted history below it (and without a signature where one is seen). */
  replyText: string;
  /** How many attachments the mail had; their content is not kept. */
  attachmentCount: number;
}

export type InboundMail = ReadableInboundMail | UnreadableInboundMail;
