import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryLedger } from '../../../functions/adapters/memory/memory-ledger';
import { FixedClock } from '../../../functions/adapters/memory/fixed-clock';
import { VersionConflict } from '../../../functions/core/errors';
import { hashEmail } from '../../../functions/core/ids';
import { contactIdForEmail, importContacts, ERASED_REASON } from '../../../functions/core/import/import-contacts';
import { collectRejects, type ImportRow, type ImportSource } from '../../../functions/core/import/import-source';
import type { Contact } from '../../../functions/core/model';
import { silentLogger } from '../../../functions/core/ports';
import { aRep } from '../../support/factories';

const NOW = '2026-03-02T09:00:00.000Z';

/** A file as the CSV reader hands it over: the header on line 1, each row on the next line. */
function source(header: string[], rows: Array<string[] | ImportRow>): ImportSource {
  return {
    header,
    headerLine: 1,
    rows: (async function* () {
      let line = 1;
      for (const r of rows) {
        line++;
        yield Array.isArray(r) ? { line, record: r } : r;
      }
    })(),
  };
}

const GERMAN = ['Kundennummer', 'Anrede', 'Titel', 'Vorname', 'Nachname', 'Firma', 'E-Mail', 'Straße', 'PLZ', 'Ort', 'Land', 'Kanal', 'Sprache', 'Anrede-Form', 'Intervall (Tage)', 'Betreuer', 'Schlagworte', 'Branche'];

let ledger: MemoryLedger;
let clock: FixedClock;
let puts: number;
beforeEach(async () => {
  ledger = new MemoryLedger();
  clock = new FixedClock(NOW);
  await ledger.putRep(aRep({ id: 'ps', name: 'Petra Schneider', email: 'petra.schneider@example.com' }));
  await ledger.putRep(aRep({ id: 'jw', name: 'Jonas Weber', email: 'jonas.weber@example.com' }));
  puts = 0;
  const put = ledger.putContact.bind(ledger);
  ledger.putContact = (c: Contact, v?: number) => {
    puts++;
    return put(c, v);
  };
});

const run = (src: ImportSource, opts: { dryRun?: boolean; chunkSize?: number } = {}) => {
  const rejects = collectRejects();
  return importContacts({ ledger, clock, logger: silentLogger }, { source: src, rejects, ...opts }).then((result) => ({ result, rejects: rejects.rejected }));
};

const anna = ['k-1', 'Frau', 'Dr.', 'Anna', 'Müller', 'Müller GmbH', 'anna.mueller@example.com', 'Hauptstraße 1', '10115', 'Berlin', 'Deutschland', 'E-Mail', 'Deutsch', 'Sie', '30', 'ps', 'VIP | Messe 2025', 'Maschinenbau'];
const lukasz = ['k-2', 'Herr', '', 'Łukasz', 'Wąsik', 'Wąsik Sp. z o.o.', '', 'ul. Długa 5', '00-238', 'Warszawa', 'Polen', 'Brief', 'English', 'Du', '60 Tage', 'jonas.weber@example.com', '', ''];

describe('importContacts', () => {
  it('creates contacts from a German CRM export, normalising every value', async () => {
    const { result, rejects } = await run(source(GERMAN, [anna, lukasz]));
    expect(rejects).toEqual([]);
    expect(result).toEqual({ created: 2, updated: 0, unchanged: 0, rejected: 0, rejectsFile: null });
    const a = ledger.contacts.get('k-1')!;
    expect(a).toMatchObject({
      salutation: 'ms',
      title: 'Dr.',
      firstName: 'Anna',
      lastName: 'Müller',
      email: 'anna.mueller@example.com',
      address: { street: 'Hauptstraße 1', postalCode: '10115', city: 'Berlin', country: 'DE' },
      channel: 'email',
      locale: 'de',
      formal: true,
      cadenceDays: 30,
      repId: 'ps',
      tags: ['VIP', 'Messe 2025'],
      custom: { Branche: 'Maschinenbau' },
      consent: { email: true, letter: true, call: true, visit: true },
      optedOut: false,
      version: 1,
      createdAt: NOW,
      updatedAt: NOW,
      // never touched: due at once
      nextDueAt: NOW,
    });
    expect(a.lastTouchAt).toBeUndefined();
    const l = ledger.contacts.get('k-2')!;
    expect(l).toMatchObject({ salutation: 'mr', channel: 'letter', locale: 'en', formal: false, cadenceDays: 60, repId: 'jw', custom: {} });
    expect(l.address.country).toBe('PL');
  });

  it('sets the due date from a last touch the file knows: last touch + cadence', async () => {
    const header = ['id', 'Nachname', 'E-Mail', 'Betreuer', 'Intervall', 'Letzter Kontakt'];
    await run(source(header, [['k-9', 'Keller', 'k@example.com', 'ps', '90', '15.01.2025']]));
    expect(ledger.contacts.get('k-9')).toMatchObject({ lastTouchAt: '2025-01-15T00:00:00.000Z', nextDueAt: '2025-04-15T00:00:00.000Z' });
  });

  it('changes nothing and writes nothing when the same file comes again', async () => {
    await run(source(GERMAN, [anna, lukasz]));
    const before = structuredClone([...ledger.contacts.values()]);
    puts = 0;
    clock.advance(86_400_000);
    const { result } = await run(source(GERMAN, [anna, lukasz]));
    expect(result).toEqual({ created: 0, updated: 0, unchanged: 2, rejected: 0, rejectsFile: null });
    expect(puts).toBe(0);
    expect([...ledger.contacts.values()]).toEqual(before);
  });

  it('updates what changed and keeps the ledger’s own history: last touch, due date, version, creation', async () => {
    await run(source(GERMAN, [anna]));
    await ledger.recordTouch({ touch: { id: 't1', contactId: 'k-1', at: '2026-02-01T10:00:00.000Z', channel: 'visit', repId: 'ps', source: 'manual' } });
    const touched = ledger.contacts.get('k-1')!;
    clock.set('2026-03-05T08:00:00.000Z');
    const moved = [...anna];
    moved[7] = 'Lindenallee 4';
    const { result } = await run(source(GERMAN, [moved]));
    expect(result.updated).toBe(1);
    const now = ledger.contacts.get('k-1')!;
    expect(now.address.street).toBe('Lindenallee 4');
    expect(now).toMatchObject({
      lastTouchAt: touched.lastTouchAt,
      lastTouchChannel: 'visit',
      nextDueAt: touched.nextDueAt,
      createdAt: NOW,
      updatedAt: '2026-03-05T08:00:00.000Z',
      version: touched.version + 1,
    });
  });

  it('leaves fields alone that the file has no column for, and moves the due date when the cadence changes', async () => {
    await run(source(GERMAN, [anna]));
    await ledger.recordTouch({ touch: { id: 't1', contactId: 'k-1', at: '2026-02-01T00:00:00.000Z', channel: 'call', repId: 'ps', source: 'manual' } });
    await ledger.putContact({ ...ledger.contacts.get('k-1')!, phone: '+49 30 1234' }, ledger.contacts.get('k-1')!.version);
    const { result } = await run(source(['id', 'Nachname', 'Betreuer', 'Intervall'], [['k-1', 'Müller', 'ps', '10']]));
    expect(result.updated).toBe(1);
    expect(ledger.contacts.get('k-1')).toMatchObject({ phone: '+49 30 1234', firstName: 'Anna', cadenceDays: 10, nextDueAt: '2026-02-11T00:00:00.000Z' });
  });

  it('rejects rows with a reason naming the column and what to fix, and imports the rest', async () => {
    await ledger.suppress({ emailHash: hashEmail('erased@example.com'), reason: 'erased', at: NOW });
    await ledger.suppress({ emailHash: hashEmail('bounced@example.com'), reason: 'bounce', at: NOW });
    const row = (over: Record<number, string>) => anna.map((v, i) => over[i] ?? v);
    const rows: Array<string[] | ImportRow> = [
      row({ 0: 'k-1' }), // line 2, fine
      row({ 0: 'k-3', 6: 'anna@' }), // 3
      row({ 0: 'k-4', 3: '', 4: '', 5: '' }), // 4
      row({ 0: 'k-5', 15: 'x' }), // 5
      row({ 0: 'k-6', 11: 'Fax' }), // 6
      row({ 0: 'k-1', 6: 'other@example.com' }), // 7: duplicate of line 2
      row({ 0: 'k-8', 11: 'Brief', 7: '', 9: '' }), // 8
      row({ 0: 'k-9', 6: '' }), // 9: email channel without email
      row({ 0: 'k-10', 14: '2,5' }), // 10
      row({ 0: 'k-11', 6: 'Erased@Example.com' }), // 11
      { line: 12, record: ['k-12', 'Frau'], problem: 'the row has 2 fields, the header has 18: check the separators (;) in this row' },
      row({ 0: '' }), // 13
      row({ 0: 'k-14', 6: 'bounced@example.com' }), // 14: a bounce is no reason to refuse the contact
      row({ 0: 'k 15' }), // 15
      row({ 0: 'k-16', 11: 'Brief', 7: '', 6: 'nope' }), // 16: two problems, both told at once
      row({ 0: 'k-17', 15: 'nobody', 6: '' }), // 17
    ];
    const { result, rejects } = await run(source(GERMAN, rows));
    expect(rejects).toEqual([
      { line: 3, reason: 'E-Mail "anna@" is not a valid address' },
      { line: 4, reason: 'there is no name and no company: fill Vorname/Nachname or Firma' },
      { line: 5, reason: 'rep "x" is not known: import reps first or fix Betreuer' },
      { line: 6, reason: 'Kanal "Fax" is not a known channel: use E-Mail, Brief, Besuch or Anruf (email, letter, visit, call)' },
      { line: 7, reason: 'Kundennummer "k-1" appears twice in the file (first seen on line 2): keep one row per contact' },
      { line: 8, reason: 'channel letter needs a full postal address: fill Straße, Ort' },
      { line: 9, reason: 'channel email needs an email address: fill E-Mail or choose another Kanal' },
      { line: 10, reason: 'Intervall (Tage) "2,5" is not a whole number of days: use a number from 1 to 3650, for example 30' },
      { line: 11, reason: ERASED_REASON },
      { line: 12, reason: 'the row has 2 fields, the header has 18: check the separators (;) in this row' },
      { line: 13, reason: 'Kundennummer is empty: fill it, or leave out the whole column to match contacts by email' },
      { line: 15, reason: 'Kundennummer "k 15" cannot be used as an id: use 1-64 letters, digits, dot, dash or underscore' },
      { line: 16, reason: 'E-Mail "nope" is not a valid address; channel letter needs a full postal address: fill Straße' },
      { line: 17, reason: 'rep "nobody" is not known: import reps first or fix Betreuer; channel email needs an email address: fill E-Mail or choose another Kanal' },
    ]);
    expect(result).toMatchObject({ created: 2, rejected: 14 });
    expect([...ledger.contacts.keys()].sort()).toEqual(['k-1', 'k-14']);
  });

  it('finds duplicates across chunks', async () => {
    const rows = Array.from({ length: 250 }, (_, i) => ['c' + (i === 230 ? 5 : i), 'Firma ' + i, 'ps', 'Anruf']);
    const { result, rejects } = await run(source(['id', 'Firma', 'Betreuer', 'Kanal'], rows), { chunkSize: 100 });
    expect(result).toMatchObject({ created: 249, rejected: 1 });
    expect(rejects).toEqual([{ line: 232, reason: 'id "c5" appears twice in the file (first seen on line 7): keep one row per contact' }]);
  });

  it('matches by email when the file has no id column, with ids derived from the address', async () => {
    const header = ['Vorname', 'Nachname', 'E-Mail', 'Betreuer'];
    const rows = [
      ['Anna', 'Müller', 'Anna.Mueller@example.com', 'Petra Schneider'],
      ['Ben', 'Kurz', 'ben@example.com', 'PS'],
    ];
    const first = await run(source(header, rows));
    expect(first.result.created).toBe(2);
    const id = contactIdForEmail('Anna.Mueller@example.com');
    expect(id).toBe(contactIdForEmail('anna.mueller@example.com'));
    expect(ledger.contacts.get(id)).toMatchObject({ firstName: 'Anna', repId: 'ps' });
    expect(ledger.contacts.get(contactIdForEmail('ben@example.com'))?.repId).toBe('ps');
    const again = await run(source(header, [['Anna', 'Schmidt', 'anna.mueller@example.com', 'ps'], rows[1]!, ['Dup', 'X', 'BEN@example.com', 'ps'], ['Leer', 'X', '', 'ps']]));
    expect(again.result).toMatchObject({ created: 0, updated: 1, unchanged: 1, rejected: 2 });
    expect(ledger.contacts.get(id)?.lastName).toBe('Schmidt');
    expect(again.rejects).toEqual([
      { line: 4, reason: 'E-Mail "BEN@example.com" appears twice in the file (first seen on line 3): keep one row per contact' },
      { line: 5, reason: 'E-Mail is empty, and without an id column the email is what identifies a contact: fill it or add an id column' },
    ]);
  });

  it('refuses to guess when an email belongs to two stored contacts', async () => {
    await run(source(['id', 'Firma', 'E-Mail', 'Betreuer'], [['a', 'A', 'office@example.com', 'ps'], ['b', 'B', 'office@example.com', 'ps']]));
    const { rejects } = await run(source(['Firma', 'E-Mail', 'Betreuer'], [['A', 'office@example.com', 'ps']]));
    expect(rejects).toEqual([{ line: 2, reason: 'E-Mail "office@example.com" belongs to 2 contacts in the ledger (a, b): add an id column to say which one' }]);
  });

  it('keeps, replaces and removes custom fields', async () => {
    await run(source(['id', 'Firma', 'Betreuer', 'Kanal', 'Branche', 'Messe'], [['k', 'K GmbH', 'ps', 'Besuch', 'Bau', 'ja']]));
    await run(source(['id', 'Firma', 'Betreuer', 'Messe', 'Größe'], [['k', 'K GmbH', 'ps', '', 'groß']]));
    expect(ledger.contacts.get('k')?.custom).toEqual({ Branche: 'Bau', Größe: 'groß' });
  });

  it('dry run counts what would happen and writes nothing', async () => {
    await run(source(GERMAN, [anna]));
    puts = 0;
    const changed = [...anna];
    changed[5] = 'Müller AG';
    const { result } = await run(source(GERMAN, [changed, lukasz, ['k-3']]), { dryRun: true });
    expect(result).toMatchObject({ created: 1, updated: 1, unchanged: 0, rejected: 1 });
    expect(puts).toBe(0);
    expect(ledger.contacts.get('k-1')?.company).toBe('Müller GmbH');
  });

  it('re-reads and retries once when the contact changed meanwhile, then rejects the row', async () => {
    await run(source(GERMAN, [anna]));
    const put = ledger.putContact;
    let conflicts = 1;
    ledger.putContact = async (c: Contact, v?: number) => {
      if (conflicts-- > 0) {
        // someone records a phone number between our read and our write
        const cur = ledger.contacts.get(c.id)!;
        ledger.contacts.set(c.id, { ...cur, phone: '+49 1', version: cur.version + 1 });
        throw new VersionConflict('changed');
      }
      return put(c, v);
    };
    const changed = [...anna];
    changed[5] = 'Müller AG';
    const once = await run(source(GERMAN, [changed]));
    expect(once.result.updated).toBe(1);
    expect(ledger.contacts.get('k-1')).toMatchObject({ company: 'Müller AG', phone: '+49 1', version: 3 });

    conflicts = 2;
    changed[5] = 'Müller SE';
    const twice = await run(source(GERMAN, [changed]));
    expect(twice.result).toMatchObject({ updated: 0, rejected: 1 });
    expect(twice.rejects[0]?.reason).toBe('contact k-1 was changed by someone else twice while this row was imported: nothing was written; import the file again');
    expect(ledger.contacts.get('k-1')?.company).toBe('Müller AG');
  });

  it('keeps at most writeConcurrency writes in flight across chunks, and hands out rejects in line order', async () => {
    const put = ledger.putContact;
    let inFlight = 0;
    let most = 0;
    ledger.putContact = async (c: Contact, v?: number) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, (c.id.length * 7 + Number(c.id.slice(1))) % 5));
      inFlight--;
      // every 40th contact keeps conflicting: rejected at write time, late in its chunk
      if (Number(c.id.slice(1)) % 40 === 0) throw new VersionConflict('changed');
      return put(c, v);
    };
    const rows = Array.from({ length: 300 }, (_, i) => ['c' + i, i % 50 === 7 ? '' : 'Firma ' + i, 'ps', 'Anruf']);
    const rejects = collectRejects();
    const result = await importContacts(
      { ledger, clock, logger: silentLogger },
      { source: source(['id', 'Firma', 'Betreuer', 'Kanal'], rows), rejects, chunkSize: 50, writeConcurrency: 4 },
    );
    expect(most).toBe(4);
    const lines = rejects.rejected.map((r) => r.line);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    expect(result).toMatchObject({ created: 300 - 6 - 8, rejected: 14 });
  });
});

describe('importContacts and snoozes', () => {
  it('keeps a contact’s snooze when the CRM file is imported again with changes', async () => {
    await run(source(GERMAN, [anna]));
    const snooze = { until: '2026-04-01T00:00:00.000Z', reason: 'rejected', at: NOW, by: 'rep:ps' };
    const stored = ledger.contacts.get('k-1')!;
    await ledger.putContact({ ...stored, snooze }, stored.version);
    const changed = [...anna];
    changed[5] = 'Müller Präzision GmbH';
    const { result } = await run(source(GERMAN, [changed]));
    expect(result).toMatchObject({ updated: 1 });
    expect(ledger.contacts.get('k-1')).toMatchObject({ company: 'Müller Präzision GmbH', snooze });
  });
});
