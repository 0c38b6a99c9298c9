// The ports the approval use cases work with. Views get a read-only slice of the ledger, so "GET changes
// nothing" is checked by the compiler, not only by tests.
import type { PresenceConfig } from '../config';
import type { ApprovalSink, Clock, Ledger, Logger, Secrets } from '../ports';

/** What the views read: links, drafts, reps, contacts, and the suppressions that show a contact's opt-out state. */
export type ReadOnlyLedger = Pick<Ledger, 'getToken' | 'getDraft' | 'getDrafts' | 'getRep' | 'getContact' | 'getContacts' | 'getSuppression' | 'suppressedAmong'>;

export interface ViewDeps {
  ledger: ReadOnlyLedger;
  clock: Clock;
  secrets: Secrets;
  /** The grace period: a page offers to take an approval back while it lasts; the sender's country for a letter's address. */
  config: Pick<PresenceConfig, 'approvalGraceSeconds' | 'homeCountry'>;
}

/**
 * What deciding through a link reads and writes: the link, the draft (and its contact's rep), the touch of a task,
 * and the contact a rejection snoozes.
 */
export type DecideLedger = Pick<
  Ledger,
  'getToken' | 'useToken' | 'getDraft' | 'getDrafts' | 'getContact' | 'getRep' | 'updateDraft' | 'updateDraftReplacingContact' | 'recordTouch'
>;

export interface DecideDeps {
  ledger: DecideLedger;
  clock: Clock;
  secrets: Secrets;
  logger: Logger;
  approvalSink: ApprovalSink;
}
