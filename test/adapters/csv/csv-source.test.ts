import { mkdtempSync, writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectDelimiter, openCsvSource } from '../../../functions/adapters/csv/csv-source';
import { ValidationError } from '../../../functions/core/errors';
import type { ImportRow } from '../../../functions/core/import/import-source';

const dir = mkdtempSync(join(tmpdir(), 'csv-source-'));
let n = 0;
function file(content: string | Buffer): string {
  const path = join(dir, `f${++n}.csv`);
  writeFileSync(path, content);
  return path;
}
async function read(path: string) {
  const source = await openCsvSource(path);
  const rows: ImportRow[] = [];
  for await (const r of source.rows) rows.push(r);
  return { source, rows };
}
async function fatal(path: string): Promise<string> {
  const error = await openCsvSource(path).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ValidationError);
  return (error as Error).message;
}

describe('CSV source', () => {
  it('detects the delimiter from the header line, outside quotes', () => {
    expect(detectDelimiter('Vorname;Nachname;"Firma, Sitz"\n1,2,3,4,5')).toBe(';');
    expect(detectDelimiter('id,name,"a;b;c"\n')).toBe(',');
    expect(detectDelimiter('\n\nid;name\n')).toBe(';');
    expect(detectDelimiter('id\n')).toBe(',');
  });

  it('reads a semicolon file with BOM and CRLF, with start lines of rows that span lines', async () => {
    const { source, rows } = await read(file('\uFEFFid;Name;Notiz\r\n1;Anna;"zwei\r\nZeilen"\r\n\r\n2;"O\'Brien & Co";"drei\r\n\r\nZeilen; mit Semikolon"\r\n3;Łukasz Wąsik;\r\n'));
    expect(source.delimiter).toBe(';');
    expect(source.encoding).toBe('utf-8');
    expect(source.header).toEqual(['id', 'Name', 'Notiz']);
    expect(rows).toEqual([
      { line: 2, record: ['1', 'Anna', 'zwei\nZeilen'] },
      { line: 5, record: ['2', "O'Brien & Co", 'drei\n\nZeilen; mit Semikolon'] },
      { line: 8, record: ['3', 'Łukasz Wąsik', ''] },
    ]);
  });

  it('reads a comma file without BOM and LF line ends; blank and all-empty lines are no rows', async () => {
    const { source, rows } = await read(file('\n\nid,name\n1,"a\nb"\n,\n\n2,c'));
    expect(source.delimiter).toBe(',');
    expect(source.headerLine).toBe(3);
    expect(rows).toEqual([
      { line: 4, record: ['1', 'a\nb'] },
      { line: 8, record: ['2', 'c'] },
    ]);
  });

  it('rejects rows with the wrong number of fields without stopping; trailing empty separators are fine', async () => {
    const { rows } = await read(file('id;Name;Ort\n1;Anna;Berlin;;\n2;Ben\n3;Cem;Köln;extra\n4;Dora;Bonn\n'));
    expect(rows.map((r) => [r.line, r.problem ?? 'ok'])).toEqual([
      [2, 'ok'],
      [3, 'the row has 2 fields, the header has 3: check the separators (;) in this row, and put values containing ; in double quotes'],
      [4, 'the row has 4 fields, the header has 3: check the separators (;) in this row, and put values containing ; in double quotes'],
      [5, 'ok'],
    ]);
    expect(rows[0]!.record).toEqual(['1', 'Anna', 'Berlin']);
  });

  it('a comma file read with a semicolon header: every row is rejected for its field count, not fatal', async () => {
    const { source, rows } = await read(file('id;Name;Ort\n1,Anna,Berlin\n2,Ben,Bonn\n'));
    expect(source.delimiter).toBe(';');
    expect(rows.every((r) => r.problem?.startsWith('the row has 1 field, the header has 3'))).toBe(true);
  });

  it('reads Windows-1252 (old Excel "CSV") and UTF-16 with BOM', async () => {
    const latin = await read(file(Buffer.from('id;Straße;Ort\n1;Hauptstraße 1;Köln\n', 'latin1')));
    expect(latin.source.encoding).toBe('windows-1252');
    expect(latin.source.header).toEqual(['id', 'Straße', 'Ort']);
    expect(latin.rows[0]!.record).toEqual(['1', 'Hauptstraße 1', 'Köln']);
    const utf16 = await read(file(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id;Ort\r\n1;Zürich\r\n', 'utf16le')])));
    expect(utf16.source.encoding).toBe('utf-16le');
    expect(utf16.rows).toEqual([{ line: 2, record: ['1', 'Zürich'] }]);
  });

  it('drops the line and reason columns of a rejects file imported again', async () => {
    const { source, rows } = await read(file('\uFEFFline;reason;id;Name\r\n7;"E-Mail ""x"" is not valid";1;Anna\r\n'));
    expect(source.header).toEqual(['id', 'Name']);
    expect(rows).toEqual([{ line: 2, record: ['1', 'Anna'] }]);
  });

  it('stops with the line when a quote is never closed, before handing out any row', async () => {
    const path = file('id,name\r\n1,"ok"\r\n2,"Anna\r\n3,Ben\r\n4,Cem\r\n');
    expect(await fatal(path)).toBe(`${path} line 3: a quoted value starting in this row is never closed (a " is missing), so the rest of the file cannot be read: fix the quotes in this row`);
  });

  it('stops on unreadable and empty files with one clear sentence', async () => {
    expect(await fatal(join(dir, 'missing.csv'))).toBe(`cannot read ${join(dir, 'missing.csv')}: there is no such file`);
    expect(await fatal(dir)).toBe(`cannot read ${dir}: it is a directory, not a file`);
    const empty = file('');
    expect(await fatal(empty)).toBe(`${empty} is empty: nothing to import`);
    const blank = file('\uFEFF\r\n\r\n');
    expect(await fatal(blank)).toBe(`${blank} is empty: nothing to import`);
    const xlsx = file(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]));
    expect(await fatal(xlsx)).toContain('is an Excel workbook, not a CSV file');
    if (process.getuid?.() !== 0) {
      const locked = file('id\n1\n');
      chmodSync(locked, 0o000);
      expect(await fatal(locked)).toBe(`cannot read ${locked}: permission denied`);
    }
  });

  it('counts bytes read for a progress bar', async () => {
    const path = file('id,name\n' + Array.from({ length: 2000 }, (_, i) => `${i},name ${i}`).join('\n'));
    const source = await openCsvSource(path);
    let rows = 0;
    for await (const _ of source.rows) rows++;
    expect(rows).toBe(2000);
    expect(source.bytesRead()).toBe(source.totalBytes);
  });
});
