// The sending Lambdas wired to memory adapters: SQS partial batch failures, SES events, the sweeper.
import type { Context, SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { throttled } from '../../functions/adapters/memory/memory-mailer';
import { MailerError } from '../../functions/core/errors';
import { hashEmail } from '../../functions/core/ids';
import { createSendApprovedHandler, sendQueueBatch } from '../../functions/handlers/send-approved';
import { createSesEventsHandler } from '../../functions/handlers/ses-events';
import { createSweepClaimsHandler } from '../../functions/handlers/sweep-claims';
import { aWorld } from '../core/sending/sending-fixtures';
import { bounceEvent, complaintEvent } from '../core/sending/suppression.test-events';

const context = (remainingMs: number | (() => number) = 300_000) =>
  ({ getRemainingTimeInMillis: typeof remainingMs === 'number' ? () => remainingMs : remainingMs }) as unknown as Context;
const record = (messageId: string, body: unknown): SQSRecord =>
  ({ messageId, body: typeof body === 'string' ? body : JSON.stringify(body), receiptHandle: 'r', attributes: {}, messageAttributes: {}, md5OfBody: '', eventSource: 'aws:sqs', eventSourceARN: 'arn', awsRegion: 'eu-central-1' }) as SQSRecord;

describe('send-approved handler', () => {
  it('sends each draft once, even when its message arrives twice in a batch, and reports no failures', async () => {
    const w = await aWorld();
    const a = await w.approvedDraft('c-1');
    const b = await w.approvedDraft('c-2');
    const handler = createSendApprovedHandler(async () => w.deps);
    const out = await handler({ Records: [record('m1', { draftId: a.id }), record('m2', { draftId: b.id }), record('m3', { draftId: a.id })] }, context());
    expect(out).toEqual({ batchItemFailures: [] });
    expect(w.mailer.sent).toHaveLength(2);
    // a Lambda retry of the same batch sends nothing more
    await handler({ Records: [record('m1', { draftId: a.id })] }, context());
    expect(w.mailer.sent).toHaveLength(2);
  });

  it('retries a message that came before the approval grace period ended, sending nothing yet', async () => {
    const w = await aWorld({ approvalGraceSeconds: 120 });
    const early = await w.approvedDraft('c-1', { decision: { action: 'approved', by: 'rep:rep-1', at: '2026-11-27T09:00:00.000Z', version: 1 } });
    const first = await sendQueueBatch(w.deps, [record('m1', { draftId: early.id })], () => 300_000);
    expect(first).toEqual({ batchItemFailures: [{ itemIdentifier: 'm1' }] });
    expect(w.mailer.sent).toHaveLength(0);
    w.clock.advance(120_000);
    expect(await sendQueueBatch(w.deps, [record('m1', { draftId: early.id })], () => 300_000)).toEqual({ batchItemFailures: [] });
    expect(w.mailer.sent).toHaveLength(1);
  });

  it('reports only what is worth another delivery, and consumes unreadable messages', async () => {
    const w = await aWorld();
    const ok = await w.approvedDraft('c-1');
    const busy = await w.approvedDraft('c-2');
    w.deps.retry = { ...w.deps.retry, maxAttempts: 2 };
    // first draft goes through, the second is throttled past its retries
    const realSend = w.mailer.send.bind(w.mailer);
    w.mailer.send = async (mail) => {
      if (mail.to[0] === 'c-2@customer.example') throw throttled();
      return realSend(mail);
    };
    const handler = createSendApprovedHandler(async () => w.deps);
    const out = await handler(
      { Records: [record('m1', { draftId: ok.id }), record('m2', { draftId: busy.id }), record('m3', 'garbage'), record('m4', { draftId: busy.id })] },
      { ...context() } as Context,
    );
    expect(out.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['m2', 'm4']);
    expect((await w.ledger.getDraft(busy.id))!.status).toBe('approved');
    expect(w.logs.some((l) => l.message.includes('unreadable message'))).toBe(true);
  });

  it('consumes messages held back by the daily quota (the sweep queues them again) but retries those cut off by time', async () => {
    const w = await aWorld();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await w.approvedDraft(`c-${i}`)).id);
    // once the quota is used up, every request in flight hears the same
    for (let i = 0; i < 3; i++) w.mailer.failNext.push(new MailerError('Daily message quota exceeded.', 'daily_quota'));
    const handler = createSendApprovedHandler(async () => ({ ...w.deps }));
    const quota = await handler({ Records: ids.map((id, i) => record(`m${i}`, { draftId: id })) }, context());
    expect(quota.batchItemFailures).toEqual([]);
    expect(w.mailer.sent).toHaveLength(0);
    for (const id of ids) expect((await w.ledger.getDraft(id))!.status).toBe('approved');

    // 60 s at the start, then only 5 s left: under the 20 s reserve, nothing more is claimed
    let calls = 0;
    const late = await sendQueueBatch(w.deps, ids.map((id, i) => record(`m${i}`, { draftId: id })), () => (calls++ === 0 ? 60_000 : 5_000));
    expect(late.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['m0', 'm1', 'm2']);
    expect(w.mailer.sent).toHaveLength(0);

    // a short Lambda timeout keeps a third of it in reserve, and still sends
    const short = await handler({ Records: ids.map((id, i) => record(`m${i}`, { draftId: id })) }, context(9_000));
    expect(short.batchItemFailures).toEqual([]);
    expect(w.mailer.sent).toHaveLength(3);
  });
});

describe('ses-events handler', () => {
  it('suppresses permanent bounces and complaints once', async () => {
    const w = await aWorld();
    const handler = createSesEventsHandler(w.deps);
    expect(await handler(bounceEvent('x@example.com') as never, context())).toMatchObject({ kind: 'bounce', suppressed: 1 });
    expect(await handler(bounceEvent('x@example.com') as never, context())).toMatchObject({ kind: 'bounce', suppressed: 0, already: 1 });
    expect(await handler(complaintEvent('y@example.com') as never, context())).toMatchObject({ kind: 'complaint', suppressed: 1 });
    expect((await w.ledger.listSuppressions()).map((s) => s.emailHash).sort()).toEqual([hashEmail('x@example.com'), hashEmail('y@example.com')].sort());
  });
});

describe('sweep-claims handler', () => {
  it('flags stale claims and queues drafts that waited, with thresholds from the schedule', async () => {
    const w = await aWorld();
    await w.approvedDraft('c-1', { status: 'sending', claimedAt: '2026-11-27T08:40:00.000Z' });
    const waiting = await w.approvedDraft('c-2', { updatedAt: '2026-11-27T08:00:00.000Z' });
    const queued: string[] = [];
    const handler = createSweepClaimsHandler({ ...w.deps, sink: { onApproved: async (ids) => void queued.push(...ids) } });
    expect(await handler({ olderThanMinutes: 30 }, context())).toEqual({ flagged: 0, active: 1, requeued: 1 });
    expect(await handler({ olderThanMinutes: 10 }, context())).toMatchObject({ flagged: 1, active: 0 });
    expect(queued).toEqual([waiting.id, waiting.id]);
  });
});
