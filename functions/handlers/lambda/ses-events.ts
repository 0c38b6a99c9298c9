// Lambda entry of ses-events: its ports from the AWS composition root (built at INIT), its handler factory.
import { clock, ledger, logger } from '../aws/compose';
import { createSesEventsHandler } from '../ses-events';

export const handler = createSesEventsHandler({ ledger, clock, logger });
