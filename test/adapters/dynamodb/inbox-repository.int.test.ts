// The inbox on DynamoDB Local: one entry per mail and contact, listed per rep until a digest shows it, gone with an
// erasure of the contact.
import { beforeAll, describe, expect, it } from 'vitest';
import type { InboxEntry } from '../../../functions/core/ports';
import { aContact } from '../../support/factories';
import { freshTable, scanTable, type TestTable } from '../../support/local-aws';

let t: TestTable;
beforeAll(async () => {
  t = await freshTable('inbox');
});

const entry = (over: Partial<InboxEntry>): InboxEntry => ({
  mailHash: 'a'.repeat(64),
  contactId: 'c-1',
  repId: 'rep-1',
  kind: 'reply',
  at: '2027-01-12T09:30:00.000Z',
  draftId: 'crisis-update@20270111T0800Z~c-1',
  excerpt: 'Danke!',
  ...over,
});

describe('InboxRepository', () => {
  it('creates an entry once: the second delivery of the same mail writes nothing', async () => {
    await t.ledger.putContact(aContact({ id: 'c-1' }));
    expect(await t.ledger.addInboxEntry(entry({}))).toBe(true);
    expect(await t.ledger.addInboxEntry(entry({ at: '2027-01-12T09:35:00.000Z', excerpt: 'other' }))).toBe(false);
    expect(await t.ledger.getInboxEntry('c-1', 'a'.repeat(64))).toMatchObject({ at: '2027-01-12T09:30:00.000Z', excerpt: 'Danke!' });
    await t.ledger.markInboxForwarded('c-1', 'a'.repeat(64), '2027-01-12T09:30:05.000Z');
    expect((await t.ledger.getInboxEntry('c-1', 'a'.repeat(64)))?.forwardedAt).toBe('2027-01-12T09:30:05.000Z');
    // the contact's partition holds drafts and touches too: only the inbox entries are listed
    await t.ledger.recordTouch({ touch: { id: 'reply:x', contactId: 'c-1', at: '2027-01-12T09:30:00.000Z', channel: 'email', repId: 'rep-1', source: 'reply' } });
    expect((await t.ledger.listInboxOfContact('c-1')).map((e) => e.mailHash)).toEqual(['a'.repeat(64)]);
  });

  it('lists a rep’s unshown entries oldest first, and showing takes them off the list', async () => {
    await t.ledger.putContact(aContact({ id: 'c-2' }));
    await t.ledger.addInboxEntry(entry({ contactId: 'c-2', mailHash: 'b'.repeat(64), at: '2027-01-11T08:00:00.000Z', kind: 'away', until: '2027-01-14' }));
    await t.ledger.addInboxEntry(entry({ contactId: 'c-2', mailHash: 'c'.repeat(64), repId: 'rep-2' }));
    const listed = await t.ledger.listUnshownInbox('rep-1');
    expect(listed.map((e) => [e.contactId, e.kind])).toEqual([
      ['c-2', 'away'],
      ['c-1', 'reply'],
    ]);
    expect(listed[0]).not.toHaveProperty('GSI1PK');
    await t.ledger.markInboxShown(listed, '2027-01-13T07:00:00.000Z');
    expect(await t.ledger.listUnshownInbox('rep-1')).toEqual([]);
    expect(await t.ledger.listUnshownInbox('rep-2')).toHaveLength(1);
    expect((await t.ledger.getInboxEntry('c-1', 'a'.repeat(64)))?.shownAt).toBe('2027-01-13T07:00:00.000Z');
  });

  it('goes with the contact when it is erased, and carries a TTL', async () => {
    const items = await scanTable(t);
    expect(items.filter((i) => i.type === 'inbox').every((i) => typeof i.ttl === 'number' && i.ttl > Date.parse('2027-04-01') / 1000)).toBe(true);
    await t.ledger.deleteContactCollection('c-2');
    expect((await scanTable(t)).filter((i) => i.type === 'inbox' && i.contactId === 'c-2')).toEqual([]);
    // marking an erased entry does not bring it back
    await t.ledger.markInboxShown([{ contactId: 'c-2', mailHash: 'c'.repeat(64) }], '2027-01-13T08:00:00.000Z');
    await t.ledger.markInboxForwarded('c-2', 'c'.repeat(64), '2027-01-13T08:00:00.000Z');
    expect(await t.ledger.getInboxEntry('c-2', 'c'.repeat(64))).toBeUndefined();
  });
});
