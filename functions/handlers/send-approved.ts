// Handler of the send queue: a batch of `{ draftId }` messages -> sendApproved -> partial batch failures.
// Only messages worth another delivery are reported as failures (nothing was sent and the cause may pass:
// throttled too long, an error before sending, not reached before the timeout). Drafts held back by a pause,
// the daily quota or a blocked account stay approved; the scheduled sweep queues them again later, so their
// messages are consumed here instead of cycling into the dead-letter queue.
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { parseSendQueueMessage } from '../adapters/sqs/sqs-approval-sink';
import { sendApproved } from '../core/sending/send-approved';
import { createSendLimiter } from '../core/sending/send-limiter';
import type { SendBatchDeps } from '../core/sending/send-approved';
import { worthRetrying } from '../core/sending/send-draft';

/**
 * Stop claiming new drafts when less time than this is left: a claim cut off by the timeout gets flagged.
 * At most a third of the invocation's time, so a short timeout still leaves room to send.
 */
const TIME_RESERVE_MS = 20_000;

export async function sendQueueBatch(deps: SendBatchDeps, records: readonly SQSRecord[], remainingMs: () => number): Promise<SQSBatchResponse> {
  const byDraft = new Map<string, string[]>();
  for (const record of records) {
    const message = parseSendQueueMessage(record.body);
    if (!message) {
      // not ours and never will be: consuming it is the only way to stop it coming back
      deps.logger.error('send queue: unreadable message dropped', { messageId: record.messageId });
      continue;
    }
    byDraft.set(message.draftId, [...(byDraft.get(message.draftId) ?? []), record.messageId]);
  }
  const reserve = Math.min(TIME_RESERVE_MS, remainingMs() / 3);
  const summary = await sendApproved(deps, {
    draftIds: [...byDraft.keys()],
    checkDailyQuota: false, // the provider's answer stops the batch; asking first would cost a call per batch
    shouldStop: () => remainingMs() < reserve,
  });
  const retry = new Set(summary.outcomes.filter(worthRetrying).map((o) => o.draftId));
  if (summary.stoppedBy === 'time') for (const id of summary.notAttempted) retry.add(id);
  deps.logger.info('send queue batch', {
    messages: records.length,
    sent: summary.sent,
    failed: summary.failed,
    skipped: summary.skipped,
    queued: summary.queued,
    possiblySent: summary.possiblySent,
    unrecorded: summary.unrecorded,
    retry: retry.size,
    ...(summary.stoppedBy ? { stoppedBy: summary.stoppedBy } : {}),
  });
  return { batchItemFailures: [...retry].flatMap((id) => (byDraft.get(id) ?? []).map((itemIdentifier) => ({ itemIdentifier }))) };
}

export function createSendApprovedHandler(getDeps: () => Promise<SendBatchDeps>) {
  return middy<SQSEvent, SQSBatchResponse>().handler(async (event, context: Context) =>
    sendQueueBatch(await getDeps(), event.Records, () => context.getRemainingTimeInMillis?.() ?? Number.POSITIVE_INFINITY),
  );
}

/**
 * The ports of the deployed consumer plus its rate limiter, made on the first batch (it asks SES for the account's
 * rate) and kept for the container; a failed start is tried again on the next batch.
 *
 * `share` (SEND_CONCURRENCY, default 1): how many send-approved containers may run at once (the function's reserved
 * concurrency). Each container's limiter gets that share of the account's send rate, so that together they stay
 * under it.
 */
export function sendingDepsOnFirstBatch(ports: Omit<SendBatchDeps, 'limiter' | 'retry'>, share: number): () => Promise<SendBatchDeps> {
  let deps: Promise<SendBatchDeps> | undefined;
  return () =>
    (deps ??= (async () => {
      const limiter = await createSendLimiter(ports, { share: Math.max(1, share || 1) });
      ports.logger.info('send rate', { perContainer: limiter.ratePerSecond, share });
      return { ...ports, limiter };
    })().catch((error: unknown) => {
      deps = undefined;
      throw error;
    }));
}
