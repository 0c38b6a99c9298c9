// Lambda entry of export-letters: builds its table and S3 clients and logger at INIT, before the first event (cloud-runtime.ts says why).
import { cloudLogger } from '../cloud-runtime';
import { cloudLedger } from '../cloud/ledger';
import { cloudLetterSink } from '../cloud/letter-sink';

cloudLedger();
cloudLetterSink();
cloudLogger();

export { handler } from '../export-letters';
