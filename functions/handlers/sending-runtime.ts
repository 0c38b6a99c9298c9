// The send queue consumer's ports: the table, SES, the signing key (unsubscribe links) and the rate limiter.
// Built once per container.
//
// SEND_CONCURRENCY (optional, default 1): how many send-approved containers may run at once (the function's
// reserved concurrency). Each container's limiter gets that share of the account's send rate, so that together
// they stay under it.
import { createSendLimiter } from '../core/sending/send-limiter';
import type { SendingDeps } from '../core/sending/send-draft';
import { cloudConfig, cloudLogger, systemClock } from './cloud-runtime';
import { cloudLedger } from './cloud/ledger';
import { cloudMailer } from './cloud/mailer';
import { cloudSecrets } from './cloud/secrets';

let deps: Promise<SendingDeps> | undefined;

export function cloudSendingDeps(env: NodeJS.ProcessEnv = process.env): Promise<SendingDeps> {
  deps ??= (async () => {
    const runtime = { ledger: cloudLedger(), mailer: cloudMailer(), secrets: cloudSecrets(), clock: systemClock, logger: cloudLogger(), config: cloudConfig(env) };
    const share = Math.max(1, Number(env.SEND_CONCURRENCY ?? 1) || 1);
    const limiter = await createSendLimiter(runtime, { share });
    runtime.logger.info('send rate', { perContainer: limiter.ratePerSecond, share });
    return { ...runtime, limiter };
  })().catch((error: unknown) => {
    deps = undefined; // a failed cold start is tried again on the next invocation
    throw error;
  });
  return deps;
}
