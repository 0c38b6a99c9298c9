import { beforeAll, describe, expect, it } from 'vitest';
import { PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoLedger } from '../../../functions/adapters/dynamodb/dynamodb-ledger';
import { DraftConflict, VersionConflict } from '../../../functions/core/errors';
import { hashEmail } from '../../../functions/core/ids';
import { freshTable, type TestTable } from '../../support/local-aws';
import { aContact, aDraft, aRep } from '../../support/factories';

let t: TestTable;
beforeAll(async () => {
  t = await freshTable('ledger');
});

describe('DynamoDB ledger: contacts and reps', () => {
  it('creates once, then updates only at the version it read', async () => {
    const created = await t.ledger.putContact(aContact({ id: 'v-1' }));
    expect(created.version).toBe(1);
    await expect(t.ledger.putContact(aContact({ id: 'v-1' }))).rejects.toBeInstanceOf(VersionConflict);
    const updated = await t.ledger.putContact({ ...created, company: 'Neue GmbH' }, 1);
    expect(updated.version).toBe(2);
    await expect(t.ledger.putContact({ ...created, company: 'Stale' }, 1)).rejects.toBeInstanceOf(VersionConflict);
    expect((await t.ledger.getContact('v-1'))?.company).toBe('Neue GmbH');
  });

  it('lists a rep’s contacts by due date and only the due ones with dueBy, following pages', async () => {
    await t.ledger.putRep(aRep({ id: 'rep-due' }));
    for (let i = 0; i < 7; i++) {
      await t.ledger.putContact(aContact({ id: `due-${i}`, repId: 'rep-due', nextDueAt: `2026-0${i + 1}-15T00:00:00.000Z` }));
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await t.ledger.listContactsByRep('rep-due', { dueBy: '2026-04-15T00:00:00.000Z', limit: 2, cursor });
      seen.push(...page.items.map((c) => c.id));
      cursor = page.cursor;
    } while (cursor);
    expect(seen).toEqual(['due-0', 'due-1', 'due-2', 'due-3']);
    const all = await t.ledger.listContactsByRep('rep-due');
    expect(all.items).toHaveLength(7);
  });

  it('finds contacts by email, case-insensitively, and lists reps', async () => {
    await t.ledger.putContact(aContact({ id: 'mail-1', email: 'Jan.Weber@Example.com' }));
    const found = await t.ledger.findContactsByEmail('jan.weber@example.COM');
    expect(found.map((c) => c.id)).toEqual(['mail-1']);
    await t.ledger.putRep(aRep({ id: 'rep-a' }));
    expect((await t.ledger.listReps()).map((r) => r.id)).toContain('rep-a');
  });
});

describe('DynamoDB ledger: batches and metering', () => {
  it('reads more contacts than one BatchGetItem takes (100), chunks in flight at once, none lost or doubled', async () => {
    const ids = Array.from({ length: 260 }, (_, i) => `bg-${String(i).padStart(3, '0')}`);
    for (let i = 0; i < ids.length; i += 20) await Promise.all(ids.slice(i, i + 20).map((id) => t.ledger.putContact(aContact({ id }))));
    const found = await t.ledger.getContacts([...ids, 'bg-missing', ids[0]!]);
    expect(found.map((c) => c.id).sort()).toEqual(ids);
  });

  it('reads the whole suppression list when it is short, and gives up on a longer one', async () => {
    const hashes = ['a', 'b', 'c'].map((x) => hashEmail(`${x}@short-list.example`));
    for (const emailHash of hashes) await t.ledger.suppress({ emailHash, reason: 'bounce', at: '2026-11-01T00:00:00.000Z' });
    const total = (await t.ledger.listSuppressions()).length;
    const all = await t.ledger.suppressedHashesUpTo(total);
    expect(all?.size).toBe(total);
    for (const h of hashes) expect(all?.has(h)).toBe(true);
    expect(await t.ledger.suppressedHashesUpTo(total - 1)).toBeUndefined();
    expect(await t.ledger.suppressedHashesUpTo(1)).toBeUndefined();
  });

  it('asks for consumed capacity only when told to meter it', async () => {
    const plain = new DynamoLedger(t.doc, t.tableName);
    await plain.putContact(aContact({ id: 'meter-1' }));
    await plain.getContacts(['meter-1']);
    await plain.listContactsByRep('rep-1');
    expect(plain.capacity.readUnits + plain.capacity.writeUnits).toBe(0);
    const metered = new DynamoLedger(t.doc, t.tableName, { meterCapacity: true });
    await metered.getContacts(['meter-1']);
    await metered.listContactsByRep('rep-1');
    expect(metered.capacity.readUnits).toBeGreaterThan(0);
  });
});

describe('DynamoDB ledger: touches', () => {
  it('appends a touch once, moves the due date forward and never backwards', async () => {
    await t.ledger.putContact(aContact({ id: 'tt-1', cadenceDays: 10 }));
    const touch = { id: 't-1', contactId: 'tt-1', at: '2026-11-01T10:00:00.000Z', channel: 'call' as const, repId: 'rep-1', source: 'manual' as const };
    expect(await t.ledger.recordTouch({ touch })).toBe(true);
    expect(await t.ledger.recordTouch({ touch })).toBe(false);
    let c = await t.ledger.getContact('tt-1');
    expect(c?.lastTouchAt).toBe('2026-11-01T10:00:00.000Z');
    expect(c?.nextDueAt).toBe('2026-11-11T10:00:00.000Z');
    // an older touch arriving late is history, but the due date stays
    expect(await t.ledger.recordTouch({ touch: { ...touch, id: 't-0', at: '2026-10-01T10:00:00.000Z' } })).toBe(true);
    c = await t.ledger.getContact('tt-1');
    expect(c?.nextDueAt).toBe('2026-11-11T10:00:00.000Z');
    const timeline = await t.ledger.listTouches('tt-1');
    expect(timeline.map((x) => x.id)).toEqual(['t-0', 't-1']);
    expect((await t.ledger.listTouches('tt-1', { newestFirst: true, limit: 1 })).map((x) => x.id)).toEqual(['t-1']);
    const counts = await t.ledger.weeklyTouchCounts(['2026-W44', '2026-W40']);
    expect(counts).toEqual(
      expect.arrayContaining([
        { week: '2026-W44', repId: 'rep-1', channel: 'call', count: 1 },
        { week: '2026-W40', repId: 'rep-1', channel: 'call', count: 1 },
      ]),
    );
  });

  it('counts a burst of touches of one rep and week on several counter items, and adds them up (old unsharded ones too)', async () => {
    const at = '2026-11-24T09:00:00.000Z'; // 2026-W48
    for (let i = 0; i < 30; i++) await t.ledger.putContact(aContact({ id: `burst-${i}` }));
    // recorded all at once, as a letter export or a sending burst does
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        t.ledger.recordTouch({ touch: { id: `burst-t-${i}`, contactId: `burst-${i}`, at, channel: 'letter', repId: 'rep-burst', source: 'export' } }),
      ),
    );
    expect(results.every(Boolean)).toBe(true);
    const items = (await t.doc.send(new ScanCommand({ TableName: t.tableName, FilterExpression: 'begins_with(PK, :pk)', ExpressionAttributeValues: { ':pk': 'STATS#2026-W48' } }))).Items ?? [];
    const burst = items.filter((i) => String(i.SK) === 'rep-burst#letter');
    // spread over more than one item, each in a partition of its own (STATS#<week>#<shard>), so concurrent
    // transactions do not all wait on one item and one week's touches do not all land on one partition key
    expect(burst.length).toBeGreaterThan(1);
    expect(new Set(burst.map((i) => i.PK)).size).toBe(burst.length);
    expect(burst.every((i) => /^STATS#2026-W48#\d$/.test(String(i.PK)))).toBe(true);
    expect(burst.reduce((sum, i) => sum + Number(i.count), 0)).toBe(30);
    // items of the earlier layouts are still counted: unsharded, and sharded by a sort-key suffix in one partition
    await t.doc.send(new PutCommand({ TableName: t.tableName, Item: { PK: 'STATS#2026-W48', SK: 'rep-burst#letter', type: 'stats', count: 5 } }));
    await t.doc.send(new PutCommand({ TableName: t.tableName, Item: { PK: 'STATS#2026-W48', SK: 'rep-burst#letter#3', type: 'stats', count: 2 } }));
    const counts = await t.ledger.weeklyTouchCounts(['2026-W48']);
    expect(counts.filter((c) => c.repId === 'rep-burst')).toEqual([{ week: '2026-W48', repId: 'rep-burst', channel: 'letter', count: 37 }]);
  });

  it('closes a draft in the same transaction, exactly once, even under concurrency', async () => {
    await t.ledger.putContact(aContact({ id: 'tx-1' }));
    const draft = aDraft({ contactId: 'tx-1', status: 'sending' });
    await t.ledger.putDrafts([draft]);
    const attempts = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) =>
        t.ledger.recordTouch({
          touch: { id: `send-${i}`, contactId: 'tx-1', at: '2026-11-27T09:00:00.000Z', channel: 'email', repId: 'rep-1', source: 'send' },
          draft: { id: draft.id, contactId: 'tx-1', kind: draft.kind, fromStatus: 'sending', toStatus: 'sent', set: { messageId: `m-${i}` } },
        }),
      ),
    );
    expect(attempts.filter((a) => a.status === 'fulfilled' && a.value === true)).toHaveLength(1);
    expect(attempts.filter((a) => a.status === 'rejected').every((a) => (a as PromiseRejectedResult).reason instanceof DraftConflict)).toBe(true);
    expect(await t.ledger.listTouches('tx-1')).toHaveLength(1);
    expect((await t.ledger.getDraft(draft.id))?.status).toBe('sent');
  });
});

describe('DynamoDB ledger: drafts', () => {
  it('tells open drafts of a rep and closed drafts of the same run apart from others', async () => {
    const open = aDraft({ contactId: 'o-1', repId: 'rep-o' });
    const closedSameRun = aDraft({ contactId: 'o-2', repId: 'rep-o', status: 'rejected' });
    const closedOtherRun = aDraft({ contactId: 'o-3', repId: 'rep-o', status: 'sent', runAt: '2026-10-01T08:00:00Z' });
    await t.ledger.putDrafts([open, closedSameRun, closedOtherRun]);
    const ids = await t.ledger.listOpenDraftContactIds('rep-o', open.runId);
    expect([...ids].sort()).toEqual(['o-1', 'o-2']);
  });

  it('updates only at the expected version and status; ten racers, one winner', async () => {
    const d = aDraft({ contactId: 'race-1', repId: 'rep-race' });
    await t.ledger.putDrafts([d]);
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        t.ledger.updateDraft(d.id, { expectedVersion: 1, fromStatuses: ['pending_approval'], set: { status: 'approved', editedBy: `r${i}` } }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const stored = await t.ledger.getDraft(d.id);
    expect(stored?.status).toBe('approved');
    expect(stored?.version).toBe(2);
    // the status index moved with it
    const approved = await t.ledger.listDrafts({ status: 'approved', repId: 'rep-race' });
    expect(approved.items.map((x) => x.id)).toEqual([d.id]);
    const pending = await t.ledger.listDrafts({ status: 'pending_approval', repId: 'rep-race' });
    expect(pending.items).toHaveLength(0);
  });

  it('lists drafts by campaign across statuses with a cursor', async () => {
    const drafts = Array.from({ length: 30 }, (_, i) =>
      aDraft({ campaignId: 'paging', contactId: `p-${String(i).padStart(2, '0')}`, status: i % 2 ? 'approved' : 'pending_approval' }),
    );
    await t.ledger.putDrafts(drafts);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await t.ledger.listDrafts({ campaignId: 'paging', limit: 7, cursor });
      seen.push(...page.items.map((d) => d.contactId));
      cursor = page.cursor;
    } while (cursor);
    expect(seen.sort()).toEqual(drafts.map((d) => d.contactId).sort());
  });

  const statusIndex = async (campaignId: string) =>
    ((await t.doc.send(new ScanCommand({ TableName: t.tableName, FilterExpression: 'campaignId = :c', ExpressionAttributeValues: { ':c': campaignId } }))).Items ?? []).map(
      (i) => ({ contactId: String(i.contactId), pk: String(i.GSI2PK), sk: String(i.GSI2SK) }),
    );

  it('spreads the status index over shard partitions, with the kind first in the sort key (issue 18)', async () => {
    const drafts = Array.from({ length: 48 }, (_, i) => {
      const kind = (['email', 'letter', 'task'] as const)[i % 3]!;
      return aDraft({ campaignId: 'shards', contactId: `sh-${String(i).padStart(2, '0')}`, status: 'approved', kind, channel: kind === 'task' ? 'call' : kind });
    });
    await t.ledger.putDrafts(drafts);
    const index = await statusIndex('shards');
    // one partition per status and shard: a million new drafts do not all queue on one key
    expect(new Set(index.map((i) => i.pk)).size).toBeGreaterThan(8);
    expect(index.every((i) => /^DRAFTS#approved#\d{1,2}$/.test(i.pk))).toBe(true);
    expect(index.find((i) => i.contactId === 'sh-01')!.sk).toBe(`letter#${drafts[1]!.runId}#sh-01`);
    const all = async (q: Parameters<typeof t.ledger.listDrafts>[0]) => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await t.ledger.listDrafts({ ...q, cursor });
        seen.push(...page.items.map((d) => d.contactId));
        cursor = page.cursor;
      } while (cursor);
      return seen;
    };
    expect((await all({ status: 'approved', campaignId: 'shards', limit: 5 })).sort()).toEqual(drafts.map((d) => d.contactId));
    // a letter export reads letters only: the kind is a key prefix, not a filter
    const letters = drafts.filter((d) => d.kind === 'letter').map((d) => d.contactId);
    expect((await all({ status: 'approved', kind: 'letter', campaignId: 'shards', limit: 4 })).sort()).toEqual(letters);
    expect((await all({ status: 'approved', kind: 'letter', runId: drafts[0]!.runId, limit: 100 })).sort()).toEqual(letters);
  });

  it('merges the shards in send order, page by page, by run and then contact (issue 18)', async () => {
    const runs = ['2026-11-13T08:00:00Z', '2026-11-20T08:00:00Z', '2026-11-06T08:00:00Z'];
    const drafts = Array.from({ length: 45 }, (_, i) => aDraft({ campaignId: 'order', runAt: runs[i % 3], contactId: `o-${String((i * 7) % 45).padStart(2, '0')}`, status: 'sending' }));
    await t.ledger.putDrafts(drafts);
    const expected = drafts.map((d) => `${d.runId}#${d.contactId}`).sort();
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await t.ledger.listDrafts({ status: 'sending', kind: 'email', campaignId: 'order', inSendOrder: true, limit: 7, cursor });
      seen.push(...page.items.map((d) => `${d.runId}#${d.contactId}`));
      cursor = page.cursor;
      pages++;
    } while (cursor);
    expect(seen.length, JSON.stringify(seen)).toBe(45);
    expect(seen).toEqual(expected);
    expect(pages).toBe(7);
  });

  it('still reads drafts written in the layout before sharding, and moves one into the current layout when its status changes', async () => {
    const old = aDraft({ campaignId: 'legacy', contactId: 'old-1', status: 'approved', kind: 'letter', channel: 'letter' });
    await t.doc.send(
      new PutCommand({
        TableName: t.tableName,
        Item: { PK: `CONTACT#old-1`, SK: `DRAFT#${old.runId}`, GSI1PK: 'REP#rep-1', GSI1SK: `OPEN#${old.runId}#old-1`, GSI2PK: 'DRAFTS#approved', GSI2SK: `${old.runId}#old-1`, type: 'draft', ...old },
      }),
    );
    expect((await t.ledger.listDrafts({ status: 'approved', campaignId: 'legacy' })).items.map((d) => d.id)).toEqual([old.id]);
    expect((await t.ledger.listDrafts({ status: 'approved', kind: 'letter', inSendOrder: true, runId: old.runId })).items.map((d) => d.id)).toEqual([old.id]);
    expect((await t.ledger.listDrafts({ status: 'approved', kind: 'email', campaignId: 'legacy' })).items).toEqual([]);
    // a wrong kind fails the condition, and writes nothing
    await expect(t.ledger.updateDraft(old.id, { fromStatuses: ['approved'], kind: 'email', set: { status: 'recalled' } })).rejects.toBeInstanceOf(DraftConflict);
    // the caller does not say the kind: the ledger reads it
    await t.ledger.updateDraft(old.id, { fromStatuses: ['approved'], set: { status: 'recalled' } });
    const [moved] = await statusIndex('legacy');
    expect(moved!.pk).toMatch(/^DRAFTS#recalled#\d{1,2}$/);
    expect(moved!.sk).toBe(`letter#${old.runId}#old-1`);
    expect((await t.ledger.listDrafts({ status: 'recalled', kind: 'letter', campaignId: 'legacy' })).items.map((d) => d.id)).toEqual([old.id]);
  });
});

describe('DynamoDB ledger: snoozes', () => {
  it('keeps a contact’s snooze, lifts it, and reads contacts written before snoozes existed', async () => {
    const snooze = { until: '2026-04-01T00:00:00.000Z', reason: 'away', at: '2026-03-10T09:00:00.000Z', by: 'inbound', campaignId: 'crisis-update' };
    const stored = await t.ledger.putContact(aContact({ id: 'sz-1', snooze }));
    expect((await t.ledger.getContact('sz-1'))?.snooze).toEqual(snooze);
    const { snooze: _gone, ...lifted } = stored;
    await t.ledger.putContact(lifted, stored.version);
    expect(await t.ledger.getContact('sz-1')).not.toHaveProperty('snooze');
    // an item as an earlier version wrote it: no snooze attribute at all
    const old = aContact({ id: 'sz-old', repId: 'rep-old', nextDueAt: '2026-01-01T00:00:00.000Z' });
    await t.doc.send(new PutCommand({ TableName: t.tableName, Item: { PK: 'CONTACT#sz-old', SK: 'PROFILE', GSI1PK: 'REP#rep-old', GSI1SK: 'DUE#2026-01-01T00:00:00.000Z#sz-old', type: 'contact', ...old } }));
    expect((await t.ledger.listContactsByRep('rep-old', { dueBy: '2026-02-01T00:00:00.000Z' })).items.map((c) => [c.id, c.snooze])).toEqual([['sz-old', undefined]]);
  });

  it('rejects a draft and replaces its contact in one transaction, or writes neither', async () => {
    const contact = await t.ledger.putContact(aContact({ id: 'sz-2', repId: 'rep-sz', nextDueAt: '2026-01-01T00:00:00.000Z' }));
    const draft = aDraft({ contactId: 'sz-2', repId: 'rep-sz' });
    await t.ledger.putDrafts([draft]);
    const snooze = { until: '2026-12-11T09:00:00.000Z', reason: 'rejected', at: '2026-11-27T09:00:00.000Z' };
    const change = { expectedVersion: 1, fromStatuses: ['pending_approval'] as const, set: { status: 'rejected' as const, updatedAt: snooze.at } };

    // the contact changed meanwhile: nothing is written, the draft still waits
    await expect(t.ledger.updateDraftReplacingContact(draft.id, change, { contact: { ...contact, snooze, nextDueAt: '2026-02-01T00:00:00.000Z' }, expectedVersion: contact.version - 1 })).rejects.toBeInstanceOf(VersionConflict);
    expect((await t.ledger.getDraft(draft.id))?.status).toBe('pending_approval');
    expect(await t.ledger.getContact('sz-2')).not.toHaveProperty('snooze');

    const out = await t.ledger.updateDraftReplacingContact(draft.id, change, { contact: { ...contact, snooze, nextDueAt: '2026-02-01T00:00:00.000Z' }, expectedVersion: contact.version });
    expect(out.draft).toMatchObject({ id: draft.id, status: 'rejected', version: 2 });
    expect(out.contact).toMatchObject({ snooze, version: contact.version + 1 });
    expect(await t.ledger.getContact('sz-2')).toMatchObject({ snooze, version: contact.version + 1 });
    // the due index moved with the contact, and the draft left the open drafts
    expect((await t.ledger.listContactsByRep('rep-sz', { dueBy: '2026-01-15T00:00:00.000Z' })).items).toEqual([]);
    expect((await t.ledger.listContactsByRep('rep-sz', { dueBy: '2026-02-01T00:00:00.000Z' })).items.map((c) => c.id)).toEqual(['sz-2']);
    expect(await t.ledger.listOpenDraftContactIds('rep-sz', 'other-run')).toEqual(new Set());

    // decided already: the draft's condition fails and the contact is left as it is
    const now = (await t.ledger.getContact('sz-2'))!;
    await expect(t.ledger.updateDraftReplacingContact(draft.id, change, { contact: { ...now, snooze: { ...snooze, until: '2027-01-01T00:00:00.000Z' } }, expectedVersion: now.version })).rejects.toBeInstanceOf(DraftConflict);
    expect((await t.ledger.getContact('sz-2'))?.snooze).toEqual(snooze);
  });
});

describe('DynamoDB ledger: suppressions, tokens, settings, erase', () => {
  it('keeps one suppression per address', async () => {
    const s = { emailHash: hashEmail('x@example.com'), reason: 'bounce' as const, at: '2026-11-27T10:00:00.000Z' };
    expect(await t.ledger.suppress(s)).toBe(true);
    expect(await t.ledger.suppress({ ...s, reason: 'complaint' })).toBe(false);
    expect((await t.ledger.getSuppression(s.emailHash))?.reason).toBe('bounce');
    // an erase tombstone replaces the reason once
    expect(await t.ledger.suppress({ ...s, reason: 'erased' })).toBe(true);
    expect(await t.ledger.suppress({ ...s, reason: 'erased' })).toBe(false);
    expect((await t.ledger.getSuppression(s.emailHash))?.reason).toBe('erased');
    const among = await t.ledger.suppressedAmong([s.emailHash, hashEmail('y@example.com')]);
    expect([...among]).toEqual([s.emailHash]);
  });

  it('uses a token once', async () => {
    const hash = 'a'.repeat(64);
    await t.ledger.putToken({ hash, kind: 'draft', repId: 'rep-1', draftIds: ['x'], createdAt: '2026-11-27T10:00:00.000Z', expiresAt: '2026-11-30T10:00:00.000Z' });
    const results = await Promise.all([1, 2, 3].map(() => t.ledger.useToken(hash, '2026-11-27T11:00:00.000Z')));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await t.ledger.getToken(hash))?.usedAt).toBe('2026-11-27T11:00:00.000Z');
  });

  it('pauses and resumes', async () => {
    expect(await t.ledger.isPaused()).toBe(false);
    await t.ledger.setPaused(true, 'cli', '2026-11-27T10:00:00.000Z');
    expect(await t.ledger.isPaused()).toBe(true);
    await t.ledger.setPaused(false, 'cli', '2026-11-27T10:05:00.000Z');
    expect(await t.ledger.isPaused()).toBe(false);
  });

  it('deletes a contact’s whole item collection and nothing else', async () => {
    await t.ledger.putContact(aContact({ id: 'gone' }));
    await t.ledger.putContact(aContact({ id: 'stays' }));
    await t.ledger.putDrafts([aDraft({ contactId: 'gone' }), aDraft({ contactId: 'stays' })]);
    await t.ledger.recordTouch({ touch: { id: 'g1', contactId: 'gone', at: '2026-11-02T10:00:00.000Z', channel: 'visit', repId: 'rep-1', source: 'manual' } });
    expect((await t.ledger.listDraftsOfContact('gone')).map((d) => d.contactId)).toEqual(['gone']);
    expect(await t.ledger.deleteContactCollection('gone')).toBe(3);
    const scan = await t.doc.send(new ScanCommand({ TableName: t.tableName }));
    expect(scan.Items?.some((i) => String(i.PK) === 'CONTACT#gone')).toBe(false);
    expect(scan.Items?.some((i) => String(i.PK) === 'CONTACT#stays')).toBe(true);
  });
});

describe('DynamoDB ledger: capacity meter', () => {
  it('counts writes as writes and reads as reads', async () => {
    t.ledger.capacity.reset();
    await t.ledger.putContact(aContact({ id: 'cap-1' }));
    expect(t.ledger.capacity.writeUnits).toBeGreaterThan(0);
    // a contact write reads what its coverage share depends on (the stored contact, the address's suppression)
    const reads = t.ledger.capacity.readUnits;
    expect(reads).toBeLessThanOrEqual(2);
    const writes = t.ledger.capacity.writeUnits;
    await t.ledger.getContact('cap-1');
    expect(t.ledger.capacity.readUnits).toBeGreaterThan(reads);
    expect(t.ledger.capacity.writeUnits).toBe(writes);
  });
});
