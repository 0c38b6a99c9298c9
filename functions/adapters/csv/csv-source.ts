// Reads an import file as a stream of rows: comma or semicolon (seen in the header line), UTF-8 with or
// without BOM, UTF-16 with BOM, and Windows-1252 (what older Excel versions save as "CSV") when the file is not
// valid UTF-8. Quoted values may span lines; each row carries the line it starts on.
//
// The file is read twice: a first pass checks it can be read to the end (encoding, closed quotes), so a
// broken file stops the import before anything is written; the second pass hands out the rows. Both passes
// stream, so memory stays flat whatever the size of the file.
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { pipeline, Transform, type TransformCallback } from 'node:stream';
import { TextDecoder } from 'node:util';
import { parse, CsvError, type Info } from 'csv-parse';
import { restoreCsvCell } from '../../core/csv-cell';
import { ValidationError } from '../../core/errors';
import type { ImportRow, ImportSource } from '../../core/import/import-source';

export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
export type CsvDelimiter = ',' | ';';

export interface CsvSource extends ImportSource {
  path: string;
  delimiter: CsvDelimiter;
  encoding: CsvEncoding;
  /** Size of the file in bytes, and how many of them the row pass has read (for a progress bar). */
  totalBytes: number;
  bytesRead(): number;
}

/** Longest row accepted; longer means, in practice, a quote that is never closed. */
const MAX_RECORD_CHARS = 2_000_000;
const SNIFF_BYTES = 64 * 1024;

export async function openCsvSource(path: string): Promise<CsvSource> {
  const size = await fileSize(path);
  if (size === 0) throw new ValidationError(`${path} is empty: nothing to import`);
  const head = await readHead(path, Math.min(size, SNIFF_BYTES));
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) {
    throw new ValidationError(`${path} is an Excel workbook, not a CSV file: save it as "CSV UTF-8" (or CSV) and import that file`);
  }
  const bom = bomEncoding(head);
  if (!bom && head.includes(0)) throw new ValidationError(`${path} is not a text file: import a CSV file`);
  let encoding: CsvEncoding = bom ?? 'utf-8';
  const delimiter = detectDelimiter(new TextDecoder(encoding).decode(head));

  // first pass: read everything once; a file that is not UTF-8 anywhere is read as Windows-1252
  let first: FirstPass;
  try {
    first = await firstPass(path, encoding, delimiter);
  } catch (error) {
    if (!(error instanceof NotUtf8) || bom) throw error;
    encoding = 'windows-1252';
    first = await firstPass(path, encoding, delimiter);
  }
  if (!first.header) throw new ValidationError(`${path} is empty: nothing to import`);

  const header = first.header.record;
  // a rejects file from an earlier run, fixed and imported again: its line and reason columns are ours, and so
  // is the quote its writer put before cells that would start a formula (= + - @ tab CR), which comes off again
  const rejects = header[0]?.trim().toLowerCase() === 'line' && header[1]?.trim().toLowerCase() === 'reason';
  const dropped = rejects ? 2 : 0;
  const restore = rejects ? restoreCsvCell : (cell: string) => cell;
  const columns = header.length - dropped;
  let bytesRead = 0;

  async function* rows(): AsyncGenerator<ImportRow> {
    let isHeader = true;
    for await (const { line, record } of records(path, encoding, delimiter, (n) => (bytesRead = n))) {
      if (isHeader) {
        isHeader = false;
        continue;
      }
      // a value's inner line breaks are plain \n whatever the file's line ends were
      const cells = record.slice(dropped).map(restore).map((c) => (c.includes('\r\n') ? c.replace(/\r\n/g, '\n') : c));
      // spreadsheets sometimes end a row with extra empty separators; only real extra values count
      while (cells.length > columns && cells[cells.length - 1]!.trim() === '') cells.pop();
      if (cells.length !== columns) {
        yield {
          line,
          record: cells,
          problem: `the row has ${fields(cells.length)}, the header has ${columns}: check the separators (${delimiter}) in this row, and put values containing ${delimiter} in double quotes`,
        };
      } else yield { line, record: cells };
    }
  }

  return {
    path,
    delimiter,
    encoding,
    header: header.slice(dropped).map(restore),
    headerLine: first.header.line,
    rows: { [Symbol.asyncIterator]: rows },
    totalBytes: size,
    bytesRead: () => bytesRead,
  };
}

const fields = (n: number) => `${n} ${n === 1 ? 'field' : 'fields'}`;

/** The delimiter is whichever of ; and , the header line uses more (outside quotes); a tie means comma. */
export function detectDelimiter(text: string): CsvDelimiter {
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  let started = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) {
      if (started) break; // blank lines before the header are skipped
    } else {
      if (ch.trim()) started = true;
      if (!quoted && ch === ';') semicolons++;
      else if (!quoted && ch === ',') commas++;
    }
  }
  return semicolons > commas ? ';' : ',';
}

interface FirstPass {
  header?: { line: number; record: string[] };
}

async function firstPass(path: string, encoding: CsvEncoding, delimiter: CsvDelimiter): Promise<FirstPass> {
  const pass: FirstPass = {};
  for await (const r of records(path, encoding, delimiter, () => undefined)) pass.header ??= r;
  return pass;
}

class NotUtf8 extends Error {}

/** Records with their start line, from a file decoded to UTF-8 on the way into csv-parse. */
async function* records(
  path: string,
  encoding: CsvEncoding,
  delimiter: CsvDelimiter,
  onBytes: (n: number) => void,
): AsyncGenerator<{ line: number; record: string[] }> {
  const feed = new Utf8Feed(encoding, onBytes);
  const parser = parse({
    delimiter,
    info: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    // ";;;;" lines: rows a spreadsheet exported without any value in them
    skip_records_with_empty_values: true,
    max_record_size: MAX_RECORD_CHARS,
  });
  pipeline(createReadStream(path), feed, parser, () => undefined);
  let lastEnd = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: Info }>) {
      // csv-parse counts CRLF inside quotes as two lines, so lines are counted here from byte offsets
      const endLine = feed.lineAt(Math.max(0, info.bytes - 1));
      let inner = 0;
      for (const cell of record) for (let i = cell.indexOf('\n'); i !== -1; i = cell.indexOf('\n', i + 1)) inner++;
      lastEnd = info.bytes;
      yield { line: endLine - inner, record };
    }
  } catch (error) {
    if (error instanceof NotUtf8) throw error;
    const line = feed.lineAt(lastEnd);
    if (error instanceof CsvError && (error.code === 'CSV_QUOTE_NOT_CLOSED' || error.code === 'CSV_MAX_RECORD_SIZE')) {
      throw new ValidationError(
        `${path} line ${line}: a quoted value starting in this row is never closed (a " is missing), so the rest of the file cannot be read: fix the quotes in this row`,
      );
    }
    if (error instanceof CsvError) throw new ValidationError(`${path} line ${line}: the file cannot be read as CSV: ${error.message}`);
    throw new ValidationError(`cannot read ${path}: ${(error as Error).message}`);
  } finally {
    parser.destroy();
  }
}

/**
 * Decodes the file to UTF-8 for csv-parse, remembering where the line breaks are so a byte offset reported by
 * the parser becomes a line number. Only the break offsets not yet asked for are kept.
 */
class Utf8Feed extends Transform {
  private readonly decoder: TextDecoder;
  private bytesIn = 0;
  private bytesOut = 0;
  private breaks: number[] = [];
  private head = 0;
  private linesBefore = 0;

  constructor(
    encoding: CsvEncoding,
    private readonly onBytes: (n: number) => void,
  ) {
    super();
    // the BOM is dropped by the decoder (ignoreBOM: false)
    this.decoder = new TextDecoder(encoding, { fatal: encoding === 'utf-8' });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytesIn += chunk.length;
    this.onBytes(this.bytesIn);
    this.pushDecoded(() => this.decoder.decode(chunk, { stream: true }), done);
  }

  override _flush(done: TransformCallback): void {
    this.pushDecoded(() => this.decoder.decode(), done);
  }

  private pushDecoded(decode: () => string, done: TransformCallback): void {
    let text: string;
    try {
      text = decode();
    } catch {
      done(new NotUtf8('not UTF-8'));
      return;
    }
    const out = Buffer.from(text, 'utf8');
    for (let i = out.indexOf(10); i !== -1; i = out.indexOf(10, i + 1)) this.breaks.push(this.bytesOut + i);
    this.bytesOut += out.length;
    done(null, out);
  }

  /** Line number (from 1) of the byte at `offset`; offsets must be asked in rising order. */
  lineAt(offset: number): number {
    while (this.head < this.breaks.length && this.breaks[this.head]! < offset) {
      this.head++;
      this.linesBefore++;
    }
    if (this.head > 4096) {
      this.breaks = this.breaks.slice(this.head);
      this.head = 0;
    }
    return this.linesBefore + 1;
  }
}

function bomEncoding(head: Buffer): CsvEncoding | undefined {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return undefined;
}

async function fileSize(path: string): Promise<number> {
  try {
    const s = await stat(path);
    if (s.isDirectory()) throw new ValidationError(`cannot read ${path}: it is a directory, not a file`);
    return s.size;
  } catch (error) {
    throw unreadable(path, error);
  }
}

async function readHead(path: string, length: number): Promise<Buffer> {
  try {
    const handle = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw unreadable(path, error);
  }
}

function unreadable(path: string, error: unknown): Error {
  if (error instanceof ValidationError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  const why = code === 'ENOENT' ? 'there is no such file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (error as Error).message;
  return new ValidationError(`cannot read ${path}: ${why}`);
}
