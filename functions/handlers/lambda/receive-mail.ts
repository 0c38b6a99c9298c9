// Lambda entry of receive-mail: its ports from the AWS composition root (built at INIT), its handler factory.
import { clock, config, inboundMail, ledger, logger, mailer, secrets } from '../aws/compose';
import { createReceiveMailHandler } from '../receive-mail';

export const handler = createReceiveMailHandler({ ledger, mailer, secrets, clock, logger, config, rawMail: inboundMail });
