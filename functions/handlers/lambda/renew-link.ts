// Lambda entry of renew-link: builds its table and SES clients and logger at INIT, before the first event (cloud-runtime.ts says why).
import { cloudLogger } from '../cloud-runtime';
import { cloudLedger } from '../cloud/ledger';
import { cloudMailer } from '../cloud/mailer';

cloudLedger();
cloudMailer();
cloudLogger();

export { handler } from '../renew-link';
