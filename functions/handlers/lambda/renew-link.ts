// Lambda entry of renew-link (POST /renew, the "send me a new link" form): its ports from the AWS composition root,
// built at INIT. It alone of the site holds the SES client and the permission to mail.
import { assetsDir, clock, config, linkMailLedger, logger, mailer } from '../aws/compose';
import { createRenewLinkHandler } from '../renew-link';

export const handler = createRenewLinkHandler({ ledger: linkMailLedger, mailer, clock, logger, config }, assetsDir);
