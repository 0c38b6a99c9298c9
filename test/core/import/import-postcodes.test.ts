// Postcodes in a contacts file: one that does not fit its country rejects the row, naming the column and the format
// to write; harmless spellings are stored in the printed form.
import { beforeEach, describe, expect, it } from 'vitest';
import { knownRegions } from '../../../functions/adapters/calendar/library-holidays';
import { FixedClock } from '../../../functions/adapters/memory/fixed-clock';
import { MemoryLedger } from '../../../functions/adapters/memory/memory-ledger';
import { importContacts } from '../../../functions/core/import/import-contacts';
import { collectRejects } from '../../../functions/core/import/import-source';
import { regionVocabulary } from '../../../functions/core/import/regions';
import { silentLogger } from '../../../functions/core/ports';
import { aContact, aRep, importRows } from '../../support/factories';

const NOW = '2026-03-02T09:00:00.000Z';
const regions = regionVocabulary(knownRegions(), 'DE');

let ledger: MemoryLedger;
beforeEach(async () => {
  ledger = new MemoryLedger();
  await ledger.putRep(aRep({ id: 'ps', name: 'Petra Schneider', email: 'petra.schneider@example.com' }));
});

const run = async (lines: string[]) => {
  const rejects = collectRejects();
  const result = await importContacts({ ledger, clock: new FixedClock(NOW), logger: silentLogger }, { source: importRows(lines), rejects, regions });
  return { result, rejects: rejects.rejected };
};

const HEADER = 'Kundennummer;Firma;Straße;PLZ;Ort;Land;Kanal;Betreuer';

describe('postcodes in a contacts file', () => {
  it('rejects a postcode that does not fit its country, naming the line, the column and the format to write', async () => {
    const { result, rejects } = await run([
      HEADER,
      'k-1;Dom GmbH;Domkloster 4;1234;Köln;Deutschland;Brief;ps',
      'k-2;Wąsik Sp. z o.o.;ul. Długa 5;12345;Warszawa;Polen;Brief;ps',
      'k-3;Müller AG;Hauptstraße 1;10115;Berlin;Deutschland;Brief;ps',
      'k-4;Stadtwerke Übersee;Ringstraße 5;10115;Wien;AT;Besuch;ps',
      'k-5;Dom GmbH;Domkloster 4;1234;Köln;;Brief;ps',
    ]);
    expect(rejects).toEqual([
      {
        line: 2,
        reason:
          'PLZ "1234" is not a postcode of Germany (DE): write 5 digits, e.g. 10115 (a spreadsheet may have dropped a leading 0: 1067 is 01067); fix PLZ or Land',
      },
      { line: 3, reason: 'PLZ "12345" is not a postcode of Poland (PL): write 2 digits, a dash and 3 digits, e.g. 00-950; fix PLZ or Land' },
      // any contact with an address, not only letters: the channel may change, the address stays
      { line: 5, reason: 'PLZ "10115" is not a postcode of Austria (AT): write 4 digits, e.g. 1010; fix PLZ or Land' },
      { line: 6, reason: expect.stringMatching(/^PLZ "1234" is not a postcode of Germany \(DE; Land is empty: the home country\): write 5 digits/) },
    ]);
    expect(result).toMatchObject({ created: 1, rejected: 4 });
    expect([...ledger.contacts.keys()]).toEqual(['k-3']);
  });

  it('stores harmless spellings in the printed form', async () => {
    const { result, rejects } = await run([
      HEADER,
      'k-uk;Thistle Trading Ltd;12 George Street;eh22pf;Edinburgh;UK;Brief;ps',
      'k-nl;Damrak BV;Damrak 1;1012ab;Amsterdam;Niederlande;Brief;ps',
      'k-de;Müller AG;Hauptstraße 1;D-10115;Berlin;;Brief;ps',
      'k-xx;Penguin Research;Base 1;whatever 9;McMurdo;Antarctica;Brief;ps',
    ]);
    expect(rejects).toEqual([]);
    expect(result).toMatchObject({ created: 4 });
    expect(ledger.contacts.get('k-uk')!.address).toMatchObject({ postalCode: 'EH2 2PF', country: 'GB' });
    expect(ledger.contacts.get('k-nl')!.address).toMatchObject({ postalCode: '1012 AB', country: 'NL' });
    expect(ledger.contacts.get('k-de')!.address).toMatchObject({ postalCode: '10115', country: '' });
    // a country without a known format takes the postcode as written
    expect(ledger.contacts.get('k-xx')!.address).toMatchObject({ postalCode: 'whatever 9', country: 'AQ' });
  });

  it('judges the stored postcode when a file moves the contact to another country, and leaves it alone otherwise', async () => {
    await ledger.putContact(aContact({ id: 'k-1', repId: 'ps', address: { street: 'Hauptstraße 1', postalCode: '10115', city: 'Berlin', country: 'DE' } }));
    const moved = await run(['Kundennummer;Firma;Land;Betreuer', 'k-1;Müller GmbH;Österreich;ps']);
    expect(moved.rejects).toEqual([
      { line: 2, reason: 'the stored postcode "10115" is not a postcode of Austria (AT): write 4 digits, e.g. 1010: add a column postalCode with the contact\'s postcode in AT' },
    ]);
    const renamed = await run(['Kundennummer;Firma;Betreuer', 'k-1;Müller AG;ps']);
    expect(renamed.rejects).toEqual([]);
    expect(ledger.contacts.get('k-1')!.company).toBe('Müller AG');
  });
});
