import { describe, expect, it } from 'vitest';
import { MemoryLedger } from '../../../functions/adapters/memory/memory-ledger';
import { latestRunId, parseRunId, runStatus } from '../../../functions/core/campaigns/run-status';
import { ValidationError } from '../../../functions/core/errors';
import type { DraftStatus } from '../../../functions/core/model';
import { aDraft, aRep } from '../../support/factories';

const RUN = 'crisis-update@20261127T0800Z';

async function ledgerWithRun() {
  const ledger = new MemoryLedger();
  for (const id of ['rep-1', 'rep-2', 'rep-3']) await ledger.putRep(aRep({ id, email: `${id}@example.com` }));
  const drafts: Array<[string, string, DraftStatus]> = [
    ['rep-1', 'c-1', 'pending_approval'],
    ['rep-1', 'c-2', 'approved'],
    ['rep-1', 'c-3', 'sent'],
    ['rep-1', 'c-4', 'rejected'],
    ['rep-1', 'c-5', 'needs_fix'],
    ['rep-1', 'c-6', 'sending'],
    ['rep-2', 'c-7', 'sent'],
    ['rep-2', 'c-8', 'expired'],
    ['rep-2', 'c-9', 'failed'],
  ];
  await ledger.putDrafts(drafts.map(([repId, contactId, status]) => aDraft({ repId, contactId, status, runAt: '2026-11-27T08:00:00Z' })));
  // other runs of the same reps do not count
  await ledger.putDrafts([
    aDraft({ repId: 'rep-1', contactId: 'c-1', status: 'sent', runAt: '2026-11-20T08:00:00Z' }),
    aDraft({ repId: 'rep-3', contactId: 'c-10', status: 'pending_approval', campaignId: 'newsletter', runAt: '2026-12-01T08:00:00Z' }),
  ]);
  return ledger;
}

describe('runStatus', () => {
  it('counts each rep’s drafts of the run, open and closed, into columns that add up, with totals', async () => {
    const status = await runStatus({ ledger: await ledgerWithRun() }, RUN);
    expect(status).toMatchObject({ runId: RUN, campaignId: 'crisis-update', runAt: '2026-11-27T08:00:00.000Z' });
    expect(status.reps.map((r) => r.repId)).toEqual(['rep-1', 'rep-2']);
    expect(status.reps[0]).toMatchObject({ drafted: 6, needsFix: 1, waiting: 1, approved: 2, sent: 1, rejected: 1, closed: 0 });
    expect(status.reps[0]!.byStatus).toEqual({ pending_approval: 1, approved: 1, sent: 1, rejected: 1, needs_fix: 1, sending: 1 });
    expect(status.reps[1]).toMatchObject({ drafted: 3, sent: 1, closed: 2, waiting: 0, approved: 0 });
    expect(status.totals).toEqual({ drafted: 9, needsFix: 1, waiting: 1, approved: 2, sent: 2, rejected: 1, closed: 2 });
  });

  it('a run nobody drafted in has no reps and zero totals', async () => {
    const status = await runStatus({ ledger: await ledgerWithRun() }, 'crisis-update@20261204T0800Z');
    expect(status.reps).toEqual([]);
    expect(status.totals.drafted).toBe(0);
  });

  it('refuses what is not a run id, saying what one looks like', async () => {
    await expect(runStatus({ ledger: new MemoryLedger() }, 'crisis-update')).rejects.toThrow(ValidationError);
    expect(() => parseRunId('K-10001')).toThrow(/looks like crisis-update@20261127T0800Z/);
  });
});

describe('latestRunId', () => {
  it('is the campaign’s newest run with a draft of any rep, open or closed', async () => {
    const ledger = await ledgerWithRun();
    expect(await latestRunId({ ledger }, 'crisis-update')).toBe(RUN);
    expect(await latestRunId({ ledger }, 'newsletter')).toBe('newsletter@20261201T0800Z');
    // a closed draft counts too, and a campaign whose id starts another's is not mixed up with it
    await ledger.putDrafts([aDraft({ repId: 'rep-3', contactId: 'c-11', status: 'rejected', campaignId: 'crisis', runAt: '2026-12-24T08:00:00Z' })]);
    expect(await latestRunId({ ledger }, 'crisis-update')).toBe(RUN);
    expect(await latestRunId({ ledger }, 'crisis')).toBe('crisis@20261224T0800Z');
    expect(await latestRunId({ ledger }, 'never-run')).toBeUndefined();
  });
});
