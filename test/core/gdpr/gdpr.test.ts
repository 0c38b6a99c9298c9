import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../../functions/adapters/memory/fixed-clock';
import { MemoryLedger } from '../../../functions/adapters/memory/memory-ledger';
import { eraseContact } from '../../../functions/core/gdpr/erase-contact';
import { contactIdTombstone, erasedReason, findErased } from '../../../functions/core/gdpr/erased-reason';
import { exportContact } from '../../../functions/core/gdpr/export-contact';
import { NotFound } from '../../../functions/core/errors';
import { hashEmail, sha256Hex } from '../../../functions/core/ids';
import { aContact, aDraft, aRep } from '../../support/factories';

const NOW = '2026-11-27T10:00:00.000Z';

/** Anna (c-1) with two drafts and three touches, and Bernd (c-2) who must stay untouched. */
async function ledgerWithAnna() {
  const ledger = new MemoryLedger();
  const clock = new FixedClock(NOW);
  await ledger.putRep(aRep());
  await ledger.putContact(aContact({ id: 'c-1', email: 'Anna.Mueller@Example.com', phone: '+49 30 1234' }));
  await ledger.putContact(aContact({ id: 'c-2', firstName: 'Bernd', lastName: 'Koch', company: 'Koch KG', email: 'bernd@example.com', address: { street: 'Ringweg 2', postalCode: '50667', city: 'Köln', country: 'DE' } }));
  await ledger.putDrafts([
    aDraft({ contactId: 'c-1', runAt: '2026-10-01T08:00:00Z', status: 'sent' }),
    aDraft({ contactId: 'c-1', runAt: '2026-11-27T08:00:00Z', status: 'pending_approval' }),
    aDraft({ contactId: 'c-2', runAt: '2026-11-27T08:00:00Z' }),
  ]);
  for (const [i, at] of ['2026-09-01T10:00:00.000Z', '2026-10-01T10:00:00.000Z', '2026-11-01T10:00:00.000Z'].entries()) {
    await ledger.recordTouch({ touch: { id: `t-${i}`, contactId: 'c-1', repId: 'rep-1', channel: 'email', at, source: 'send' } });
  }
  await ledger.recordTouch({ touch: { id: 't-b', contactId: 'c-2', repId: 'rep-1', channel: 'call', at: '2026-11-02T10:00:00.000Z', source: 'task' } });
  return { ledger, clock, deps: { ledger, clock } };
}

const PERSONAL = ['anna', 'müller', 'mueller', 'c-1', '1234', 'hauptstraße'];

function expectNoPersonalData(value: unknown) {
  const text = JSON.stringify(value).toLowerCase();
  for (const p of PERSONAL) expect(text, `contains ${p}`).not.toContain(p);
}

describe('exportContact', () => {
  it('returns the fields, every draft and every touch, and the suppression status', async () => {
    const { ledger, deps } = await ledgerWithAnna();
    await ledger.suppress({ emailHash: hashEmail('anna.mueller@example.com'), reason: 'bounce', at: '2026-11-10T00:00:00.000Z' });
    const out = await exportContact(deps, 'c-1', 'cli:ops');
    expect(out.exportedAt).toBe(NOW);
    expect(out.contact).toMatchObject({ id: 'c-1', firstName: 'Anna', lastName: 'Müller', email: 'Anna.Mueller@Example.com', phone: '+49 30 1234' });
    expect(out.contact.address.street).toBe('Hauptstraße 1');
    expect(out.drafts.map((d) => [d.contactId, d.status])).toEqual([
      ['c-1', 'sent'],
      ['c-1', 'pending_approval'],
    ]);
    expect(out.drafts[0]!.content.text).toBe('Hallo');
    expect(out.touches.map((t) => t.id)).toEqual(['t-0', 't-1', 't-2']);
    expect(out.inbox).toEqual([]);
    expect(out.suppression).toEqual({ suppressed: true, reason: 'bounce', at: '2026-11-10T00:00:00.000Z' });
    expect(out.notes.length).toBeGreaterThan(0);
    // the export is plain JSON
    expect(JSON.parse(JSON.stringify(out))).toEqual(out);
  });

  it('includes what the contact’s mails left in the inbox (the first lines of a reply), and nobody else’s', async () => {
    const { ledger, deps } = await ledgerWithAnna();
    const entry = { mailHash: 'a'.repeat(64), repId: 'rep-1', kind: 'reply' as const, at: '2026-11-20T09:00:00.000Z', draftId: 'x', excerpt: 'Danke, bitte rufen Sie an.' };
    await ledger.addInboxEntry({ ...entry, contactId: 'c-1' });
    await ledger.addInboxEntry({ ...entry, contactId: 'c-2', excerpt: 'Bernd schreibt' });
    const out = await exportContact(deps, 'c-1');
    expect(out.inbox).toEqual([expect.objectContaining({ contactId: 'c-1', excerpt: 'Danke, bitte rufen Sie an.' })]);
    await eraseContact(deps, 'c-1', 'cli:ops');
    expect(await ledger.listInboxOfContact('c-1')).toEqual([]);
    expect(await ledger.listInboxOfContact('c-2')).toHaveLength(1);
  });

  it('says not suppressed and is audited by hash only', async () => {
    const { ledger, deps } = await ledgerWithAnna();
    const out = await exportContact(deps, 'c-1', 'cli:ops');
    expect(out.suppression).toEqual({ suppressed: false });
    expect(ledger.audits).toEqual([
      { at: NOW, action: 'contact.exported', actor: 'cli:ops', subject: `email-sha256:${hashEmail('anna.mueller@example.com')}`, detail: { drafts: 2, touches: 3 } },
    ]);
    expectNoPersonalData(ledger.audits);
  });

  it('throws NotFound for an unknown contact', async () => {
    const { deps } = await ledgerWithAnna();
    await expect(exportContact(deps, 'nobody')).rejects.toBeInstanceOf(NotFound);
  });
});

describe('eraseContact', () => {
  it('leaves nothing of the contact but the hashed tombstone and a hash-only audit entry', async () => {
    const { ledger, deps } = await ledgerWithAnna();
    const result = await eraseContact(deps, 'c-1', 'cli:ops');
    const hash = hashEmail('anna.mueller@example.com');
    expect(result).toEqual({ deleted: 6, tombstone: { emailHash: hash, reason: 'erased' }, sameAddress: [] });

    expect([...ledger.contacts.keys()]).toEqual(['c-2']);
    expect([...ledger.drafts.values()].map((d) => d.contactId)).toEqual(['c-2']);
    expect([...ledger.touches.keys()]).toEqual(['c-2']);
    // two tombstones: the address's and the id's, both hashes
    expect([...ledger.suppressions.values()]).toEqual([
      { emailHash: hash, reason: 'erased', at: NOW },
      { emailHash: contactIdTombstone('c-1'), reason: 'erased', at: NOW, detail: 'contact id' },
    ]);
    expect(ledger.audits).toEqual([{ at: NOW, action: 'contact.erased', actor: 'cli:ops', subject: `email-sha256:${hash}`, detail: { deleted: 6, sameAddress: 0 } }]);
    // whatever remains anywhere in the ledger holds none of Anna's data
    expectNoPersonalData({
      contacts: [...ledger.contacts.values()],
      drafts: [...ledger.drafts.values()],
      touches: [...ledger.touches.values()],
      suppressions: [...ledger.suppressions.values()],
      stats: [...ledger.stats.keys()],
      audits: ledger.audits,
    });
    // Bernd is untouched
    expect((await ledger.listTouches('c-2')).map((t) => t.id)).toEqual(['t-b']);
  });

  it('replaces an earlier bounce so that the erasure also blocks a re-import', async () => {
    const { ledger, deps } = await ledgerWithAnna();
    const hash = hashEmail('anna.mueller@example.com');
    await ledger.suppress({ emailHash: hash, reason: 'bounce', at: '2026-11-10T00:00:00.000Z' });
    const result = await eraseContact(deps, 'c-1', 'cli:ops');
    expect(result.tombstone).toEqual({ emailHash: hash, reason: 'erased' });
    expect(erasedReason(await ledger.getSuppression(hash))).toContain('erased at their request on 2026-11-27');
  });

  it('erases a contact without an address: only the id tombstone, the audit names the id hash', async () => {
    const { ledger, deps } = await ledgerWithAnna();
    await ledger.putContact(aContact({ id: 'c-3', email: '', lastName: 'Brief' }));
    const result = await eraseContact(deps, 'c-3', 'cli:ops');
    expect(result).toEqual({ deleted: 1, sameAddress: [] });
    expect([...ledger.suppressions.keys()]).toEqual([contactIdTombstone('c-3')]);
    expect(ledger.audits[0]!.subject).toBe(`contact-sha256:${sha256Hex('c-3')}`);
  });

  it('names other contacts with the same address without erasing them', async () => {
    const { ledger, deps } = await ledgerWithAnna();
    await ledger.putContact(aContact({ id: 'c-9', repId: 'rep-2', email: 'anna.mueller@example.com' }));
    const result = await eraseContact(deps, 'c-1', 'cli:ops');
    expect(result.sameAddress).toEqual(['c-9']);
    expect(ledger.contacts.has('c-9')).toBe(true);
    expect(ledger.audits[0]!.detail).toEqual({ deleted: 6, sameAddress: 1 });
  });

  it('finishes an interrupted erasure and refuses a second one', async () => {
    const { ledger, deps } = await ledgerWithAnna();
    ledger.contacts.delete('c-1'); // the contact item went, drafts and touches stayed
    const result = await eraseContact(deps, 'c-1', 'cli:ops');
    expect(result.deleted).toBe(5);
    expect(ledger.audits.at(-1)).toMatchObject({ action: 'contact.erase-completed', subject: `contact-sha256:${sha256Hex('c-1')}` });
    await expect(eraseContact(deps, 'c-1', 'cli:ops')).rejects.toBeInstanceOf(NotFound);
  });
});

describe('import guard', () => {
  it('gives a clear reason for an erased address only', () => {
    expect(erasedReason({ emailHash: 'a'.repeat(64), reason: 'erased', at: '2026-11-27T10:00:00.000Z' })).toBe(
      "this person's data was erased at their request on 2026-11-27 (GDPR Art. 17); the address may not be imported again",
    );
    expect(erasedReason({ emailHash: 'a'.repeat(64), reason: 'bounce', at: NOW })).toBeUndefined();
    expect(erasedReason(undefined)).toBeUndefined();
  });

  it('finds the erased addresses among an import\'s rows, whatever their case', async () => {
    const { ledger, deps } = await ledgerWithAnna();
    await ledger.suppress({ emailHash: hashEmail('bounced@example.com'), reason: 'bounce', at: NOW });
    await eraseContact(deps, 'c-1', 'cli:ops');
    const found = await findErased(deps, [' ANNA.MUELLER@example.com', 'bounced@example.com', 'new@example.com', '']);
    expect([...found.keys()]).toEqual(['anna.mueller@example.com']);
    expect(found.get('anna.mueller@example.com')).toContain('GDPR Art. 17');
  });
});
