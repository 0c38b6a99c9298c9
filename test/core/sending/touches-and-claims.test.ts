import { describe, expect, it } from 'vitest';
import { NotFound, ValidationError } from '../../../functions/core/errors';
import type { ApprovalSink } from '../../../functions/core/ports';
import { recordManualTouch } from '../../../functions/core/sending/record-manual-touch';
import { requeueApproved } from '../../../functions/core/sending/requeue-approved';
import { resolvePossiblySent } from '../../../functions/core/sending/resolve-possibly-sent';
import { setSendingPaused } from '../../../functions/core/sending/set-paused';
import { sweepClaims } from '../../../functions/core/sending/sweep-claims';
import { aWorld } from './sending-fixtures';

describe('recordManualTouch', () => {
  it('records a visit, moves the contact, and is idempotent for the same time', async () => {
    const w = await aWorld();
    await w.approvedDraft('c-1', { status: 'pending_approval' });
    const at = '2026-11-26T14:30:00+01:00';
    const first = await recordManualTouch(w.deps, { contactId: 'c-1', channel: 'visit', at, note: 'Kaffee\r\nund Kuchen' });
    const again = await recordManualTouch(w.deps, { contactId: 'c-1', channel: 'visit', at });
    expect(first.recorded).toBe(true);
    expect(again.recorded).toBe(false);
    expect(await w.ledger.listTouches('c-1')).toEqual([
      expect.objectContaining({ channel: 'visit', source: 'manual', at: '2026-11-26T13:30:00.000Z', repId: 'rep-1', note: 'Kaffee\nund Kuchen' }),
    ]);
    expect(await w.ledger.getContact('c-1')).toMatchObject({ lastTouchAt: '2026-11-26T13:30:00.000Z', lastTouchChannel: 'visit', nextDueAt: '2026-12-26T13:30:00.000Z' });
  });

  it('closes a visit/call task in the same step, once', async () => {
    const w = await aWorld();
    const task = await w.approvedDraft('c-1', { kind: 'task', channel: 'call', status: 'pending_approval' });
    expect((await recordManualTouch(w.deps, { contactId: 'c-1', channel: 'call', draftId: task.id })).recorded).toBe(true);
    expect((await w.ledger.getDraft(task.id))!.status).toBe('done');
    w.clock.advance(60_000);
    expect((await recordManualTouch(w.deps, { contactId: 'c-1', channel: 'call', draftId: task.id })).recorded).toBe(false);
    expect(await w.ledger.listTouches('c-1')).toEqual([expect.objectContaining({ id: `task:${task.id}`, source: 'task', draftId: task.id })]);
  });

  it('refuses unknown contacts, channels, future and malformed times', async () => {
    const w = await aWorld();
    await w.approvedDraft('c-1');
    await expect(recordManualTouch(w.deps, { contactId: 'nobody', channel: 'call' })).rejects.toBeInstanceOf(NotFound);
    await expect(recordManualTouch(w.deps, { contactId: 'c-1', channel: 'fax' as never })).rejects.toBeInstanceOf(ValidationError);
    await expect(recordManualTouch(w.deps, { contactId: 'c-1', channel: 'call', at: '2026-11-28T09:00:00Z' })).rejects.toThrow(/future/);
    await expect(recordManualTouch(w.deps, { contactId: 'c-1', channel: 'call', at: 'yesterday' })).rejects.toBeInstanceOf(ValidationError);
    expect(await w.ledger.listTouches('c-1')).toEqual([]);
  });
});

describe('claims: sweep, requeue, resolve', () => {
  it('flags only stale claims, and a person resolves them either way', async () => {
    const w = await aWorld();
    const stale = await w.approvedDraft('c-1', { status: 'sending', claimedAt: '2026-11-27T08:00:00.000Z', messageId: 'ses-42' });
    const fresh = await w.approvedDraft('c-2', { status: 'sending', claimedAt: '2026-11-27T08:58:00.000Z' });
    const other = await w.approvedDraft('c-3', { status: 'sending', claimedAt: '2026-11-27T08:00:00.000Z' });

    const swept = await sweepClaims(w.deps, { olderThanMinutes: 15 });
    expect(swept.flagged.sort()).toEqual([stale.id, other.id].sort());
    expect(swept.active).toBe(1);
    expect((await w.ledger.getDraft(fresh.id))!.status).toBe('sending');

    await resolvePossiblySent(w.deps, { draftId: stale.id, sent: true, by: 'cli' });
    expect(await w.ledger.getDraft(stale.id)).toMatchObject({ status: 'sent', sentAt: '2026-11-27T08:00:00.000Z', messageId: 'ses-42' });
    expect(await w.ledger.listTouches('c-1')).toEqual([expect.objectContaining({ source: 'send', messageId: 'ses-42' })]);

    await resolvePossiblySent(w.deps, { draftId: other.id, sent: false, by: 'cli' });
    expect((await w.ledger.getDraft(other.id))!.status).toBe('approved');
    await expect(resolvePossiblySent(w.deps, { draftId: fresh.id, sent: false, by: 'cli' })).rejects.toBeInstanceOf(ValidationError);
    expect(w.mailer.sent).toHaveLength(0);
  });

  it('queues approved email drafts that waited too long, not while paused', async () => {
    const w = await aWorld();
    const old = await w.approvedDraft('c-1', { updatedAt: '2026-11-27T08:00:00.000Z' });
    await w.approvedDraft('c-2', { updatedAt: '2026-11-27T08:59:00.000Z' });
    await w.approvedDraft('c-3', { updatedAt: '2026-11-27T08:00:00.000Z', kind: 'letter', channel: 'letter' });
    const queued: string[] = [];
    const sink: ApprovalSink = { onApproved: async (ids) => void queued.push(...ids) };

    await setSendingPaused(w.deps, { paused: true, by: 'cli' });
    expect(await requeueApproved({ ...w.deps, sink })).toEqual({ requeued: 0 });
    await setSendingPaused(w.deps, { paused: false, by: 'cli' });
    expect(await requeueApproved({ ...w.deps, sink })).toEqual({ requeued: 1, quotaLeft: 50_000 });
    expect(queued).toEqual([old.id]);
    expect(w.ledger.audits.map((a) => a.action)).toEqual(['pause', 'resume']);
  });

  it('queues no more than the daily quota has left, in send order, and nothing while it is spent (issue 18)', async () => {
    const w = await aWorld();
    const ids: string[] = [];
    // two runs of the campaign: the older run goes first, then by contact, as the sender's batch takes them
    for (const [run, contact] of [['crisis@20261120T0800Z', 'c-2'], ['crisis@20261113T0800Z', 'c-9'], ['crisis@20261120T0800Z', 'c-1'], ['crisis@20261113T0800Z', 'c-3']] as const) {
      ids.push((await w.approvedDraft(contact, { id: `${run}~${contact}`, runId: run, updatedAt: '2026-11-27T08:00:00.000Z' })).id);
    }
    const queued: string[] = [];
    const sink: ApprovalSink = { onApproved: async (batch) => void queued.push(...batch) };
    let reads = 0;
    const ledger = { isPaused: () => w.ledger.isPaused(), listDrafts: (q: Parameters<typeof w.ledger.listDrafts>[0]) => (reads++, w.ledger.listDrafts(q)) };

    w.mailer.quotaValue = { maxSendRate: 14, max24HourSend: 200, sentLast24Hours: 200 };
    expect(await requeueApproved({ ...w.deps, ledger, sink })).toEqual({ requeued: 0, quotaLeft: 0 });
    expect(queued).toEqual([]);
    expect(reads).toBe(0);

    // the 24-hour window moved on: three sends are left
    w.mailer.quotaValue = { maxSendRate: 14, max24HourSend: 200, sentLast24Hours: 197 };
    expect(await requeueApproved({ ...w.deps, ledger, sink })).toEqual({ requeued: 3, quotaLeft: 3 });
    expect(queued).toEqual(['crisis@20261113T0800Z~c-3', 'crisis@20261113T0800Z~c-9', 'crisis@20261120T0800Z~c-1']);

    // a provider without a known daily limit (or an unreadable quota) leaves only the sweep's own limit
    w.mailer.quotaValue = { maxSendRate: 14, max24HourSend: -1, sentLast24Hours: 0 };
    queued.length = 0;
    expect((await requeueApproved({ ...w.deps, ledger, sink })).requeued).toBe(4);
    expect(queued).toHaveLength(4);
  });
});
