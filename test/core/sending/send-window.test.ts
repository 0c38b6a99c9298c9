// An approved mail outside its send window waits (sendAfter) and goes at the window's opening, never before:
// sendDraft, then the sweep (requeueApproved) on a FixedClock, with the in-memory ledger.
import { describe, expect, it } from 'vitest';
import { LibraryHolidays } from '../../../functions/adapters/calendar/library-holidays';
import { sendWindowSchema } from '../../../functions/core/calendar/send-window-schema';
import type { ApprovalSink } from '../../../functions/core/ports';
import { requeueApproved } from '../../../functions/core/sending/requeue-approved';
import { sendApproved } from '../../../functions/core/sending/send-approved';
import { sendDraft } from '../../../functions/core/sending/send-draft';
import { aContact } from '../../support/factories';
import { aWorld } from './sending-fixtures';

const office = sendWindowSchema.parse({ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:00', to: '17:00', skipHolidays: true });

async function worldAt(now: string) {
  const w = await aWorld();
  w.clock.set(now);
  w.deps.holidays = new LibraryHolidays();
  return w;
}

/** The sweep as the scheduled function runs it, its sink sending at once (as the send queue would). */
async function sweep(w: Awaited<ReturnType<typeof aWorld>>) {
  const handed: string[] = [];
  const sink: ApprovalSink = {
    onApproved: async (ids) => {
      handed.push(...ids);
      for (const id of ids) await sendDraft(w.deps, id);
    },
  };
  await requeueApproved({ ...w.deps, sink });
  return handed;
}

describe('send window', () => {
  it('holds a mail approved at 22:40 and sends it at 08:00 the next working day, never before', async () => {
    // Thursday 3 December 2026, 22:40 in Berlin
    const w = await worldAt('2026-12-03T21:40:00.000Z');
    const draft = await w.approvedDraft('c-1', { sendWindow: office, updatedAt: '2026-12-03T21:40:00.000Z' });

    expect(await sendDraft(w.deps, draft.id)).toEqual({ draftId: draft.id, result: 'queued', reason: 'send_window' });
    const waiting = await w.ledger.getDraft(draft.id);
    expect(waiting).toMatchObject({ status: 'approved', sendAfter: '2026-12-04T07:00:00.000Z' });
    expect(waiting!.claimedAt).toBeUndefined();
    expect(w.mailer.sent).toHaveLength(0);

    // the queue delivers the message again, or someone runs `presence send`: still waiting, nothing claimed
    w.clock.set('2026-12-04T06:59:00.000Z');
    expect(await sendDraft(w.deps, draft.id)).toMatchObject({ result: 'queued', reason: 'send_window' });
    expect((await sendApproved(w.deps)).sent).toBe(0);
    // every sweep before the opening leaves it alone
    for (const at of ['2026-12-03T22:00:00.000Z', '2026-12-04T03:00:00.000Z', '2026-12-04T06:59:59.000Z']) {
      w.clock.set(at);
      expect(await sweep(w)).toEqual([]);
    }
    expect(w.mailer.sent).toHaveLength(0);

    // 08:00 Berlin: the sweep hands it on and it goes
    w.clock.set('2026-12-04T07:00:00.000Z');
    expect(await sweep(w)).toEqual([draft.id]);
    expect(w.mailer.sent).toHaveLength(1);
    const sent = await w.ledger.getDraft(draft.id);
    expect(sent).toMatchObject({ status: 'sent', sentAt: '2026-12-04T07:00:00.000Z' });
    expect(await w.ledger.listTouches('c-1')).toHaveLength(1);
  });

  it('waits over the customer\'s public holiday and the weekend', async () => {
    // Wednesday 3 June 2026, 18:00 in Berlin; Thursday is Fronleichnam in Bavaria
    const w = await worldAt('2026-06-03T16:00:00.000Z');
    await w.ledger.putContact(aContact({ id: 'c-by', email: 'by@customer.example', region: 'DE-BY' }));
    await w.ledger.putContact(aContact({ id: 'c-hb', email: 'hb@customer.example', region: 'DE-HB' }));
    const by = await w.approvedDraft('c-by', { sendWindow: office });
    const hb = await w.approvedDraft('c-hb', { sendWindow: office, id: 'd-hb' });
    await sendDraft(w.deps, by.id);
    await sendDraft(w.deps, hb.id);
    expect((await w.ledger.getDraft(by.id))!.sendAfter).toBe('2026-06-05T06:00:00.000Z');
    expect((await w.ledger.getDraft(hb.id))!.sendAfter).toBe('2026-06-04T06:00:00.000Z');
  });

  it('sends at once inside the window, and a draft without a window at any hour', async () => {
    const w = await worldAt('2026-12-04T09:00:00.000Z');
    const inside = await w.approvedDraft('c-1', { sendWindow: office });
    expect(await sendDraft(w.deps, inside.id)).toMatchObject({ result: 'sent' });
    w.clock.set('2026-12-05T22:40:00.000Z'); // Saturday night
    const plain = await w.approvedDraft('c-2', { id: 'd-plain' });
    expect(await sendDraft(w.deps, plain.id)).toMatchObject({ result: 'sent' });
  });
});
