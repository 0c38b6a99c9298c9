// Lambda entry of approval-site: builds what every request uses, its table client, secret reader and logger, at
// INIT, before the first event (cloud-runtime.ts says why). The SQS client serves a rarer request (approving) and is
// built by the first approval; the "new link" mail is renew-link's, so this function has no SES client.
import { cloudLogger } from '../cloud-runtime';
import { cloudLedger } from '../cloud/ledger';
import { cloudSecrets } from '../cloud/secrets';

cloudLedger();
cloudSecrets();
cloudLogger();

export { handler } from '../approval-site';
