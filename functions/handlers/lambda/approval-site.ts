// Lambda entry of approval-site (the pages and the dashboard): its ports from the AWS composition root, built at
// INIT; the send queue's client is built by the first approval (approving is rarer than reading), and the "new
// link" mail is renew-link's, so this function has no SES client.
import { assetsDir, clock, config, ledger, logger, secrets, sendQueueWhenApproved } from '../aws/compose';
import { createPagesHandler } from '../approval-site';

export const handler = createPagesHandler({ ledger, secrets, clock, logger, config, approvalSink: sendQueueWhenApproved }, assetsDir);
