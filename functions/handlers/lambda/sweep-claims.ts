// Lambda entry of sweep-claims: its ports from the AWS composition root (built at INIT), its handler factory.
import { clock, logger, mailer, sendQueue, sweepLedger } from '../aws/compose';
import { createSweepClaimsHandler } from '../sweep-claims';

export const handler = createSweepClaimsHandler({ ledger: sweepLedger, mailer, clock, logger, sink: sendQueue });
