// Lambda entry of sweep-claims: its ports from the AWS composition root (built at INIT), its handler factory.
import { clock, ledger, logger, mailer, sendQueue } from '../aws/compose';
import { createSweepClaimsHandler } from '../sweep-claims';

export const handler = createSweepClaimsHandler({ ledger, mailer, clock, logger, sink: sendQueue });
