// Reliability: a contact moved to another rep keeps at most one open draft and gets at most one mail. The
// use cases on the in-memory ledger; rep-change.int.test.ts runs the whole loop on the local stack.
import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../functions/adapters/memory/fixed-clock';
import { MemoryLedger } from '../../functions/adapters/memory/memory-ledger';
import { ReassignmentBlocked, saveContact } from '../../functions/core/contacts/save-contact';
import { VersionConflict } from '../../functions/core/errors';
import { planCampaign } from '../../functions/core/plan-campaign';
import { silentLogger } from '../../functions/core/ports';
import { sendDraft } from '../../functions/core/sending/send-draft';
import { aContact, aDraft, aRep } from '../support/factories';
import { RUN_AT, crisisUpdate } from '../core/campaign-fixtures';
import { aWorld } from '../core/sending/sending-fixtures';

const AT = '2026-11-28T10:00:00.000Z';

async function ledgerWith(statuses: Array<Parameters<typeof aDraft>[0]>) {
  const ledger = new MemoryLedger();
  await ledger.putRep(aRep({ id: 'rep-1' }));
  await ledger.putRep(aRep({ id: 'rep-2', email: 'rep-2@example.com' }));
  const stored = await ledger.putContact(aContact({ id: 'c-1', repId: 'rep-1' }));
  await ledger.putDrafts(statuses.map((over) => aDraft({ contactId: 'c-1', ...over })));
  return { ledger, stored };
}

describe('saveContact when the rep changes', () => {
  it('withdraws every unclaimed open draft in the same write and leaves closed ones alone', async () => {
    const { ledger, stored } = await ledgerWith([
      { runAt: '2026-11-20T08:00:00Z', status: 'sent' },
      { runAt: '2026-11-27T08:00:00Z', status: 'pending_approval' },
      { runAt: '2026-11-27T09:00:00Z', campaignId: 'other', status: 'approved' },
    ]);
    const saved = await saveContact(ledger, { ...stored, repId: 'rep-2' }, stored, AT);
    expect(saved.repId).toBe('rep-2');
    const drafts = await ledger.listDraftsOfContact('c-1');
    expect(drafts.map((d) => [d.campaignId, d.status, d.withdrawnReason])).toEqual([
      ['crisis-update', 'sent', undefined],
      ['crisis-update', 'withdrawn', 'reassigned'],
      ['other', 'withdrawn', 'reassigned'],
    ]);
    expect(drafts.filter((d) => d.status === 'withdrawn').every((d) => d.updatedAt === AT)).toBe(true);
  });

  it('refuses the move while a mail is being sent or may have been sent, and writes nothing', async () => {
    for (const status of ['sending', 'possibly_sent'] as const) {
      const { ledger, stored } = await ledgerWith([{ status }, { runAt: '2026-11-28T08:00:00Z', campaignId: 'other', status: 'pending_approval' }]);
      const move = saveContact(ledger, { ...stored, repId: 'rep-2' }, stored, AT);
      await expect(move).rejects.toBeInstanceOf(ReassignmentBlocked);
      await expect(move).rejects.toThrow(status === 'possibly_sent' ? /presence resolve .* --sent/ : /import again in a minute/);
      expect((await ledger.getContact('c-1'))?.repId).toBe('rep-1');
      expect((await ledger.listDraftsOfContact('c-1')).map((d) => d.status).sort()).toEqual([status, 'pending_approval'].sort());
    }
  });

  it('writes nothing when a draft moved on since it was read (a sender claimed it)', async () => {
    const { ledger, stored } = await ledgerWith([{ status: 'approved' }]);
    const [draft] = await ledger.listDraftsOfContact('c-1');
    await expect(
      ledger.replaceContactWithdrawingDrafts({ ...stored, repId: 'rep-2' }, stored.version, [{ id: draft!.id, kind: draft!.kind, fromStatus: 'pending_approval', reason: 'reassigned', at: AT }]),
    ).rejects.toBeInstanceOf(VersionConflict);
    expect((await ledger.getContact('c-1'))?.repId).toBe('rep-1');
    expect((await ledger.getDraft(draft!.id))?.status).toBe('approved');
  });

  it('leaves the drafts alone when the rep stays', async () => {
    const { ledger, stored } = await ledgerWith([{ status: 'pending_approval' }]);
    await saveContact(ledger, { ...stored, company: 'Neu GmbH' }, stored, AT);
    expect((await ledger.listDraftsOfContact('c-1')).map((d) => d.status)).toEqual(['pending_approval']);
  });
});

describe('drafts of the old rep that slipped past the move', () => {
  it('the planner passes a contact its index still lists under the old rep', async () => {
    const ledger = new MemoryLedger();
    await ledger.putRep(aRep({ id: 'rep-1' }));
    await ledger.putContact(aContact({ id: 'c-1', repId: 'rep-2', nextDueAt: '2026-11-01T00:00:00.000Z' }));
    // the index entry the rep's query would still return for a moment after the move
    const stale = { ...(await ledger.getContact('c-1'))! };
    ledger.listContactsByRep = async (repId) => (repId === 'rep-1' ? { items: [stale] } : { items: [] });
    const { library, campaign } = await crisisUpdate();
    const plan = await planCampaign({ ledger, clock: new FixedClock(RUN_AT.toISOString()), logger: silentLogger, templates: library }, { campaign, runAt: RUN_AT });
    expect(plan).toMatchObject({ drafted: 0, considered: 1, skipped: { otherRep: 1 } });
    expect(ledger.drafts.size).toBe(0);
  });

  it('an approved mail of the old rep is withdrawn at sending, never sent', async () => {
    const w = await aWorld();
    const draft = await w.approvedDraft('c-1');
    const contact = (await w.ledger.getContact('c-1'))!;
    await w.ledger.putContact({ ...contact, repId: 'rep-2' }, contact.version);
    const outcome = await sendDraft(w.deps, draft.id);
    expect(outcome).toMatchObject({ result: 'skipped', reason: 'reassigned' });
    expect(w.mailer.sent).toEqual([]);
    expect(await w.ledger.getDraft(draft.id)).toMatchObject({ status: 'withdrawn', withdrawnReason: 'reassigned' });
    expect(await w.ledger.listTouches('c-1')).toEqual([]);
  });
});
