// The rejected rows of an import, as a CSV file next to the imported one: `line`, `reason`, then the original
// columns in their original order, in the file's own delimiter, UTF-8 with BOM (so Excel shows umlauts) and
// CRLF line ends. A person fixes the rows there and imports that file again (the reader drops line and reason).
// Cells are written as they came: defusing formulas would change the values that are meant to be re-imported,
// and the file holds nothing the imported file did not.
import { createWriteStream, type WriteStream } from 'node:fs';
import { access, rm } from 'node:fs/promises';
import { constants } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { once } from 'node:events';
import { stringify } from 'csv-stringify/sync';
import { ValidationError } from '../../core/errors';
import type { ImportRow, RejectSink } from '../../core/import/import-source';

/** contacts.csv -> contacts.rejects.csv (any other name gets .rejects.csv appended). */
export function rejectsPathFor(path: string): string {
  const name = basename(path);
  const stem = /\.csv$/i.test(name) ? name.slice(0, -4) : name;
  return join(dirname(path), `${stem}.rejects.csv`);
}

export async function createCsvRejects(opts: { path: string; header: readonly string[]; delimiter: string }): Promise<RejectSink & { path: string }> {
  // find out now, not after half the file, that the folder cannot take the rejects file
  try {
    await access(dirname(opts.path), constants.W_OK);
  } catch {
    throw new ValidationError(`cannot write ${opts.path}: the folder is not writable; the rejected rows need to go there`);
  }
  let stream: WriteStream | undefined;
  let failure: Error | undefined;
  const line = (cells: readonly string[]) => stringify([cells as string[]], {
      delimiter: opts.delimiter,
      record_delimiter: '\r\n',
      // a line break of either kind inside a value needs quotes, not only the record delimiter itself
      quoted_match: /[\r\n]/,
    });

  async function write(s: WriteStream, text: string): Promise<void> {
    if (failure) throw failure;
    if (!s.write(text)) await Promise.race([once(s, 'drain'), once(s, 'error')]);
    if (failure) throw failure;
  }

  async function finish(): Promise<void> {
    if (!stream) return;
    const s = stream;
    stream = undefined;
    s.end();
    if (!s.writableFinished) await Promise.race([once(s, 'finish'), once(s, 'error')]);
    if (failure) throw failure;
  }

  return {
    path: opts.path,
    async reject(row: ImportRow, reason: string) {
      if (!stream) {
        stream = createWriteStream(opts.path, { flags: 'w' });
        stream.on('error', (error) => (failure = new ValidationError(`cannot write ${opts.path}: ${error.message}`)));
        await write(stream, '\uFEFF' + line(['line', 'reason', ...opts.header]));
      }
      await write(stream, line([String(row.line), reason, ...row.record]));
    },
    async close() {
      if (stream) {
        await finish();
        return opts.path;
      }
      // nothing rejected this time: a rejects file from an earlier run would only mislead
      await rm(opts.path, { force: true });
      return undefined;
    },
    async abort() {
      await finish().catch(() => undefined);
    },
  };
}
