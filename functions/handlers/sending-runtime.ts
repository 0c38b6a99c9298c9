// The sending side of the cloud composition root: the shared runtime from cloud-runtime.ts plus the rate limiter,
// which only the send queue's consumer needs. Built once per container. (The send queue itself, the cloud's
// ApprovalSink, is cloud-runtime.ts's cloudApprovalSink.)
//
// SEND_CONCURRENCY (optional, default 1): how many send-approved containers may run at once (the function's
// reserved concurrency). Each container's limiter gets that share of the account's send rate, so that together
// they stay under it.
import { createSendLimiter } from '../core/sending/send-limiter';
import type { SendingDeps } from '../core/sending/send-draft';
import { cloudRuntime } from './cloud-runtime';

let deps: Promise<SendingDeps> | undefined;

export function cloudSendingDeps(env: NodeJS.ProcessEnv = process.env): Promise<SendingDeps> {
  deps ??= (async () => {
    const runtime = cloudRuntime();
    const share = Math.max(1, Number(env.SEND_CONCURRENCY ?? 1) || 1);
    const limiter = await createSendLimiter(runtime, { share });
    runtime.logger.info('send rate', { perContainer: limiter.ratePerSecond, share });
    return { ledger: runtime.ledger, mailer: runtime.mailer, secrets: runtime.secrets, clock: runtime.clock, logger: runtime.logger, config: runtime.config, limiter };
  })().catch((error: unknown) => {
    deps = undefined; // a failed cold start is tried again on the next invocation
    throw error;
  });
  return deps;
}
