// Lambda entry of unsubscribe: builds its table client, secret reader and logger at INIT, before the first event (cloud-runtime.ts says why).
import { cloudLogger } from '../cloud-runtime';
import { cloudLedger } from '../cloud/ledger';
import { cloudSecrets } from '../cloud/secrets';

cloudLedger();
cloudSecrets();
cloudLogger();

export { handler } from '../unsubscribe';
