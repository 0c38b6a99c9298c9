// The ports the approval use cases work with. Views get a read-only slice of the ledger, so "GET changes
// nothing" is checked by the compiler, not only by tests.
import type { ApprovalSink, Clock, Ledger, Logger, Secrets } from '../ports';

export type ReadOnlyLedger = Pick<Ledger, 'getToken' | 'getDraft' | 'getDrafts' | 'getRep' | 'getContact' | 'getContacts'>;

export interface ViewDeps {
  ledger: ReadOnlyLedger;
  clock: Clock;
  secrets: Secrets;
}

export interface DecideDeps {
  ledger: Ledger;
  clock: Clock;
  secrets: Secrets;
  logger: Logger;
  approvalSink: ApprovalSink;
}
