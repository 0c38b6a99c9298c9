// Lambda entry of approval-site: builds its table, SES and queue clients, secret reader and logger at INIT, before the first event (cloud-runtime.ts says why).
import { cloudLogger } from '../cloud-runtime';
import { cloudLedger } from '../cloud/ledger';
import { cloudMailer } from '../cloud/mailer';
import { cloudSecrets } from '../cloud/secrets';
import { cloudApprovalSink } from '../cloud/send-queue';

cloudLedger();
cloudMailer();
cloudSecrets();
cloudApprovalSink();
cloudLogger();

export { handler } from '../approval-site';
