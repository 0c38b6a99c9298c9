// Lambda entry of ses-events: builds its table client and logger at INIT, before the first event (cloud-runtime.ts says why).
import { cloudLogger } from '../cloud-runtime';
import { cloudLedger } from '../cloud/ledger';

cloudLedger();
cloudLogger();

export { handler } from '../ses-events';
