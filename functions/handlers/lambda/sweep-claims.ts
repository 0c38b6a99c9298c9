// Lambda entry of sweep-claims: builds its table and queue clients and logger at INIT, before the first event (cloud-runtime.ts says why).
import { cloudLogger } from '../cloud-runtime';
import { cloudLedger } from '../cloud/ledger';
import { cloudApprovalSink } from '../cloud/send-queue';

cloudLedger();
cloudApprovalSink();
cloudLogger();

export { handler } from '../sweep-claims';
