// planCampaign against the real ledger on DynamoDB Local: idempotency, duplicate events, paging, suppression,
// and read capacity that follows the due contacts, not the size of the ledger.
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoLedger } from '../../functions/adapters/dynamodb/dynamodb-ledger';
import { FixedClock } from '../../functions/adapters/memory/fixed-clock';
import { hashEmail } from '../../functions/core/ids';
import type { Contact } from '../../functions/core/model';
import { planCampaign } from '../../functions/core/plan-campaign';
import { silentLogger, type Ledger } from '../../functions/core/ports';
import { freshTable, type TestTable } from '../support/local-aws';
import { RUN_AT, contactOf, crisisUpdate, repOf } from './campaign-fixtures';

const clock = new FixedClock('2026-11-30T07:00:05.000Z');
const DUE = '2026-11-01T00:00:00.000Z';
const LATER = '2027-02-01T00:00:00.000Z';

async function putAll(ledger: Ledger, contacts: Contact[]): Promise<void> {
  for (let i = 0; i < contacts.length; i += 16) await Promise.all(contacts.slice(i, i + 16).map((c) => ledger.putContact(c)));
}

async function draftsOfRun(ledger: Ledger, runId: string) {
  const all = [];
  let cursor: string | undefined;
  do {
    const page = await ledger.listDrafts({ runId, cursor });
    all.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return all;
}

async function plan(table: TestTable, over: { runAt?: Date; pageSize?: number; reps?: string[]; ledger?: Ledger } = {}) {
  const { campaign, library } = await crisisUpdate();
  const { ledger = table.ledger, ...input } = over;
  return planCampaign({ ledger, clock, logger: silentLogger, templates: library }, { campaign, runAt: over.runAt ?? RUN_AT, ...input });
}

/**
 * Two meters: the draft writes go through a second ledger on the same table, so the first one's meter holds the
 * planner's reads and nothing else, whatever DynamoDB reports for writes.
 */
function meteredLedgers(table: TestTable): { ledger: Ledger; reads: DynamoLedger; writes: DynamoLedger } {
  const reads = new DynamoLedger(table.doc, table.tableName, { meterCapacity: true });
  const writes = new DynamoLedger(table.doc, table.tableName, { meterCapacity: true });
  const ledger = new Proxy(reads, {
    get(target, prop) {
      if (prop === 'putDrafts') return writes.putDrafts.bind(writes);
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { ledger, reads, writes };
}

describe('planCampaign on DynamoDB Local', () => {
  let table: TestTable;

  beforeAll(async () => {
    table = await freshTable('plan');
    await table.ledger.putRep(repOf({ id: 'rep-1' }));
    await table.ledger.putRep(repOf({ id: 'rep-2', name: 'Eva Schmidt', email: 'eva.schmidt@example.com' }));
    const contacts: Contact[] = [];
    for (let i = 0; i < 9; i++) contacts.push(contactOf({ id: `a-${i}`, nextDueAt: `2026-11-0${i + 1}T00:00:00.000Z`, email: `a${i}@example.com` }));
    contacts.push(contactOf({ id: 'a-call', channel: 'call', nextDueAt: DUE }));
    contacts.push(contactOf({ id: 'a-letter', channel: 'letter', nextDueAt: DUE }));
    contacts.push(contactOf({ id: 'a-du', formal: false, firstName: '', nextDueAt: DUE, email: 'du@example.com' }));
    contacts.push(contactOf({ id: 'a-bounced', nextDueAt: DUE, email: 'bounced@example.com' }));
    contacts.push(contactOf({ id: 'a-later', nextDueAt: LATER }));
    for (let i = 0; i < 4; i++) contacts.push(contactOf({ id: `b-${i}`, repId: 'rep-2', nextDueAt: DUE, email: `b${i}@example.com` }));
    await putAll(table.ledger, contacts);
    await table.ledger.suppress({ emailHash: hashEmail('bounced@example.com'), reason: 'complaint', at: DUE });
  });

  it('drafts every due contact across pages, skips the suppressed one, and a re-run writes nothing new', async () => {
    const first = await plan(table, { pageSize: 4 });
    expect(first).toEqual({
      runId: 'crisis-update@20261130T0700Z',
      dueBy: '2026-11-30T07:00:00.000Z',
      considered: 17,
      drafted: 15, // 9 + call + letter on rep-1, 4 on rep-2
      needsFix: 1,
      skipped: { suppressed: 1, notDue: 0, openDraft: 0, otherRep: 0, snoozed: 0, held: 0 },
    });
    const drafts = await draftsOfRun(table.ledger, first.runId);
    expect(drafts).toHaveLength(16);
    expect(new Set(drafts.map((d) => d.id)).size).toBe(16);
    expect(drafts.find((d) => d.contactId === 'a-du')).toMatchObject({ status: 'needs_fix', missing: ['firstName'] });
    expect(drafts.find((d) => d.contactId === 'a-call')).toMatchObject({ kind: 'task', status: 'pending_approval' });
    expect(drafts.some((d) => d.contactId === 'a-later' || d.contactId === 'a-bounced')).toBe(false);
    const stored = await table.ledger.getDraft(drafts.find((d) => d.contactId === 'a-0')!.id);
    expect(stored?.content.text).toContain('Sehr geehrte Frau Müller,');

    const again = await plan(table, { pageSize: 4 });
    expect(again).toEqual({ ...first, drafted: 0, needsFix: 0, skipped: { suppressed: 1, notDue: 0, openDraft: 16, otherRep: 0, snoozed: 0, held: 0 } });
    expect(await draftsOfRun(table.ledger, first.runId)).toHaveLength(16);
  });

  it('a duplicate scheduler event for the same slot creates each draft once', async () => {
    const dup = await freshTable('plan-dup');
    await dup.ledger.putRep(repOf());
    await putAll(dup.ledger, Array.from({ length: 30 }, (_, i) => contactOf({ id: `d-${i}`, nextDueAt: DUE, email: `d${i}@example.com` })));
    const [a, b] = await Promise.all([plan(dup, { pageSize: 7 }), plan(dup, { pageSize: 7 })]);
    expect(a.runId).toBe(b.runId);
    const drafts = await draftsOfRun(dup.ledger, a.runId);
    expect(drafts).toHaveLength(30);
    expect(new Set(drafts.map((d) => d.contactId)).size).toBe(30);
    expect((await plan(dup)).skipped.openDraft).toBe(30);
  });

  it('reads capacity in proportion to the due contacts, not to the size of the ledger', async () => {
    const due = (prefix: string) => Array.from({ length: 25 }, (_, i) => contactOf({ id: `${prefix}-due-${i}`, nextDueAt: DUE, email: `${prefix}${i}@example.com` }));
    const small = await freshTable('plan-small');
    const big = await freshTable('plan-big');
    for (const t of [small, big]) await t.ledger.putRep(repOf());
    await putAll(small.ledger, due('s'));
    await putAll(big.ledger, [
      ...due('g'),
      // twelve times as many contacts that are not due, on the same rep's index partition
      ...Array.from({ length: 300 }, (_, i) => contactOf({ id: `g-later-${i}`, nextDueAt: LATER, email: `later${i}@example.com` })),
    ]);

    const smallMeter = meteredLedgers(small);
    const bigMeter = meteredLedgers(big);
    const a = await plan(small, { ledger: smallMeter.ledger });
    const b = await plan(big, { ledger: bigMeter.ledger });
    expect(a.drafted).toBe(25);
    expect(b.drafted).toBe(25);
    const smallRead = smallMeter.reads.capacity.readUnits;
    const bigRead = bigMeter.reads.capacity.readUnits;
    expect(smallRead).toBeGreaterThan(0);
    // same due contacts, same reads, although the big ledger holds 13 times as many contacts
    expect(bigRead).toBe(smallRead);
    // while reading the rep's whole contact list is what grew with the ledger
    const readAll = async (t: TestTable) => {
      const m = meteredLedgers(t);
      let cursor: string | undefined;
      do cursor = (await m.ledger.listContactsByRep('rep-1', { cursor })).cursor;
      while (cursor);
      return m.reads.capacity.readUnits;
    };
    const [allSmall, allBig] = [await readAll(small), await readAll(big)];
    expect(allBig).toBeGreaterThan(8 * allSmall);
    // and writes follow the drafts
    expect(bigMeter.writes.capacity.readUnits + bigMeter.writes.capacity.writeUnits).toBe(
      smallMeter.writes.capacity.readUnits + smallMeter.writes.capacity.writeUnits,
    );
    expect(b.skipped.notDue).toBe(0);
  });
});
