// The cloud's ApprovalSink: one `{ draftId }` message per approved draft on the send queue, whose consumer
// (handlers/send-approved.ts) sends at the account's rate. Duplicate messages are harmless (the sender's claim
// decides), so a standard queue is enough and a failed batch entry is simply sent again.
import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, type SQSClient } from '@aws-sdk/client-sqs';
import type { ApprovalSink } from '../../core/ports';

const BATCH = 10; // SQS's maximum entries per SendMessageBatch

export interface SendQueueMessage {
  draftId: string;
}

/** SQS delays a message by at most 15 minutes; a longer grace is kept by the sender (it leaves the draft for later). */
export const MAX_DELAY_SECONDS = 900;

export interface SqsApprovalSinkOptions {
  /** Tries per batch before the sink gives up (the sweep queues the drafts again). Default 3. */
  attempts?: number;
  /**
   * Each message's DelaySeconds: the approval grace period (config.approvalGraceSeconds), so the consumer first sees
   * a draft when the rep can no longer take its approval back. Capped at SQS's 900. Default 0.
   */
  delaySeconds?: number;
}

export class SqsApprovalSink implements ApprovalSink {
  private readonly attempts: number;
  private readonly delaySeconds: number;

  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
    opts: SqsApprovalSinkOptions = {},
  ) {
    this.attempts = opts.attempts ?? 3;
    const delay = Math.ceil(opts.delaySeconds ?? 0);
    this.delaySeconds = Number.isFinite(delay) ? Math.min(MAX_DELAY_SECONDS, Math.max(0, delay)) : 0;
  }

  async onApproved(draftIds: readonly string[]): Promise<void> {
    const ids = [...new Set(draftIds)];
    for (let i = 0; i < ids.length; i += BATCH) {
      // entry ids only need to be unique within one request; the index keeps them short and valid
      let entries: SendMessageBatchRequestEntry[] = ids
        .slice(i, i + BATCH)
        .map((draftId, j) => ({
          Id: String(j),
          MessageBody: JSON.stringify({ draftId } satisfies SendQueueMessage),
          ...(this.delaySeconds > 0 ? { DelaySeconds: this.delaySeconds } : {}),
        }));
      for (let attempt = 1; entries.length; attempt++) {
        const out = await this.client.send(new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: entries }));
        const failed = new Set((out.Failed ?? []).map((f) => f.Id));
        entries = entries.filter((e) => failed.has(e.Id));
        if (entries.length && attempt >= this.attempts) {
          // the drafts stay approved; the scheduled sweep queues them again
          throw new Error(`send queue refused ${entries.length} message(s): ${(out.Failed ?? []).map((f) => f.Code).join(', ')}`);
        }
      }
    }
  }
}

/** Parses one queue message body; undefined for anything that is not ours. */
export function parseSendQueueMessage(body: string): SendQueueMessage | undefined {
  try {
    const parsed = JSON.parse(body) as unknown;
    if (parsed && typeof parsed === 'object' && typeof (parsed as SendQueueMessage).draftId === 'string') {
      const draftId = (parsed as SendQueueMessage).draftId;
      if (draftId.length > 0 && draftId.length <= 200) return { draftId };
    }
  } catch {
    // not JSON
  }
  return undefined;
}
