import { describe, expect, it } from 'vitest';
import { MailerError } from '../../../functions/core/errors';
import { PacedRateLimiter } from '../../../functions/core/sending/rate-limiter';
import { sendApproved } from '../../../functions/core/sending/send-approved';
import { batchReads } from '../../../functions/core/sending/send-draft';
import { aWorld } from './sending-fixtures';
import { fakeTimer, maxInWindow } from './timing';

describe('sendApproved', () => {
  it('stops at the daily quota and leaves the rest queued (approved)', async () => {
    const w = await aWorld();
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await w.approvedDraft(`c-${i}`)).id);
    const realSend = w.mailer.send.bind(w.mailer);
    let calls = 0;
    w.mailer.send = async (mail) => {
      if (++calls === 3) throw new MailerError('Daily message quota exceeded.', 'daily_quota');
      return realSend(mail);
    };

    const summary = await sendApproved(w.deps, { draftIds: ids, concurrency: 1 });

    expect(summary).toMatchObject({ sent: 2, stoppedBy: 'daily_quota', queued: 4 });
    expect(summary.notAttempted).toEqual(ids.slice(3));
    expect(w.mailer.sent).toHaveLength(2);
    const statuses = await Promise.all(ids.map(async (id) => (await w.ledger.getDraft(id))!.status));
    expect(statuses).toEqual(['sent', 'sent', 'approved', 'approved', 'approved', 'approved']);
  });

  it('sends nothing when the provider says today’s quota is used up, and caps the batch at what is left', async () => {
    const w = await aWorld();
    for (let i = 0; i < 4; i++) await w.approvedDraft(`c-${i}`);
    w.mailer.quotaValue = { maxSendRate: 14, max24HourSend: 100, sentLast24Hours: 100 };
    expect(await sendApproved(w.deps)).toMatchObject({ stoppedBy: 'daily_quota', sent: 0 });

    w.mailer.quotaValue = { maxSendRate: 14, max24HourSend: 100, sentLast24Hours: 98 };
    expect((await sendApproved(w.deps)).sent).toBe(2);
    expect(w.mailer.sent).toHaveLength(2);
  });

  it('stops the whole batch when the account cannot send at all, marking nothing failed', async () => {
    const w = await aWorld();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await w.approvedDraft(`c-${i}`)).id);
    w.mailer.failNext.push(new MailerError('Account sending paused', 'blocked'));
    const summary = await sendApproved(w.deps, { draftIds: ids, concurrency: 1 });
    expect(summary).toMatchObject({ stoppedBy: 'blocked', sent: 0, failed: 0, queued: 3 });
    for (const id of ids) expect((await w.ledger.getDraft(id))!.status).toBe('approved');
  });

  it('sends every approved email draft, only email drafts, up to the limit', async () => {
    const w = await aWorld();
    for (let i = 0; i < 5; i++) await w.approvedDraft(`c-${i}`);
    await w.approvedDraft('c-letter', { kind: 'letter', channel: 'letter' });
    await w.approvedDraft('c-pending', { status: 'pending_approval' });

    expect((await sendApproved(w.deps, { limit: 3 })).sent).toBe(3);
    const rest = await sendApproved(w.deps);
    expect(rest).toMatchObject({ sent: 2, attempted: 2 });
    expect(w.mailer.sent).toHaveLength(5);
    expect(w.mailer.sent.map((m) => m.to[0])).not.toContain('c-letter@customer.example');
  });

  it('counts rejected drafts as failed and goes on with the others', async () => {
    const w = await aWorld();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await w.approvedDraft(`c-${i}`)).id);
    w.mailer.failNext.push(new MailerError('MessageRejected', 'rejected'));
    const summary = await sendApproved(w.deps, { draftIds: ids, concurrency: 1 });
    expect(summary).toMatchObject({ sent: 2, failed: 1 });
    expect(summary.stoppedBy).toBeUndefined();
  });

  it('stops claiming when told to (a Lambda running out of time)', async () => {
    const w = await aWorld();
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await w.approvedDraft(`c-${i}`)).id);
    let asked = 0;
    const summary = await sendApproved(w.deps, { draftIds: ids, concurrency: 1, shouldStop: () => ++asked > 2 });
    expect(summary).toMatchObject({ sent: 2, stoppedBy: 'time' });
    expect(summary.notAttempted).toEqual(ids.slice(2));
  });

  it('keeps a batch under the send rate in every one-second window', async () => {
    const w = await aWorld();
    const timer = fakeTimer();
    w.deps.limiter = new PacedRateLimiter(5, timer);
    for (let i = 0; i < 12; i++) await w.approvedDraft(`c-${i}`);
    const at: number[] = [];
    const realSend = w.mailer.send.bind(w.mailer);
    w.mailer.send = async (mail) => {
      at.push(timer.now());
      return realSend(mail);
    };
    const summary = await sendApproved(w.deps, { concurrency: 4 });
    expect(summary.sent).toBe(12);
    expect(maxInWindow(at, 1000)).toBeLessThanOrEqual(5);
    // 12 sends at 5/s: the last one leaves after about 11 intervals of 200 ms
    expect(at[at.length - 1]! - at[0]!).toBeGreaterThanOrEqual(2200);
    expect(at[at.length - 1]! - at[0]!).toBeLessThan(2400);
  });
});

describe('batchReads', () => {
  it('reads each rep once per batch and the pause switch at most once per second', async () => {
    const w = await aWorld();
    let repReads = 0;
    let pauseReads = 0;
    const getRep = w.ledger.getRep.bind(w.ledger);
    const isPaused = w.ledger.isPaused.bind(w.ledger);
    w.ledger.getRep = async (id) => (repReads++, getRep(id));
    w.ledger.isPaused = async () => (pauseReads++, isPaused());
    let t = 0;
    const reads = batchReads(w.ledger, () => t);
    await Promise.all([reads.rep('rep-1'), reads.rep('rep-1'), reads.rep('rep-1')]);
    expect(repReads).toBe(1);
    expect(await reads.paused()).toBe(false);
    await w.ledger.setPaused(true);
    t = 999;
    expect(await reads.paused()).toBe(false);
    t = 1000;
    expect(await reads.paused()).toBe(true);
    expect(pauseReads).toBe(2);
  });

  it('stops a running batch once the pause is seen', async () => {
    const w = await aWorld();
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await w.approvedDraft(`c-${i}`)).id);
    const realSend = w.mailer.send.bind(w.mailer);
    w.mailer.send = async (mail) => {
      const out = await realSend(mail);
      if (w.mailer.sent.length === 1) {
        await w.ledger.setPaused(true);
        await new Promise((r) => setTimeout(r, 1010)); // longer than the pause switch is remembered
      }
      return out;
    };
    const summary = await sendApproved(w.deps, { draftIds: ids, concurrency: 1 });
    expect(summary).toMatchObject({ sent: 1, stoppedBy: 'paused' });
    for (const id of ids.slice(1)) expect((await w.ledger.getDraft(id))!.status).toBe('approved');
  });
});
