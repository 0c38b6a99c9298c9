// Lambda entry of send-approved: its ports from the AWS composition root (built at INIT), its handler factory; the
// rate limiter is made by the first batch (it asks SES for the account's rate).
import { clock, config, holidays, ledger, logger, mailer, secrets, sendConcurrency } from '../aws/compose';
import { createSendApprovedHandler, sendingDepsOnFirstBatch } from '../send-approved';

export const handler = createSendApprovedHandler(sendingDepsOnFirstBatch({ ledger, mailer, secrets, clock, logger, config, holidays }, sendConcurrency));
