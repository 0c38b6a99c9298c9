// Lambda entry of unsubscribe: its ports from the AWS composition root (built at INIT), its handler factory.
import { clock, ledger, logger, secrets } from '../aws/compose';
import { createUnsubscribeHandler } from '../unsubscribe';

export const handler = createUnsubscribeHandler({ ledger, secrets, clock, logger });
