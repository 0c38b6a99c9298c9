// A run's drafts of one rep on DynamoDB Local, open and closed (the rep's GSI1 key, OPEN#/DONE#), and the rep's
// newest run of a campaign: what `presence campaign status` reads.
import { beforeAll, describe, expect, it } from 'vitest';
import { runStatus } from '../../../functions/core/campaigns/run-status';
import { aDraft, aRep } from '../../support/factories';
import { freshTable, type TestTable } from '../../support/local-aws';

let t: TestTable;
beforeAll(async () => {
  t = await freshTable('run-drafts-of-rep');
  await t.ledger.putRep(aRep({ id: 'rep-1' }));
  await t.ledger.putRep(aRep({ id: 'rep-2', email: 'rep-2@example.com' }));
  await t.ledger.putDrafts([
    aDraft({ repId: 'rep-1', contactId: 'c-1', runAt: '2026-11-27T08:00:00Z' }),
    aDraft({ repId: 'rep-1', contactId: 'c-2', runAt: '2026-11-27T08:00:00Z', status: 'rejected' }),
    aDraft({ repId: 'rep-1', contactId: 'c-3', runAt: '2026-11-27T08:00:00Z', status: 'approved' }),
    aDraft({ repId: 'rep-1', contactId: 'c-1', runAt: '2026-11-20T08:00:00Z', status: 'sent' }),
    aDraft({ repId: 'rep-2', contactId: 'c-4', runAt: '2026-12-04T08:00:00Z', status: 'expired' }),
    aDraft({ repId: 'rep-2', contactId: 'c-5', runAt: '2026-12-11T08:00:00Z', campaignId: 'crisis' }),
  ]);
  // a status change moves the draft from the rep's open key to the run's closed one
  await t.ledger.updateDraft('crisis-update@20261127T0800Z~c-3', { fromStatuses: ['approved'], kind: 'email', set: { status: 'sent' } });
});

describe('DraftsRepository: a run per rep', () => {
  it('lists the rep’s open drafts of the run, or with closed its closed ones', async () => {
    const run = 'crisis-update@20261127T0800Z';
    const open = await t.ledger.listRunDraftsOfRep('rep-1', run);
    const closed = await t.ledger.listRunDraftsOfRep('rep-1', run, { closed: true });
    expect(open.items.map((d) => d.contactId)).toEqual(['c-1']);
    expect(closed.items.map((d) => [d.contactId, d.status])).toEqual([
      ['c-2', 'rejected'],
      ['c-3', 'sent'],
    ]);
    const status = await runStatus({ ledger: t.ledger }, run);
    expect(status.reps).toHaveLength(1);
    expect(status.totals).toMatchObject({ drafted: 3, waiting: 1, rejected: 1, sent: 1 });
  });

  it('finds the rep’s newest run of a campaign among open and closed drafts, not another campaign’s', async () => {
    expect(await t.ledger.latestRunIdOfRep('rep-1', 'crisis-update')).toBe('crisis-update@20261127T0800Z');
    expect(await t.ledger.latestRunIdOfRep('rep-2', 'crisis-update')).toBe('crisis-update@20261204T0800Z');
    expect(await t.ledger.latestRunIdOfRep('rep-2', 'crisis')).toBe('crisis@20261211T0800Z');
    expect(await t.ledger.latestRunIdOfRep('rep-1', 'crisis')).toBeUndefined();
  });
});
