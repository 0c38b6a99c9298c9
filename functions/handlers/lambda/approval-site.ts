// Lambda entry of approval-site: builds what every request uses, its table client, secret reader and logger, at
// INIT, before the first event (cloud-runtime.ts says why). The SES client (the "new link" mail) and the SQS client
// (approving) serve rarer requests and are built by the first request that needs them.
import { cloudLogger } from '../cloud-runtime';
import { cloudLedger } from '../cloud/ledger';
import { cloudSecrets } from '../cloud/secrets';

cloudLedger();
cloudSecrets();
cloudLogger();

export { handler } from '../approval-site';
