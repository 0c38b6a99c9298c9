import { describe, expect, it } from 'vitest';
import { enumerateSlot, runSlotWork, type SlotWork } from '../../../functions/core/campaigns/slot';
import { aContact, aRep } from '../../support/factories';
import { makeWorld, NOW } from '../approval/approval-world';
import { crisisUpdate } from '../campaign-fixtures';

const DUE = '2026-11-01T00:00:00.000Z';

async function world(contactsOfRep1: number) {
  const w = await makeWorld();
  for (let i = 0; i < contactsOfRep1; i++) await w.ledger.putContact(aContact({ id: `c-${String(i).padStart(3, '0')}`, email: `c${i}@example.com`, repId: 'rep-1', nextDueAt: DUE }));
  await w.ledger.putContact(aContact({ id: 'b-1', email: 'b1@example.com', repId: 'rep-2', nextDueAt: DUE }));
  const { campaign, library } = await crisisUpdate();
  return { w, campaign, deps: { ...w, templates: library } };
}

describe('a campaign slot in units', () => {
  it('cuts one unit per writer: a rep away with a deputy is planned in the deputy’s unit', async () => {
    const { w, campaign } = await world(1);
    await w.ledger.putRep(aRep({ id: 'rep-3', name: 'Lena Koch', email: 'lena.koch@example.com', away: { from: '2026-11-20', until: '2026-12-10', deputy: 'rep-1', hold: false } }));
    const slot = await enumerateSlot(w, { campaign, runAt: new Date(NOW) });
    expect(slot.works.map((u) => [u.writer, u.reps])).toEqual([
      ['rep-1', ['rep-1', 'rep-3']],
      ['rep-2', ['rep-2']],
    ]);
    // a unit is plain JSON: it survives a queue
    expect(JSON.parse(JSON.stringify(slot.works[0]))).toEqual(slot.works[0]);
  });

  it('hands on a continuation when time is up, and the continuation finishes with exactly one digest', async () => {
    const { w, campaign, deps } = await world(7);
    const [unit] = (await enumerateSlot(w, { campaign, runAt: new Date(NOW) })).works.filter((u) => u.writer === 'rep-1');
    // the clock already stands at the stop time: one page is planned, then the unit hands on
    const first = await runSlotWork(deps, { campaign, work: unit!, stopAt: new Date(NOW), pageSize: 3 });
    expect(first.plan.drafted).toBe(3);
    expect(first.digests).toEqual([]);
    expect(w.mailer.sent).toHaveLength(0);
    const continuation = first.continuation!;
    expect(continuation).toMatchObject({ writer: 'rep-1', reps: ['rep-1'], remaining: ['rep-1'] });
    expect(Object.keys(continuation.cursors ?? {})).toEqual(['rep-1']);

    let work: SlotWork | undefined = JSON.parse(JSON.stringify(continuation)) as SlotWork;
    let drafted = first.plan.drafted;
    let digests = 0;
    for (let round = 0; work && round < 10; round++) {
      const done = await runSlotWork(deps, { campaign, work, stopAt: new Date(NOW), pageSize: 3 });
      drafted += done.plan.drafted;
      digests += done.digests.filter((d) => d.outcome === 'sent').length;
      work = done.continuation;
    }
    expect(work).toBeUndefined();
    expect(drafted).toBe(7);
    expect(digests).toBe(1);
    const drafts = [...w.ledger.drafts.values()].filter((d) => d.repId === 'rep-1');
    expect(new Set(drafts.map((d) => d.contactId)).size).toBe(7);
    expect(drafts).toHaveLength(7);
    // the digest went to rep-1 alone and names its drafts, not rep-2's
    expect(w.mailer.sent.map((m) => m.to)).toEqual([['petra.schneider@example.com']]);
    const links = [...w.ledger.tokens.values()].filter((t) => t.kind === 'draft');
    expect(new Set(links.map((t) => t.draftIds[0])).size).toBe(7);
  });

  it('plans a unit a second time without a second draft or digest', async () => {
    const { w, campaign, deps } = await world(2);
    const [unit] = (await enumerateSlot(w, { campaign, runAt: new Date(NOW) })).works;
    await runSlotWork(deps, { campaign, work: unit! });
    const again = await runSlotWork(deps, { campaign, work: unit! });
    expect(again.plan.drafted).toBe(0);
    expect(again.digests.filter((d) => d.outcome === 'sent')).toHaveLength(0);
    expect(w.mailer.sent).toHaveLength(1);
  });

  it('names the campaign in each rep’s language in the digest subject: German for rep-1, English for rep-2', async () => {
    const { w, campaign, deps } = await world(1);
    for (const unit of (await enumerateSlot(w, { campaign, runAt: new Date(NOW) })).works) await runSlotWork(deps, { campaign, work: unit });
    const subjectTo = (address: string) => w.mailer.sent.find((m) => m.to.includes(address))?.subject;
    expect(subjectTo('petra.schneider@example.com')).toBe('1 Entwurf wartet auf Ihre Freigabe – Krisen-Update');
    expect(subjectTo('jonas.weber@example.com')).toBe('1 draft is waiting for your approval – Crisis update');
  });
});
