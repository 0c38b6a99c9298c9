// CSV injection (OWASP): every CSV file the product writes for people is opened in a spreadsheet, which runs a
// cell beginning with = + - @ (or a tab or CR before one) as a formula. Each writer must put a ' before such a
// cell; the rejects file, which is fixed and imported again, must give the original values back on re-import.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { createCsvRejects, rejectsPathFor } from '../../functions/adapters/csv/csv-rejects';
import { openCsvSource } from '../../functions/adapters/csv/csv-source';
import { writeLettersCsv } from '../../functions/adapters/csv/letters-csv';
import { FixedClock } from '../../functions/adapters/memory/fixed-clock';
import { MemoryLedger } from '../../functions/adapters/memory/memory-ledger';
import { importCsvFile } from '../../functions/adapters/csv/import-csv-file';
import { coverage } from '../../functions/core/coverage/coverage';
import { renderCoverageCsv } from '../../functions/core/coverage/formats/csv';
import { defuseCsvCell, restoreCsvCell } from '../../functions/core/csv-cell';
import { MERGE_COLUMNS } from '../../functions/core/letters/merge-record';
import { silentLogger } from '../../functions/core/ports';
import { NOW as COVERAGE_NOW, handLedger } from '../core/coverage/hand-ledger';
import { aContact, aRep } from '../support/factories';
import { anApprovedLetter, exportLettersToFolder } from '../support/letter-export';

/** Values a spreadsheet would run, each with the cell the file must hold instead. */
const HOSTILE: ReadonlyArray<readonly [string, string]> = [
  ['=1+1', "'=1+1"],
  ['=HYPERLINK("http://evil.example","click")', '\'=HYPERLINK("http://evil.example","click")'],
  ['+49 89 1234567', "'+49 89 1234567"],
  ['-5', "'-5"],
  ['@SUM(A1)', "'@SUM(A1)"],
  ['\t=1+1', "'\t=1+1"],
  ['\r=1+1', "'\r=1+1"],
  // already quoted by someone: one more quote, so that reading our own file back gives exactly this value
  ["'=1+1", "''=1+1"],
];
/** Values that must pass unchanged. */
const HARMLESS = ['Müller GmbH', "O'Brien & Co", 'a=b', 'Tel. +49 89', '10115', ''];

const dir = mkdtempSync(join(tmpdir(), 'csv-injection-'));

describe('the shared cell rule', () => {
  it('prefixes exactly the cells that start with = + - @ tab or CR, and restoring gives the value back', () => {
    for (const [value, cell] of HOSTILE) {
      expect(defuseCsvCell(value)).toBe(cell);
      expect(restoreCsvCell(cell)).toBe(value);
    }
    for (const value of [...HARMLESS, "'quoted", "''"]) {
      expect(defuseCsvCell(value)).toBe(value);
      expect(restoreCsvCell(value)).toBe(value);
    }
  });
});

describe('letter merge file (letters.csv)', () => {
  it('writes every hostile cell with a leading quote, in every column, and harmless ones as they are', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const doc = writeLettersCsv(out, { delimiter: ';', columns: MERGE_COLUMNS });
    const records = [...HOSTILE.map(([v]) => v), ...HARMLESS].map((v) => MERGE_COLUMNS.map(() => v));
    for (const r of records) await doc.addRow(r);
    await doc.end();
    const rows = parse(Buffer.concat(chunks), { bom: true, delimiter: ';', relax_quotes: true }) as string[][];
    expect(rows[0]).toEqual([...MERGE_COLUMNS]);
    expect(rows.slice(1)).toEqual([...HOSTILE.map(([, cell]) => cell), ...HARMLESS].map((c) => MERGE_COLUMNS.map(() => c)));
  });

  it('an export of a letter to a contact with formula-like name, company and street writes them defused', async () => {
    const ledger = new MemoryLedger();
    await ledger.putRep(aRep());
    await ledger.putContact(
      aContact({ id: 'c-1', firstName: '=1+1', lastName: 'Müller', company: '@SUM(A1)', address: { street: '=HYPERLINK("http://evil.example","x") 1', postalCode: '10115', city: 'Berlin', country: 'DE' } }),
    );
    await ledger.putDrafts([anApprovedLetter({ contactId: 'c-1', subject: '-50 % im Dezember' })]);
    const root = join(dir, 'letters');
    const result = await exportLettersToFolder(ledger, root, { delimiter: ';' });
    expect(result.letters).toBe(1);
    const rows = parse(readFileSync(result.csv!), { bom: true, delimiter: ';', columns: true }) as Array<Record<string, string>>;
    const cells = Object.values(rows[0]!);
    expect(cells).toContain("'@SUM(A1)");
    expect(cells).toContain('\'=HYPERLINK("http://evil.example","x") 1');
    expect(rows[0]!.subject).toBe("'-50 % im Dezember");
    // no cell of the file starts a formula
    expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
  });
});

describe('import rejects file', () => {
  it('writes every hostile cell with a leading quote, in the header and in the rows', async () => {
    const path = join(dir, 'hostile.rejects.csv');
    const sink = await createCsvRejects({ path, header: ['id', '=Spalte'], delimiter: ';' });
    let line = 2;
    for (const [value] of HOSTILE) await sink.reject({ line: line++, record: ['k-1', value] }, 'some reason');
    for (const value of HARMLESS) await sink.reject({ line: line++, record: ['k-1', value] }, 'some reason');
    await sink.close();
    const rows = parse(readFileSync(path), { bom: true, delimiter: ';', relax_quotes: true }) as string[][];
    expect(rows[0]).toEqual(['line', 'reason', 'id', "'=Spalte"]);
    expect(rows.slice(1).map((r) => r[3])).toEqual([...HOSTILE.map(([, cell]) => cell), ...HARMLESS]);
  });

  it('read back as a rejects file, the cells are the values that were rejected, to the character', async () => {
    const path = join(dir, 'roundtrip.rejects.csv');
    const values = [...HOSTILE.map(([v]) => v), ...HARMLESS];
    const sink = await createCsvRejects({ path, header: ['id', '=Spalte'], delimiter: ',' });
    for (const [i, value] of values.entries()) await sink.reject({ line: i + 2, record: [`k-${i}`, value] }, 'some reason');
    await sink.close();
    const source = await openCsvSource(path);
    expect(source.header).toEqual(['id', '=Spalte']);
    const cells: string[] = [];
    for await (const row of source.rows) cells.push(row.record[1]!);
    expect(cells).toEqual(values);
  });

  it('an ordinary import file keeps a leading quote: only our own rejects file has quotes to take off', async () => {
    const path = join(dir, 'plain.csv');
    writeFileSync(path, "id;Firma\nk-1;'=1+1\n");
    const source = await openCsvSource(path);
    const rows: Array<readonly string[]> = [];
    for await (const row of source.rows) rows.push(row.record);
    expect(rows).toEqual([['k-1', "'=1+1"]]);
  });

  it('the documented workflow: a rejected contact with formula-like values, fixed in the rejects file and imported, is stored as it came', async () => {
    const ledger = new MemoryLedger();
    const deps = { ledger, clock: new FixedClock('2026-03-02T09:00:00.000Z'), logger: silentLogger };
    await ledger.putRep(aRep({ id: 'ps' }));
    const file = join(dir, 'kontakte.csv');
    writeFileSync(file, '\uFEFFKundennummer;Vorname;Nachname;Firma;E-Mail;Telefon;Betreuer\r\nk-1;Anna;=1+1;@SUM(A1);anna@;+49 89 1234567;ps\r\n');
    expect(await importCsvFile(deps, 'contacts', file)).toMatchObject({ created: 0, rejected: 1, rejectsFile: rejectsPathFor(file) });
    const rejects = readFileSync(rejectsPathFor(file), 'utf8');
    expect(rejects).toContain(";k-1;Anna;'=1+1;'@SUM(A1);anna@;'+49 89 1234567;ps\r\n");

    // the person fixes the address in the rejects file and imports that file
    writeFileSync(rejectsPathFor(file), rejects.replace('anna@;', 'anna@example.com;'));
    expect(await importCsvFile(deps, 'contacts', rejectsPathFor(file))).toMatchObject({ created: 1, rejected: 0 });
    expect(await ledger.getContact('k-1')).toMatchObject({ lastName: '=1+1', company: '@SUM(A1)', phone: '+49 89 1234567', email: 'anna@example.com' });
  });
});

describe('coverage CSV', () => {
  it('writes hostile names, companies and rep names with a leading quote and keeps numbers as numbers', async () => {
    const report = await coverage({ ledger: await handLedger(), clock: new FixedClock(COVERAGE_NOW) }, { weeks: 4 });
    const silent = report.silentContacts[0]!;
    const [name, company] = [HOSTILE[0]!, HOSTILE[7]!];
    silent.name = name[0];
    silent.company = company[0];
    report.reps[0]!.repName = HOSTILE[4]![0];
    const reps = parse(renderCoverageCsv(report, 'reps'), { columns: true }) as Array<Record<string, string>>;
    expect(reps[0]!.rep_name).toBe(HOSTILE[4]![1]);
    expect(reps[0]!.contacts).toMatch(/^\d+$/);
    const rows = parse(renderCoverageCsv(report, 'silent'), { columns: true }) as Array<Record<string, string>>;
    expect(rows[0]).toMatchObject({ name: name[1], company: company[1] });
  });
});
