// The merge file: UTF-8 with a byte-order mark (so Word and Excel/LibreOffice read umlauts as umlauts), one
// header row with the documented column names, CRLF between records, fields with line breaks or delimiters
// quoted (the body keeps its paragraphs), cells that would start a formula defused (csv-line.ts). Rows are
// written one by one as the letters are made.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { LetterCsvDocument, WriteCsv } from '../../core/letters/letter-files';
import { csvLine } from './csv-line';

const BOM = '\ufeff';

export const writeLettersCsv: WriteCsv = (stream, { delimiter, columns }) => new LettersCsv(stream as Writable, delimiter, columns);

class LettersCsv implements LetterCsvDocument {
  constructor(
    private readonly out: Writable,
    private readonly delimiter: string,
    columns: readonly string[],
  ) {
    this.out.write(BOM + this.line(columns));
  }

  async addRow(record: readonly string[]): Promise<void> {
    if (!this.out.write(this.line(record))) await once(this.out, 'drain');
  }

  async end(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.out.once('error', reject);
      this.out.end(() => resolve());
    });
  }

  private line(record: readonly string[]): string {
    return csvLine(record, this.delimiter);
  }
}
