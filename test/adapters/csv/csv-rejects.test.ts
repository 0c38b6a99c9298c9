import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCsvRejects, rejectsPathFor } from '../../../functions/adapters/csv/csv-rejects';

const dir = mkdtempSync(join(tmpdir(), 'csv-rejects-'));

describe('CSV rejects file', () => {
  it('is named after the imported file', () => {
    expect(rejectsPathFor('/data/contacts.csv')).toBe('/data/contacts.rejects.csv');
    expect(rejectsPathFor('/data/Kontakte.CSV')).toBe('/data/Kontakte.rejects.csv');
    expect(rejectsPathFor('export.txt')).toBe('export.txt.rejects.csv');
  });

  it('writes line, reason and the original columns, in the file’s delimiter, UTF-8 with BOM, quoting where needed', async () => {
    const path = join(dir, 'a.rejects.csv');
    const sink = await createCsvRejects({ path, header: ['id', 'Name', 'Notiz'], delimiter: ';' });
    await sink.reject({ line: 3, record: ['1', 'Anna; Müller', 'zwei\nZeilen'] }, 'E-Mail "anna@" is not a valid address');
    await sink.reject({ line: 9, record: ['2', 'Ben'] }, 'the row has 2 fields, the header has 3');
    expect(await sink.close()).toBe(path);
    expect(readFileSync(path, 'utf8')).toBe(
      '\uFEFFline;reason;id;Name;Notiz\r\n' +
        '3;"E-Mail ""anna@"" is not a valid address";1;"Anna; Müller";"zwei\nZeilen"\r\n' +
        '9;the row has 2 fields, the header has 3;2;Ben\r\n',
    );
  });

  it('writes no file when nothing was rejected, and removes one left from an earlier run', async () => {
    const path = join(dir, 'b.rejects.csv');
    writeFileSync(path, 'stale');
    const sink = await createCsvRejects({ path, header: ['id'], delimiter: ',' });
    expect(await sink.close()).toBeUndefined();
    expect(existsSync(path)).toBe(false);
  });

  it('abort keeps what was written and removes nothing', async () => {
    const stale = join(dir, 'c.rejects.csv');
    writeFileSync(stale, 'stale');
    await (await createCsvRejects({ path: stale, header: ['id'], delimiter: ',' })).abort();
    expect(readFileSync(stale, 'utf8')).toBe('stale');
  });

  it('refuses a folder it cannot write to, before the import starts', async () => {
    await expect(createCsvRejects({ path: join(dir, 'nope', 'x.rejects.csv'), header: ['id'], delimiter: ',' })).rejects.toThrow(/the folder is not writable/);
  });
});
