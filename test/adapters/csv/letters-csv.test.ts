import { PassThrough } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { writeLettersCsv } from '../../../functions/adapters/csv/letters-csv';
import { MERGE_COLUMNS } from '../../../functions/core/letters/merge-record';

async function csvOf(records: string[][], delimiter: string): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const doc = writeLettersCsv(out, { delimiter, columns: MERGE_COLUMNS });
  for (const r of records) await doc.addRow(r);
  await doc.end();
  return Buffer.concat(chunks);
}

const row = (over: Record<string, string>) => MERGE_COLUMNS.map((c) => over[c] ?? '');
const records = [
  row({
    senderLine1: 'Petra Schneider',
    recipientLine1: 'Çelik & Müller Handels GmbH',
    recipientLine2: 'Herr Łukasz Wąsik',
    recipientLine3: 'Straße "Am Hafen"; Tor 3',
    salutation: 'Sehr geehrter Herr Wąsik,',
    subject: 'Lieferfähigkeit, Dezember',
    body: 'Erster Absatz mit Umlauten: äöüß ÄÖÜ.\n\nZweiter Absatz;\r\nmit Zeilenumbruch.',
    contactId: 'c-2',
    draftId: 'crisis@20261127T0800Z~c-2',
  }),
  row({ senderLine1: ' führendes Leerzeichen', body: 'zwei\n\nAbsätze nur mit LF', contactId: 'c-3' }),
  row({ recipientLine1: '=1+1', contactId: 'c-4' }),
];
// what a spreadsheet reads back: the formula-like cell carries a leading quote (test/reliability/csv-injection.test.ts)
const readBack = records.map((r, i) => (i === 2 ? r.map((c) => (c === '=1+1' ? "'=1+1" : c)) : r));

describe('letters merge file', () => {
  it.each([';', ',', '\t'])('round-trips every field with delimiter %j: umlauts, quotes and line breaks intact, formulas defused', async (delimiter) => {
    const bytes = await csvOf(records, delimiter);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 byte-order mark
    const parsed = parse(bytes, { bom: true, delimiter, columns: true, relax_column_count: false }) as Array<Record<string, string>>;
    expect(Object.keys(parsed[0]!)).toEqual([...MERGE_COLUMNS]);
    expect(parsed.map((r) => MERGE_COLUMNS.map((c) => r[c]))).toEqual(readBack);
  });

  it('writes the documented header and CRLF between records, quoting fields with line breaks', async () => {
    const text = (await csvOf(records.slice(0, 1), ';')).toString('utf8');
    const header = text.slice(1, text.indexOf('\r\n'));
    expect(header.split(';')).toEqual([...MERGE_COLUMNS]);
    expect(header.startsWith('senderLine1;senderLine2;senderLine3;senderLine4;recipientLine1')).toBe(true);
    expect(text).toContain('"Erster Absatz mit Umlauten: äöüß ÄÖÜ.\n\nZweiter Absatz;\r\nmit Zeilenumbruch."');
    expect(text).toContain('"Straße ""Am Hafen""; Tor 3"');
    expect(text.endsWith('\r\n')).toBe(true);
  });

  it('quotes a value with bare LF line breaks too, so a spreadsheet does not start a new row inside the body', async () => {
    const text = (await csvOf(records.slice(1, 2), ';')).toString('utf8');
    expect(text).toContain('"zwei\n\nAbsätze nur mit LF"');
    expect(text).toContain('" führendes Leerzeichen"');
  });

  it('writes just the header for an empty batch', async () => {
    const parsed = parse(await csvOf([], ','), { bom: true, columns: true });
    expect(parsed).toEqual([]);
  });
});
