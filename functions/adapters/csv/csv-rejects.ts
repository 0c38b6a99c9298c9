// The rejected rows of an import, as a CSV file next to the imported one: `line`, `reason`, then the original
// columns in their original order, in the file's own delimiter, UTF-8 with BOM (so Excel shows umlauts) and
// CRLF line ends. A person fixes the rows there and imports that file again (the reader drops line and reason).
// The file is opened in a spreadsheet, so cells that would start a formula are defused like in every CSV we
// write (csv-line.ts); the reader takes the added quote off again when it imports a rejects file, so the
// values that come back are the ones that were rejected.
import { createWriteStream, type WriteStream } from 'node:fs';
import { access, chmod, rm } from 'node:fs/promises';
import { constants } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { once } from 'node:events';
import { ValidationError } from '../../core/errors';
import type { ImportRow, RejectSink } from '../../core/import/import-source';
import { csvLine } from './csv-line';

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
  const line = (cells: readonly string[]) => csvLine(cells, opts.delimiter);

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
        // the rows hold names and addresses: for the owner only, like every export (an older file keeps no wider mode)
        stream = createWriteStream(opts.path, { flags: 'w', mode: 0o600 });
        stream.on('error', (error) => (failure = new ValidationError(`cannot write ${opts.path}: ${error.message}`)));
        try {
          await once(stream, 'open');
          await chmod(opts.path, 0o600);
        } catch (error) {
          throw new ValidationError(`cannot write ${opts.path}: ${error instanceof Error ? error.message : String(error)}`);
        }
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
