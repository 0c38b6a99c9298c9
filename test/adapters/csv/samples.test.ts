// The sample files a newcomer sees first (`npm start` loads them): they must import cleanly and show
// every channel, both languages, Sie and Du, letters abroad, and contacts that are due.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryLedger } from '../../../functions/adapters/memory/memory-ledger';
import { FixedClock } from '../../../functions/adapters/memory/fixed-clock';
import { importCsvFile } from '../../../functions/adapters/csv/import-csv-file';
import { silentLogger } from '../../../functions/core/ports';

const SAMPLES = join(import.meta.dirname, '..', '..', '..', 'samples');
const NOW = '2026-11-27T08:00:00.000Z';

describe('sample files', () => {
  it('import without a single reject and cover every channel, language and register', async () => {
    const ledger = new MemoryLedger();
    const deps = { ledger, clock: new FixedClock(NOW), logger: silentLogger };
    expect(await importCsvFile(deps, 'reps', join(SAMPLES, 'reps.csv'))).toEqual({ created: 3, updated: 0, unchanged: 0, rejected: 0, rejectsFile: null });
    const result = await importCsvFile(deps, 'contacts', join(SAMPLES, 'contacts.csv'));
    expect(result).toEqual({ created: 40, updated: 0, unchanged: 0, rejected: 0, rejectsFile: null });

    const contacts = [...ledger.contacts.values()];
    expect(new Set(contacts.map((c) => c.channel))).toEqual(new Set(['email', 'letter', 'visit', 'call']));
    expect(new Set(contacts.map((c) => c.locale.slice(0, 2)))).toEqual(new Set(['de', 'en']));
    expect(new Set(contacts.map((c) => c.formal))).toEqual(new Set([true, false]));
    expect(new Set(contacts.map((c) => c.repId))).toEqual(new Set(['ps', 'jw', 'ec']));
    const lettersAbroad = contacts.filter((c) => c.channel === 'letter' && c.address.country !== 'DE').map((c) => c.address.country);
    expect(lettersAbroad).toEqual(expect.arrayContaining(['AT', 'CH', 'GB']));
    expect(contacts.find((c) => c.id === 'K-10003')).toMatchObject({ firstName: 'Łukasz', lastName: 'Wąsik', locale: 'en', formal: false });
    expect(contacts.find((c) => c.id === 'K-10005')).toMatchObject({ company: "O'Brien & Co", address: { country: 'GB' } });
    expect(contacts.find((c) => c.id === 'K-10009')?.custom.Notiz).toBe('Termine nur vormittags.\nParkplatz im Hof.');
    expect(ledger.reps.get('ps')?.signature).toBe('Petra Schneider\nKey Account Management Süd\nTelefon +49 89 4161 2201');

    const due = contacts.filter((c) => c.nextDueAt <= NOW);
    expect(due.length).toBeGreaterThan(20);
    expect(due.length).toBeLessThan(40);
    expect(due.some((c) => c.lastTouchAt && c.lastTouchAt < '2025-06-01')).toBe(true);
  });
});
