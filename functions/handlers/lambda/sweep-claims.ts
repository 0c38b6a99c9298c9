// Lambda entry of sweep-claims: its ports from the AWS composition root (built at INIT), its handler factory.
import { clock, ledger, logger, sendQueue } from '../aws/compose';
import { createSweepClaimsHandler } from '../sweep-claims';

export const handler = createSweepClaimsHandler({ ledger, clock, logger, sink: sendQueue });
