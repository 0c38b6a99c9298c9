// The sending side of the cloud composition root: the shared runtime from cloud-runtime.ts, plus what only the
// sending functions need: the send queue (SQS) and the rate limiter. Built once per container.
//
// SEND_CONCURRENCY (optional, default 1): how many send-approved containers may run at once (the function's
// reserved concurrency). Each container's limiter gets that share of the account's send rate, so that together
// they stay under it.
import { SQSClient } from '@aws-sdk/client-sqs';
import { SqsApprovalSink } from '../adapters/sqs/sqs-approval-sink';
import { createSendLimiter } from '../core/sending/send-limiter';
import type { SendingDeps } from '../core/sending/send-draft';
import { cloudRuntime, requireEnv } from './cloud-runtime';

let sink: SqsApprovalSink | undefined;

/** The ApprovalSink of the cloud: the approval site and the sweeper put approved draft ids on the send queue. */
export function sendQueueSink(): SqsApprovalSink {
  sink ??= new SqsApprovalSink(new SQSClient({}), requireEnv('SEND_QUEUE_URL'));
  return sink;
}

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
