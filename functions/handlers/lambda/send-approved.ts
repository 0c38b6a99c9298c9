// Lambda entry of send-approved: builds its table and SES clients, secret reader and logger at INIT, before the first event (cloud-runtime.ts says why).
import { cloudLogger } from '../cloud-runtime';
import { cloudLedger } from '../cloud/ledger';
import { cloudMailer } from '../cloud/mailer';
import { cloudSecrets } from '../cloud/secrets';

cloudLedger();
cloudMailer();
cloudSecrets();
cloudLogger();

export { handler } from '../send-approved';
