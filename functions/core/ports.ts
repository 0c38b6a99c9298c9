// The ports of the core: everything the use cases need from the outside world.
// Adapters implement them (functions/adapters); tests use the in-memory versions (functions/adapters/memory).
import type {
  Channel,
  Contact,
  Draft,
  DraftContent,
  DraftKind,
  DraftStatus,
  Rep,
  Suppression,
  TokenRecord,
  Touch,
} from './model';
import type { RepCoverageAggregate, RepCoverageState } from './coverage/aggregate';

export interface Page<T> {
  items: T[];
  /** Opaque; pass back to get the next page. Undefined on the last page. */
  cursor?: string;
}

export interface ContactStore {
  getContact(id: string): Promise<Contact | undefined>;
  /** Many at once (batched underneath); missing ids are left out of the result. */
  getContacts(ids: readonly string[]): Promise<Contact[]>;
  /** Creates when absent (attribute_not_exists) or replaces when `expectedVersion` matches; bumps version. */
  putContact(contact: Contact, expectedVersion?: number): Promise<Contact>;
  /** The contacts of a rep, ordered by next due date. */
  listContactsByRep(repId: string, opts?: { dueBy?: string; cursor?: string; limit?: number }): Promise<Page<Contact>>;
  findContactsByEmail(email: string): Promise<Contact[]>;
  /**
   * Replaces the contact (only at `expectedVersion`) and, in the same transaction, withdraws the given drafts of
   * it (each only while it is still in `fromStatus`). Throws VersionConflict, and writes nothing, when the contact
   * or any of the drafts changed meanwhile. Used when a contact moves to another rep (core/contacts/save-contact.ts).
   */
  replaceContactWithdrawingDrafts(contact: Contact, expectedVersion: number, withdraw: readonly DraftWithdrawal[]): Promise<Contact>;
  /** Deletes the contact item and every item in its collection (drafts, touches). Returns how many items went. */
  deleteContactCollection(id: string): Promise<number>;
}

export interface DraftWithdrawal {
  id: string;
  kind: DraftKind;
  fromStatus: DraftStatus;
  reason: string;
  at: string;
}

export interface RepStore {
  getRep(id: string): Promise<Rep | undefined>;
  putRep(rep: Rep, expectedVersion?: number): Promise<Rep>;
  listReps(): Promise<Rep[]>;
}

export interface TouchRecord {
  touch: Touch;
  /** When the touch closes a draft: the draft moves to this status in the same transaction. */
  draft?: { id: string; contactId: string; kind: DraftKind; fromStatus: DraftStatus; toStatus: DraftStatus; set?: Partial<Draft> };
}

export interface TouchStore {
  /**
   * Appends the touch (exactly once per touch id), moves the contact's lastTouchAt/lastTouchChannel/nextDueAt
   * forward (never backwards), counts it in the weekly statistics and, when given, moves the draft,
   * all in one transaction. Returns false when the touch id was already recorded.
   */
  recordTouch(record: TouchRecord): Promise<boolean>;
  listTouches(contactId: string, opts?: { limit?: number; newestFirst?: boolean }): Promise<Touch[]>;
  /** Weekly touch counts, by ISO week (e.g. 2026-W48), rep and channel. */
  weeklyTouchCounts(weeks: readonly string[]): Promise<Array<{ week: string; repId: string; channel: Channel; count: number }>>;
}

export type WeeklyTouchCount = { week: string; repId: string; channel: Channel; count: number };

/**
 * The coverage aggregate (core/coverage/aggregate.ts): a summary per rep that every write of a contact (a touch, a
 * save, a move to another rep, an erasure, a suppression of the address) moves in its own transaction, and the touches
 * per rep and week that recordTouch counts. The coverage view reads these instead of the contacts.
 */
export interface CoverageStore {
  /** Every rep's aggregate (or these reps'), with the instants of `day` (YYYYMMDD, UTC). Reps without one are left out. */
  coverageAggregates(day: string, repIds?: readonly string[]): Promise<RepCoverageAggregate[]>;
  /** Touches per rep, week and channel, as recordTouch counted them for the coverage view. */
  repWeeklyTouchCounts(weeks: readonly string[]): Promise<WeeklyTouchCount[]>;
  /** A recount's result: replaces the reps' aggregates (summary and day items) and these weekly counts. */
  replaceCoverage(states: readonly RepCoverageState[], weekly: readonly WeeklyTouchCount[]): Promise<void>;
  /** Records under which hashed address these contacts are found, so a suppression of it finds them (a recount). */
  noteContactAddresses(contacts: readonly Contact[]): Promise<void>;
}

export interface DraftQuery {
  status?: DraftStatus;
  /** Only drafts of this kind (the status index is keyed by it: the letter export reads no emails). */
  kind?: DraftKind;
  campaignId?: string;
  repId?: string;
  runId?: string;
  /**
   * One status only: the drafts in send order, the order the sender's batch and the sweep take them: by run (a
   * campaign's oldest slot first), then by contact id. Without it pages come in no promised order.
   */
  inSendOrder?: boolean;
  cursor?: string;
  limit?: number;
}

/**
 * A conditional change of one draft. `kind`: the draft's kind, which callers that read the draft pass along when they
 * change its status; the status index is keyed by it (the DynamoDB ledger reads the draft first without it), and a
 * kind that is not the draft's fails the condition.
 */
export interface DraftChange {
  expectedVersion?: number;
  fromStatuses?: readonly DraftStatus[];
  kind?: DraftKind;
  set: Partial<Omit<Draft, 'id' | 'contactId' | 'version' | 'kind'>>;
}

export interface DraftStore {
  getDraft(id: string): Promise<Draft | undefined>;
  getDrafts(ids: readonly string[]): Promise<Draft[]>;
  /** Writes new drafts in batches (BatchWriteItem, UnprocessedItems retried). Same ids overwrite: callers skip existing ones. */
  putDrafts(drafts: readonly Draft[]): Promise<void>;
  /** Open drafts (see OPEN_DRAFT_STATUSES) of a rep, and closed drafts of the given run. */
  listOpenDraftContactIds(repId: string, runId: string): Promise<Set<string>>;
  listDrafts(query: DraftQuery): Promise<Page<Draft>>;
  /**
   * The drafts of one run that a rep's contacts have open (GSI1, the rep's own key), page by page: what a digest
   * shows, read without touching the rest of the run. `closed`: the run's closed drafts of the rep instead (sent,
   * rejected, expired ...), for a run's status.
   */
  listRunDraftsOfRep(repId: string, runId: string, opts?: { cursor?: string; limit?: number; closed?: boolean }): Promise<Page<Draft>>;
  /** The latest run of the campaign that holds a draft of the rep, open or closed (GSI1, newest first); undefined when none. */
  latestRunIdOfRep(repId: string, campaignId: string): Promise<string | undefined>;
  /**
   * Conditional update: applies `set` only when the draft is at `expectedVersion` (and, when given, in one of
   * `fromStatuses`). Bumps the version. Throws DraftConflict when the condition fails.
   */
  updateDraft(id: string, change: DraftChange): Promise<Draft>;
  /**
   * updateDraft and, in the same transaction, replaces the draft's contact (only at `contact.expectedVersion`): a
   * rejection and the snooze it sets (core/approval/reject-draft.ts) are written together or not at all. Throws
   * DraftConflict when the draft's condition fails, VersionConflict when the contact changed meanwhile (read it again).
   */
  updateDraftReplacingContact(
    id: string,
    change: DraftChange,
    contact: { contact: Contact; expectedVersion: number },
  ): Promise<{ draft: Draft; contact: Contact }>;
  deleteDraft(id: string): Promise<void>;
  /** Every draft of one contact, any status (access pattern 12, the contact's partition). */
  listDraftsOfContact(contactId: string): Promise<Draft[]>;
}

export interface SuppressionStore {
  /**
   * Idempotent: suppressing twice keeps the first record. Returns true when it was new.
   * One exception: an 'erased' tombstone replaces a record of any other reason (and returns true), because
   * only an 'erased' record makes a later import refuse the address (functions/core/gdpr/erased-reason.ts).
   */
  suppress(s: Suppression): Promise<boolean>;
  getSuppression(emailHash: string): Promise<Suppression | undefined>;
  /** Which of these hashes are suppressed (batched). */
  suppressedAmong(emailHashes: readonly string[]): Promise<Set<string>>;
  /**
   * Every suppressed hash when the list holds at most `atMost` (read as a list: far fewer requests and read units
   * than a look-up per address); undefined when it holds more, so the caller looks addresses up instead.
   */
  suppressedHashesUpTo(atMost: number): Promise<Set<string> | undefined>;
  listSuppressions(): Promise<Suppression[]>;
}

export interface TokenStore {
  putToken(token: TokenRecord): Promise<void>;
  /**
   * Stores fresh tokens in batches (BatchWriteItem: no condition). Only for records with a new random token (256
   * bits: a hash that exists already cannot come up); markers and anything else that must be created once use putToken.
   */
  putTokens(tokens: readonly TokenRecord[]): Promise<void>;
  getToken(hash: string): Promise<TokenRecord | undefined>;
  /** Marks the token used, only if unused. Returns false when someone else used it first. */
  useToken(hash: string, at: string): Promise<boolean>;
  /**
   * Removes these draft ids from every token of these reps that names them (a token left naming none is deleted):
   * after an erasure no link record keeps the contact's id. Returns how many tokens changed.
   */
  forgetDraftsInTokens(repIds: readonly string[], draftIds: readonly string[]): Promise<number>;
}

export interface SettingsStore {
  isPaused(): Promise<boolean>;
  setPaused(paused: boolean, by: string, at: string): Promise<void>;
}

/**
 * A scheduled slot some reps did not run in: it fell on a public holiday where they work, so their part of the run
 * moves to their next business day (functions/core/calendar/holiday-runs.ts). The daily shifted-run schedule reads
 * it on that day and plans those reps under the slot's own run id.
 */
export interface DeferredRun {
  campaignId: string;
  /** The slot's time (ISO): the run id and the drafts belong to it. */
  runAt: string;
  /** Each deferred rep and the day (YYYY-MM-DD, campaign time zone) it runs on instead. */
  reps: Array<{ repId: string; on: string }>;
}

export interface DeferralStore {
  /** Writes the slot's deferrals; writing the same slot again replaces them (a retried slot defers the same reps). */
  putDeferredRun(run: DeferredRun): Promise<void>;
  /** The campaign's deferred slots of the last weeks (kept 30 days), oldest first. */
  listDeferredRuns(campaignId: string): Promise<DeferredRun[]>;
}

export interface AuditEntry {
  at: string;
  action: string;
  actor: string;
  /** Subject reference; for erased contacts only a hash. */
  subject: string;
  detail?: Record<string, string | number | boolean>;
}
export interface AuditStore {
  audit(entry: AuditEntry): Promise<void>;
  listAudit(month: string): Promise<AuditEntry[]>;
}

/**
 * What a customer's mail told the rep, kept for the rep's next digest ("replied since your last digest", "away
 * until ..."): one entry per inbound mail and contact, in the contact's partition (an erasure takes it along). It is
 * also the inbound path's idempotency record: a second delivery of the same mail finds the entry.
 */
export interface InboxEntry {
  /** SHA-256 (hex) of the mail's Message-ID. */
  mailHash: string;
  contactId: string;
  /** The rep whose digest shows it (the contact's rep when the mail came). */
  repId: string;
  kind: 'reply' | 'away';
  /** When the mail came; the reply's touch is recorded at this time. */
  at: string;
  /** The draft whose Reply-To the mail was sent to. */
  draftId: string;
  /** reply: the first lines of what the customer wrote, plain text. */
  excerpt?: string;
  /** away: the day presence writes again (the snooze's end). */
  until?: string;
  /** When the reply was forwarded to the rep. */
  forwardedAt?: string;
  /** When a digest showed it; unshown entries are listed per rep. */
  shownAt?: string;
}

export interface InboxStore {
  /** Creates the entry; false (and nothing written) when the entry of this mail and contact exists already. */
  addInboxEntry(entry: InboxEntry): Promise<boolean>;
  getInboxEntry(contactId: string, mailHash: string): Promise<InboxEntry | undefined>;
  markInboxForwarded(contactId: string, mailHash: string, at: string): Promise<void>;
  /** The rep's entries no digest has shown yet, oldest first (at most `limit`). */
  listUnshownInbox(repId: string, limit?: number): Promise<InboxEntry[]>;
  markInboxShown(entries: ReadonlyArray<{ contactId: string; mailHash: string }>, at: string): Promise<void>;
  /** Every entry of one contact (the contact's partition): for a GDPR export. */
  listInboxOfContact(contactId: string): Promise<InboxEntry[]>;
}

/** The contact ledger: one DynamoDB table in the cloud and locally. */
export interface Ledger extends ContactStore, RepStore, TouchStore, DraftStore, SuppressionStore, TokenStore, SettingsStore, AuditStore, InboxStore, DeferralStore, CoverageStore {}

export interface OutgoingMail {
  from: string;
  to: string[];
  replyTo?: string[];
  subject: string;
  html?: string;
  text: string;
  /** Extra headers (List-Unsubscribe ...). Values are checked for CR/LF before sending. */
  headers?: Array<{ name: string; value: string }>;
  configurationSet?: string;
  tags?: Record<string, string>;
}

export interface SendQuota {
  maxSendRate: number;
  max24HourSend: number;
  sentLast24Hours: number;
}

export interface Mailer {
  /** Returns the provider message id. Throws MailerError with `retryable` telling throttling from rejection. */
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
  quota(): Promise<SendQuota>;
}

export interface LetterFile {
  name: string;
  contentType: string;
}
/** Where exported letter batches go: a folder locally, S3 in the cloud. */
export interface LetterSink {
  /** A writable destination for one file of a batch; resolves with where it landed when closed. */
  open(batchId: string, file: LetterFile): Promise<{ stream: NodeJS.WritableStream; done: () => Promise<string> }>;
}

/**
 * Where an approved draft goes next. AWS: a message on the send queue; locally: the sender runs in-process.
 * Implemented by the sending side; the approval side only calls it.
 */
export interface ApprovalSink {
  onApproved(draftIds: readonly string[]): Promise<void>;
}

/**
 * Public holidays per region (functions/core/calendar/). A region is a country (`DE`), an ISO 3166-2 subdivision
 * (`DE-BY`) or that with a sub-region of the holiday library (`DE-BY-A`, Augsburg). Locally and in the CLI the
 * library answers (adapters/calendar/library-holidays.ts); in Lambda a table the library wrote when the function was
 * bundled (adapters/calendar/holiday-table.ts), so no function carries the library's data for every country.
 */
export interface HolidayCalendar {
  /** Whether `day` (YYYY-MM-DD) is a public holiday in the region. */
  isPublicHoliday(day: string, region: string): boolean;
}

export interface Clock {
  now(): Date;
}

export interface Secrets {
  /** The key that signs form nonces and manager links; at least 32 bytes. */
  signingKey(): Promise<Buffer>;
}

export interface Logger {
  debug(message: string, data?: Record<string, unknown>): void;
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}

export const systemClock: Clock = { now: () => new Date() };

export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};
