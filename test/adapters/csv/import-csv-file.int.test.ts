// The import end to end on DynamoDB Local: hostile files from a temp folder, the real reader, the real
// ledger, the rejects file compared byte for byte.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { FixedClock } from '../../../functions/adapters/memory/fixed-clock';
import { importCsvFile } from '../../../functions/adapters/csv/import-csv-file';
import { hashEmail } from '../../../functions/core/ids';
import { contactIdForEmail, ERASED_REASON } from '../../../functions/core/import/import-contacts';
import { silentLogger } from '../../../functions/core/ports';
import { freshTable, type TestTable } from '../../support/local-aws';

const NOW = '2026-03-02T09:00:00.000Z';
const dir = mkdtempSync(join(tmpdir(), 'csv-import-'));
let t: TestTable;
let deps: Parameters<typeof importCsvFile>[0];

beforeAll(async () => {
  t = await freshTable('import');
  deps = { ledger: t.ledger, clock: new FixedClock(NOW), logger: silentLogger };
  writeFileSync(join(dir, 'reps.csv'), 'id,name,email,phone,title,locale,timeZone,signature\nps,Petra Schneider,petra.schneider@example.com,,,de-DE,Europe/Berlin,"Petra Schneider\nVertrieb"\n');
  expect(await importCsvFile(deps, 'reps', join(dir, 'reps.csv'))).toEqual({ created: 1, updated: 0, unchanged: 0, rejected: 0, rejectsFile: null });
});

async function scanCount(): Promise<number> {
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const out = await t.doc.send(new ScanCommand({ TableName: t.tableName, Select: 'COUNT', ExclusiveStartKey: start }));
    count += out.Count ?? 0;
    start = out.LastEvaluatedKey;
  } while (start);
  return count;
}

const HEADER = 'Kundennummer;Anrede;Titel;Vorname;Nachname;Firma;E-Mail;Straße;PLZ;Ort;Land;Kanal;Betreuer;Intervall;Notiz';
const HOSTILE = [
  HEADER, // 1
  'k-1;Frau;Dr.;Anna;Müller;Müller GmbH;anna@example.com;Hauptstr. 1;10115;Berlin;Deutschland;E-Mail;ps;30;"Notiz über', // 2
  'zwei Zeilen"', // 3
  'k-2;Herr;;Łukasz;Wąsik;;lukasz@example.pl;ul. Długa 5;00-238;Warszawa;Polen;Brief;ps;60;', // 4
  'k-3;;;;;;anna@;;;;;E-Mail;ps;30;', // 5
  'k-1;Frau;;Doppelt;;;x@example.com;;;;;E-Mail;ps;30;', // 6
  'k-4;Herr;;Max;Mustermann;;max@example.com;;;;;E-Mail;nobody;30;"ruft', // 7
  'zurück"', // 8
  'k-5;Herr;;Otto;Brief;;;;;Bonn;;Brief;ps;30;', // 9
  'k-6;Herr;;Tim;Fax;;tim@example.com;;;;;Fax;ps;30;', // 10
  'k-7;Frau;;Eva;Erased;;Eva.Erased@example.com;;;;;E-Mail;ps;30;', // 11
  'k-8;Frau;;Zu;Kurz', // 12
  `k-9;Divers;;Kim;Çelik;"O'Brien & Co";kim@example.ie;"Main Street 1`, // 13
  'Apt 2";D02 X285;Dublin;Irland;Brief;ps;90;"a ""quoted"" note', // 14
  'over lines"', // 15
  'k-10;Herr;Prof. Dr.;Jörg;Öztürk;Öztürk AG;joerg@example.de;;;;;Anruf;ps;2,5;', // 16
  '', // 17
  'k-11;Herr;Prof. Dr.;Jörg;Öztürk;Öztürk AG;joerg2@example.de;;;;;Anruf;ps;14;', // 18
];

const EXPECTED_REJECTS =
  '\uFEFFline;reason;' + HEADER + '\r\n' +
  '5;"E-Mail ""anna@"" is not a valid address; there is no name and no company: fill Vorname/Nachname or Firma";k-3;;;;;;anna@;;;;;E-Mail;ps;30;\r\n' +
  '6;"Kundennummer ""k-1"" appears twice in the file (first seen on line 2): keep one row per contact";k-1;Frau;;Doppelt;;;x@example.com;;;;;E-Mail;ps;30;\r\n' +
  '7;"rep ""nobody"" is not known: import reps first or fix Betreuer";k-4;Herr;;Max;Mustermann;;max@example.com;;;;;E-Mail;nobody;30;"ruft\nzurück"\r\n' +
  '9;channel letter needs a full postal address: fill Straße, PLZ;k-5;Herr;;Otto;Brief;;;;;Bonn;;Brief;ps;30;\r\n' +
  '10;"Kanal ""Fax"" is not a known channel: use E-Mail, Brief, Besuch or Anruf (email, letter, visit, call)";k-6;Herr;;Tim;Fax;;tim@example.com;;;;;Fax;ps;30;\r\n' +
  `11;"${ERASED_REASON}";k-7;Frau;;Eva;Erased;;Eva.Erased@example.com;;;;;E-Mail;ps;30;\r\n` +
  '12;"the row has 5 fields, the header has 15: check the separators (;) in this row, and put values containing ; in double quotes";k-8;Frau;;Zu;Kurz\r\n' +
  '16;"Intervall ""2,5"" is not a whole number of days: use a number from 1 to 3650, for example 30";k-10;Herr;Prof. Dr.;Jörg;Öztürk;Öztürk AG;joerg@example.de;;;;;Anruf;ps;2,5;\r\n';

describe('import contacts from CSV into DynamoDB Local', () => {
  const hostile = join(dir, 'kontakte.csv');
  const rejects = join(dir, 'kontakte.rejects.csv');

  it('imports a hostile German export (BOM, semicolons, CRLF, quoted newlines) and writes the exact rejects file', async () => {
    await t.ledger.suppress({ emailHash: hashEmail('eva.erased@example.com'), reason: 'erased', at: NOW });
    writeFileSync(hostile, '\uFEFF' + HOSTILE.join('\r\n') + '\r\n');
    t.ledger.capacity.reset();
    const result = await importCsvFile(deps, 'contacts', hostile);
    expect(result).toEqual({ created: 4, updated: 0, unchanged: 0, rejected: 8, rejectsFile: rejects });
    // the meter sees the writes, so its zero on the second run below means something
    expect(t.ledger.capacity.writeUnits).toBeGreaterThanOrEqual(4);
    expect(readFileSync(rejects, 'utf8')).toBe(EXPECTED_REJECTS);

    const kim = await t.ledger.getContact('k-9');
    expect(kim).toMatchObject({
      salutation: 'none',
      firstName: 'Kim',
      lastName: 'Çelik',
      company: "O'Brien & Co",
      address: { street: 'Main Street 1\nApt 2', postalCode: 'D02 X285', city: 'Dublin', country: 'IE' },
      channel: 'letter',
      cadenceDays: 90,
      repId: 'ps',
      custom: { Notiz: 'a "quoted" note\nover lines' },
      nextDueAt: NOW,
      version: 1,
    });
    expect((await t.ledger.getContact('k-1'))?.custom).toEqual({ Notiz: 'Notiz über\nzwei Zeilen' });
    expect((await t.ledger.getContact('k-2'))?.address.country).toBe('PL');
    expect(await t.ledger.getContact('k-7')).toBeUndefined();
    const due = await t.ledger.listContactsByRep('ps', { dueBy: NOW });
    expect(due.items.map((c) => c.id).sort()).toEqual(['k-1', 'k-11', 'k-2', 'k-9']);
  });

  it('re-importing the same file changes nothing and writes nothing', async () => {
    const put = vi.spyOn(t.ledger, 'putContact');
    t.ledger.capacity.reset();
    const items = await scanCount();
    const result = await importCsvFile({ ...deps, clock: new FixedClock('2026-03-09T09:00:00.000Z') }, 'contacts', hostile);
    expect(result).toEqual({ created: 0, updated: 0, unchanged: 4, rejected: 8, rejectsFile: rejects });
    expect(put).not.toHaveBeenCalled();
    expect(t.ledger.capacity.writeUnits).toBe(0);
    expect(await scanCount()).toBe(items);
    expect((await t.ledger.getContact('k-9'))?.version).toBe(1);
    expect(readFileSync(rejects, 'utf8')).toBe(EXPECTED_REJECTS);
    put.mockRestore();
  });

  it('removes the old rejects file once every row imports', async () => {
    const fixed = join(dir, 'kontakte-fixed.csv');
    writeFileSync(join(dir, 'kontakte-fixed.rejects.csv'), 'stale');
    writeFileSync(fixed, [HEADER, 'k-12;Frau;;Ida;Klein;;ida@example.com;;;;;E-Mail;ps;30;'].join('\n'));
    expect(await importCsvFile(deps, 'contacts', fixed)).toMatchObject({ created: 1, rejected: 0, rejectsFile: null });
    expect(existsSync(join(dir, 'kontakte-fixed.rejects.csv'))).toBe(false);
  });

  it('a comma file under a semicolon header line: every row rejected for its field count, nothing fatal', async () => {
    const wrong = join(dir, 'wrong.csv');
    writeFileSync(wrong, 'id;Firma;E-Mail;Betreuer\nw-1,Wrong GmbH,w@example.com,ps\nw-2,Other GmbH,o@example.com,ps\n');
    const result = await importCsvFile(deps, 'contacts', wrong);
    expect(result).toMatchObject({ created: 0, rejected: 2 });
    expect(readFileSync(join(dir, 'wrong.rejects.csv'), 'utf8').split('\r\n')[1]).toBe(
      '2;"the row has 1 field, the header has 4: check the separators (;) in this row, and put values containing ; in double quotes";w-1,Wrong GmbH,w@example.com,ps',
    );
  });

  it('dry run counts against the ledger and writes nothing to it', async () => {
    const file = join(dir, 'dry.csv');
    writeFileSync(file, [HEADER, 'k-1;Frau;Dr.;Anna;Müller;Müller AG;anna@example.com;Hauptstr. 1;10115;Berlin;DE;E-Mail;ps;30;', 'k-50;Herr;;Neu;Mann;;neu@example.com;;;;;E-Mail;ps;30;'].join('\n'));
    const items = await scanCount();
    expect(await importCsvFile(deps, 'contacts', file, { dryRun: true })).toEqual({ created: 1, updated: 1, unchanged: 0, rejected: 0, rejectsFile: null });
    expect(await scanCount()).toBe(items);
    expect((await t.ledger.getContact('k-1'))?.company).toBe('Müller GmbH');
  });

  it('matches by email through the email index when the file has no id column', async () => {
    const file = join(dir, 'by-email.csv');
    writeFileSync(file, 'Vorname,Nachname,E-Mail,Rep\nAnna,Müller-Lang,ANNA@example.com,petra.schneider@example.com\nNora,Neu,nora@example.com,Petra Schneider\n');
    expect(await importCsvFile(deps, 'contacts', file)).toMatchObject({ created: 1, updated: 1, rejected: 0 });
    expect((await t.ledger.getContact('k-1'))?.lastName).toBe('Müller-Lang');
    expect((await t.ledger.getContact(contactIdForEmail('nora@example.com')))?.firstName).toBe('Nora');
    expect(await importCsvFile(deps, 'contacts', file)).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
  });

  it('stops on a file without a header row, naming the file and line, writing nothing', async () => {
    const file = join(dir, 'noheader.csv');
    writeFileSync(file, 'Anna;Müller;anna@example.com;ps\nBen;Kurz;ben@example.com;ps\n');
    const items = await scanCount();
    await expect(importCsvFile(deps, 'contacts', file)).rejects.toThrow(`${file} line 1: the first row is not a header row`);
    expect(await scanCount()).toBe(items);
  });

  it('imports 10 000 rows, rejects the bad ones with their lines, and the second run writes nothing', { timeout: 300_000 }, async () => {
    const big = await freshTable('import10k');
    await big.ledger.putRep((await t.ledger.getRep('ps'))!);
    const bigDeps = { ...deps, ledger: big.ledger };
    const file = join(dir, 'big.csv');
    const lines = ['id,firstName,lastName,company,email,channel,cadenceDays,repId,tags'];
    for (let i = 1; i <= 10_000; i++) {
      const email = i % 1000 === 0 ? `broken${i}@` : `person${i}@example.com`;
      lines.push(`b-${i},Vor${i},Nach${i},"Firma ${i}, GmbH",${email},email,${30 + (i % 60)},ps,kunde|gruppe-${i % 7}`);
    }
    writeFileSync(file, lines.join('\n') + '\n');
    const first = await importCsvFile(bigDeps, 'contacts', file);
    expect(first).toMatchObject({ created: 9_990, updated: 0, unchanged: 0, rejected: 10 });
    const rejected = readFileSync(join(dir, 'big.rejects.csv'), 'utf8').split('\r\n').slice(1, -1);
    expect(rejected.map((l) => l.split(',')[0])).toEqual(Array.from({ length: 10 }, (_, i) => String((i + 1) * 1000 + 1)));
    expect(rejected[0]).toBe('1001,"email ""broken1000@"" is not a valid address",b-1000,Vor1000,Nach1000,"Firma 1000, GmbH",broken1000@,email,70,ps,kunde|gruppe-6');
    expect(await big.ledger.getContact('b-4242')).toMatchObject({ company: 'Firma 4242, GmbH', cadenceDays: 72, tags: ['kunde', 'gruppe-0'] });

    const put = vi.spyOn(big.ledger, 'putContact');
    const second = await importCsvFile(bigDeps, 'contacts', file);
    expect(second).toMatchObject({ created: 0, updated: 0, unchanged: 9_990, rejected: 10 });
    expect(put).not.toHaveBeenCalled();
  });
});
