// Deferred slots on DynamoDB Local: one item per campaign slot, replaced when the slot is written again, listed per
// campaign oldest first, kept with a TTL.
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFERRAL_TTL_DAYS } from '../../../functions/adapters/dynamodb/deferrals-repository';
import { freshTable, scanTable, type TestTable } from '../../support/local-aws';

let t: TestTable;
beforeAll(async () => {
  t = await freshTable('deferrals');
});

describe('DeferralsRepository', () => {
  it('keeps one item per slot, replaced by a retried slot, listed per campaign oldest first, with a TTL', async () => {
    const may = { campaignId: 'crisis-update', runAt: '2027-05-27T06:00:00.000Z', reps: [{ repId: 'rep-by', on: '2027-05-28' }] };
    const march = { campaignId: 'crisis-update', runAt: '2027-03-26T07:00:00.000Z', reps: [{ repId: 'rep-1', on: '2027-03-30' }] };
    await t.ledger.putDeferredRun(may);
    await t.ledger.putDeferredRun(march);
    await t.ledger.putDeferredRun({ ...may, reps: [...may.reps, { repId: 'rep-a', on: '2027-05-28' }] });
    await t.ledger.putDeferredRun({ campaignId: 'other', runAt: '2027-05-27T06:00:00.000Z', reps: [{ repId: 'rep-by', on: '2027-05-28' }] });
    expect(await t.ledger.listDeferredRuns('crisis-update')).toEqual([march, { ...may, reps: [...may.reps, { repId: 'rep-a', on: '2027-05-28' }] }]);
    expect(await t.ledger.listDeferredRuns('nothing')).toEqual([]);
    const items = (await scanTable(t)).filter((i) => i.type === 'deferred-run');
    expect(items).toHaveLength(3);
    const item = items.find((i) => i.campaignId === 'crisis-update' && i.runAt === may.runAt)!;
    expect(item.ttl).toBe(Date.parse(may.runAt) / 1000 + DEFERRAL_TTL_DAYS * 86_400);
  });
});
