// Region and time zone columns in contacts and reps files: normalised to the code, a bad cell a row problem naming
// the column (the row is rejected, nothing written for it), and a re-import merges them like the other fields.
import { beforeEach, describe, expect, it } from 'vitest';
import { knownRegions } from '../../../functions/adapters/calendar/library-holidays';
import { FixedClock } from '../../../functions/adapters/memory/fixed-clock';
import { MemoryLedger } from '../../../functions/adapters/memory/memory-ledger';
import { CONTACT_VOCABULARY, REP_VOCABULARY } from '../../../functions/core/import/columns';
import { importContacts } from '../../../functions/core/import/import-contacts';
import { importReps } from '../../../functions/core/import/import-reps';
import { collectRejects, type ImportSource } from '../../../functions/core/import/import-source';
import { regionVocabulary } from '../../../functions/core/import/regions';
import { resolveHeader } from '../../../functions/core/import/resolve-header';
import type { Contact } from '../../../functions/core/model';
import { silentLogger } from '../../../functions/core/ports';
import { aContact, aRep } from '../../support/factories';

const NOW = '2026-03-02T09:00:00.000Z';
const regions = regionVocabulary(knownRegions(), 'DE');

function source(header: string[], rows: string[][]): ImportSource {
  return { header, headerLine: 1, rows: (async function* () { for (const [i, record] of rows.entries()) yield { line: i + 2, record }; })() };
}

let ledger: MemoryLedger;
let puts: number;
beforeEach(async () => {
  ledger = new MemoryLedger();
  await ledger.putRep(aRep({ id: 'ps', name: 'Petra Schneider', email: 'petra.schneider@example.com' }));
  puts = 0;
  const put = ledger.putContact.bind(ledger);
  ledger.putContact = (c: Contact, v?: number) => {
    puts++;
    return put(c, v);
  };
});

const contacts = async (header: string[], rows: string[][], opts: { withRegions?: boolean } = {}) => {
  const rejects = collectRejects();
  const result = await importContacts(
    { ledger, clock: new FixedClock(NOW), logger: silentLogger },
    { source: source(header, rows), rejects, ...(opts.withRegions === false ? {} : { regions }) },
  );
  return { result, rejects: rejects.rejected };
};

const HEADER = ['Kundennummer', 'Nachname', 'E-Mail', 'Betreuer', 'Land', 'Bundesland', 'Zeitzone'];
const row = (id: string, country: string, region: string, timeZone = '') => [id, `Name ${id}`, `${id}@example.com`, 'ps', country, region, timeZone];

describe('region and time zone columns of a contacts file', () => {
  it('every alias of the columns is understood', () => {
    for (const name of ['region', 'Region', 'Bundesland', 'State', 'Bundesland/Kanton', 'Kanton']) {
      expect(resolveHeader(['id', 'Nachname', 'Betreuer', name], CONTACT_VOCABULARY).has('region'), name).toBe(true);
      expect(resolveHeader(['id', 'name', 'email', name], REP_VOCABULARY).has('region'), name).toBe(true);
    }
    for (const name of ['timeZone', 'Zeitzone', 'Time zone', 'TZ']) {
      expect(resolveHeader(['id', 'Nachname', 'Betreuer', name], CONTACT_VOCABULARY).has('timeZone'), name).toBe(true);
    }
  });

  it('stores the code and the zone in the runtime’s spelling', async () => {
    const { result, rejects } = await contacts(HEADER, [
      row('k-1', 'Deutschland', 'Bayern', 'europe/berlin'),
      row('k-2', 'Österreich', 'Wien', 'Europe/Vienna'),
      row('k-3', '', 'BY-A'),
      row('k-4', 'DE', 'NRW'),
      row('k-5', 'Schweiz', 'zh', 'Europe/Zurich'),
      row('k-6', 'DE', '', ''),
    ]);
    expect(rejects).toEqual([]);
    expect(result.created).toBe(6);
    expect(ledger.contacts.get('k-1')).toMatchObject({ region: 'DE-BY', timeZone: 'Europe/Berlin', address: { country: 'DE' } });
    expect(ledger.contacts.get('k-2')).toMatchObject({ region: 'AT-9', timeZone: 'Europe/Vienna', address: { country: 'AT' } });
    // no country: the home country completes the code and is the contact's country
    expect(ledger.contacts.get('k-3')).toMatchObject({ region: 'DE-BY-A', address: { country: '' } });
    expect(ledger.contacts.get('k-3')).not.toHaveProperty('timeZone');
    expect(ledger.contacts.get('k-4')!.region).toBe('DE-NW');
    expect(ledger.contacts.get('k-5')).toMatchObject({ region: 'CH-ZH', timeZone: 'Europe/Zurich' });
    expect(ledger.contacts.get('k-6')).not.toHaveProperty('region');
    expect(ledger.contacts.get('k-6')).not.toHaveProperty('timeZone');
  });

  it('rejects a row with an unknown region, a region of another country or an unknown zone, naming the column; the others go in', async () => {
    const { result, rejects } = await contacts(HEADER, [
      row('k-1', 'DE', 'Bayern'),
      row('k-2', 'DE', 'Bayer'),
      row('k-3', 'Österreich', 'Bayern'),
      row('k-4', '', 'Wien'),
      row('k-5', 'DE', 'BY', 'Europe/Munich'),
      row('k-6', 'DE', 'DE-BY; DROP', 'Berlin'),
      row('k-7', 'DE', 'DE'),
      row('k-8', 'Atlantis', 'Bayern'),
    ]);
    expect(result).toMatchObject({ created: 1, rejected: 7 });
    expect(rejects).toEqual([
      { line: 3, reason: 'Bundesland "Bayer" is not a known region: use the ISO code (DE-BY, AT-9, CH-ZH) or the name (Bayern, Wien, Zürich)' },
      { line: 4, reason: 'Bundesland "DE-BY" lies in DE, but the contact\'s country is AT: fix Bundesland or Land' },
      { line: 5, reason: 'Bundesland "AT-9" lies in AT, but the contact\'s country is DE (Land is empty: the home country): fix Bundesland or Land' },
      { line: 6, reason: 'Zeitzone "Europe/Munich" is not a time zone: use an IANA name such as Europe/Berlin, Europe/Vienna or Europe/Zurich' },
      {
        line: 7,
        reason:
          'Bundesland "DE-BY; DROP" is not a known region: use the ISO code (DE-BY, AT-9, CH-ZH) or the name (Bayern, Wien, Zürich); ' +
          'Zeitzone "Berlin" is not a time zone: use an IANA name such as Europe/Berlin, Europe/Vienna or Europe/Zurich',
      },
      { line: 8, reason: 'Bundesland "DE" is a country, not a region: write the state or canton (such as DE-BY, Bayern, AT-9, CH-ZH) or leave the cell empty' },
      // an unknown country is the problem; the region is not judged against a country nobody knows
      { line: 9, reason: expect.stringMatching(/^Land "Atlantis" is not a known country/) },
    ]);
    expect([...ledger.contacts.keys()]).toEqual(['k-1']);
    expect(puts).toBe(1);
  });

  it('a region cell is a problem, not a guess, when the import was started without the list of regions', async () => {
    const { result, rejects } = await contacts(HEADER, [row('k-1', 'DE', 'Bayern'), row('k-2', 'DE', '')], { withRegions: false });
    expect(result).toMatchObject({ created: 1, rejected: 1 });
    expect(rejects).toEqual([{ line: 2, reason: 'Bundesland cannot be checked: this import was started without the list of regions' }]);
  });
});

describe('a re-import merges region and time zone like the other fields', () => {
  it('the same file changes nothing; a new value updates; an empty cell removes the stored one', async () => {
    await contacts(HEADER, [row('k-1', 'DE', 'Bayern', 'Europe/Berlin')]);
    const first = structuredClone(ledger.contacts.get('k-1')!);
    puts = 0;
    // the same contact written another way is the same content
    expect((await contacts(HEADER, [row('k-1', 'Deutschland', 'de-by', 'europe/berlin')])).result).toMatchObject({ unchanged: 1, updated: 0 });
    expect(puts).toBe(0);
    expect(ledger.contacts.get('k-1')).toEqual(first);

    expect((await contacts(HEADER, [row('k-1', 'DE', 'Sachsen', 'Europe/Berlin')])).result).toMatchObject({ updated: 1 });
    expect(ledger.contacts.get('k-1')).toMatchObject({ region: 'DE-SN', timeZone: 'Europe/Berlin', version: 2 });

    expect((await contacts(HEADER, [row('k-1', 'DE', '', '')])).result).toMatchObject({ updated: 1 });
    expect(ledger.contacts.get('k-1')).not.toHaveProperty('region');
    expect(ledger.contacts.get('k-1')).not.toHaveProperty('timeZone');
    expect((await contacts(HEADER, [row('k-1', 'DE', '', '')])).result).toMatchObject({ unchanged: 1 });
  });

  it('a file without the columns keeps the stored region and zone', async () => {
    await contacts(HEADER, [row('k-1', 'DE', 'Bayern', 'Europe/Berlin')]);
    const { result } = await contacts(['Kundennummer', 'Nachname', 'E-Mail', 'Betreuer'], [['k-1', 'Neu', 'k-1@example.com', 'ps']]);
    expect(result.updated).toBe(1);
    expect(ledger.contacts.get('k-1')).toMatchObject({ lastName: 'Neu', region: 'DE-BY', timeZone: 'Europe/Berlin' });
  });

  it('without a country column a code without country is read in the home country; the merged contact is judged with the stored country', async () => {
    await ledger.putContact(aContact({ id: 'k-1', repId: 'ps', address: { street: '', postalCode: '', city: 'Wien', country: 'AT' } }));
    const header = ['Kundennummer', 'Nachname', 'Betreuer', 'Bundesland'];
    // "Wien" names one region: it fits the stored country
    expect((await contacts(header, [['k-1', 'Huber', 'ps', 'Wien']])).result).toMatchObject({ updated: 1 });
    expect(ledger.contacts.get('k-1')!.region).toBe('AT-9');
    // "BY" is completed with the home country: Bavaria does not lie in the stored country AT
    const { rejects } = await contacts(header, [['k-1', 'Huber', 'ps', 'BY']]);
    expect(rejects).toEqual([{ line: 2, reason: 'Bundesland "DE-BY" lies in DE, but the contact\'s country is AT: fix Bundesland or country' }]);
    expect(ledger.contacts.get('k-1')!.region).toBe('AT-9');
  });

  it('a new country that does not fit the stored region is a problem; a file about neither does not judge the stored data', async () => {
    await contacts(HEADER, [row('k-1', 'DE', 'Bayern')]);
    const moved = await contacts(['Kundennummer', 'Nachname', 'E-Mail', 'Betreuer', 'Land'], [['k-1', 'Name k-1', 'k-1@example.com', 'ps', 'AT']]);
    expect(moved.rejects).toEqual([
      {
        line: 2,
        reason:
          'the stored region "DE-BY" lies in DE, but the contact\'s country is AT: add a column region with the contact\'s new region, or leave its cell empty to remove the region',
      },
    ]);
    expect(ledger.contacts.get('k-1')!.address.country).toBe('DE');
    // with the region column, the move is one row
    expect((await contacts(HEADER, [row('k-1', 'AT', 'Tirol')])).result).toMatchObject({ updated: 1 });
    expect(ledger.contacts.get('k-1')).toMatchObject({ region: 'AT-7', address: { country: 'AT' } });

    // a stored contact whose region and country disagree (written by someone else) still takes a phone number
    await ledger.putContact(aContact({ id: 'k-2', repId: 'ps', region: 'AT-9', address: { street: '', postalCode: '', city: '', country: 'DE' } }));
    const phone = await contacts(['Kundennummer', 'Nachname', 'Betreuer', 'Telefon'], [['k-2', 'Zwei', 'ps', '+49 1']]);
    expect(phone.rejects).toEqual([]);
    expect(ledger.contacts.get('k-2')).toMatchObject({ phone: '+49 1', region: 'AT-9' });
  });
});

describe('region column of a reps file', () => {
  const reps = async (rows: string[][]) => {
    const rejects = collectRejects();
    const result = await importReps(
      { ledger, clock: new FixedClock(NOW), logger: silentLogger },
      { source: source(['Kürzel', 'Name', 'E-Mail', 'Bundesland'], rows), rejects, regions },
    );
    return { result, rejects: rejects.rejected };
  };

  it('takes a state, a sub-region or a whole country, refuses the unknown, and an empty cell removes it', async () => {
    const { result, rejects } = await reps([
      ['ab', 'Anna Berger', 'ab@example.com', 'Bayern'],
      ['cd', 'Carl Dorn', 'cd@example.com', 'Deutschland'],
      ['ef', 'Eva Falk', 'ef@example.com', 'DE-BY-A'],
      ['gh', 'Gerd Hahn', 'gh@example.com', 'Mars'],
      ['ij', 'Ida Jung', 'ij@example.com', ''],
    ]);
    expect(rejects).toEqual([{ line: 5, reason: 'Bundesland "Mars" is not a known region: use the ISO code (DE-BY, AT-9, CH-ZH) or the name (Bayern, Wien, Zürich)' }]);
    expect(result).toMatchObject({ created: 4, rejected: 1 });
    expect(ledger.reps.get('ab')!.region).toBe('DE-BY');
    expect(ledger.reps.get('cd')!.region).toBe('DE');
    expect(ledger.reps.get('ef')!.region).toBe('DE-BY-A');
    expect(ledger.reps.get('ij')).not.toHaveProperty('region');
    expect(ledger.reps.has('gh')).toBe(false);

    expect((await reps([['ab', 'Anna Berger', 'ab@example.com', 'by']])).result).toMatchObject({ unchanged: 1 });
    expect((await reps([['ab', 'Anna Berger', 'ab@example.com', '']])).result).toMatchObject({ updated: 1 });
    expect(ledger.reps.get('ab')).not.toHaveProperty('region');
  });
});
