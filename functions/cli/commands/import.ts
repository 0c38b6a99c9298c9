// `presence import reps FILE` and `presence import contacts FILE`: a CSV file into the ledger.
// The file is opened and checked before the local stack is asked for, so a wrong path needs no running stack.
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { createCsvRejects, rejectsPathFor } from '../../adapters/csv/csv-rejects';
import { openCsvSource, type CsvSource } from '../../adapters/csv/csv-source';
import { importContacts } from '../../core/import/import-contacts';
import type { ImportResult, ImportRow, RejectSink } from '../../core/import/import-source';
import { importReps } from '../../core/import/import-reps';
import { ValidationError } from '../../core/errors';
import type { Clock, Ledger, Logger } from '../../core/ports';
import { printJson } from '../output';
import type { Runtime } from '../runtime';

export type ImportKind = 'reps' | 'contacts';

export interface ImportFileOptions {
  dryRun?: boolean;
  /** Called as rows are read: bytes read so far and the file's size. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Called for each rejected row (the first few are shown to the person). */
  onReject?: (line: number, reason: string) => void;
}

/**
 * Imports one CSV file: reader, use case and rejects file wired together. `presence up` can call this for the
 * sample files; the command below calls it for the user's files.
 */
export async function importCsvFile(
  deps: { ledger: Ledger; clock: Clock; logger: Logger },
  kind: ImportKind,
  path: string,
  opts: ImportFileOptions = {},
): Promise<ImportResult> {
  return importCsvSource(deps, kind, await openCsvSource(path), opts);
}

export async function importCsvSource(
  deps: { ledger: Ledger; clock: Clock; logger: Logger },
  kind: ImportKind,
  source: CsvSource,
  opts: ImportFileOptions = {},
): Promise<ImportResult> {
  const file = await createCsvRejects({ path: rejectsPathFor(source.path), header: source.header, delimiter: source.delimiter });
  const rejects: RejectSink = {
    reject: (row: ImportRow, reason: string) => {
      opts.onReject?.(row.line, reason);
      return file.reject(row, reason);
    },
    close: () => file.close(),
    abort: () => file.abort(),
  };
  const progress = opts.onProgress;
  const rows = progress
    ? (async function* () {
        for await (const row of source.rows) {
          progress(source.bytesRead(), source.totalBytes);
          yield row;
        }
        progress(source.totalBytes, source.totalBytes);
      })()
    : source.rows;
  const input = { source: { header: source.header, headerLine: source.headerLine, rows }, rejects, dryRun: opts.dryRun };
  try {
    return await (kind === 'reps' ? importReps(deps, input) : importContacts(deps, input));
  } catch (error) {
    // the use case speaks of lines; the person needs to know of which file
    if (error instanceof ValidationError && error.message.startsWith('line ')) throw new ValidationError(`${source.path} ${error.message}`);
    throw error;
  }
}

const SHOWN_REJECTS = 5;

export function registerImport(program: Command, open: () => Promise<Runtime>): void {
  const group = program.command('import').description('import reps or contacts from a CSV file (columns: docs/import.md)');
  for (const kind of ['reps', 'contacts'] as const) {
    group
      .command(kind)
      .description(
        kind === 'reps'
          ? 'import the reps (id, name, email ...); import them before their contacts'
          : 'import contacts; German CRM headers (Vorname, Nachname, Firma, E-Mail, Betreuer ...) are understood',
      )
      .argument('<file>', 'CSV file, comma or semicolon separated, UTF-8 (with or without BOM)')
      .option('--dry-run', 'check every row against the ledger and count, without writing to it')
      .option('--json', 'print {created, updated, unchanged, rejected, rejectsFile} as JSON')
      .action(async (file: string, opts: { dryRun?: boolean; json?: boolean }) => {
        // the file first: a missing or broken file is reported without asking for the local stack
        const source = await openCsvSource(file);
        const rt = await open();
        // a bar only for a person watching: stdout is a terminal and nobody asked for JSON
        const bar =
          process.stdout.isTTY && !opts.json
            ? new SingleBar(
                { format: `importing ${kind} {bar} {percentage}% | {value}/{total} kB`, hideCursor: true, clearOnComplete: true, stream: process.stdout },
                Presets.shades_classic,
              )
            : undefined;
        const shown: Array<{ line: number; reason: string }> = [];
        let result: ImportResult;
        try {
          let started = false;
          result = await importCsvSource(rt, kind, source, {
            dryRun: opts.dryRun,
            onReject: (line, reason) => {
              if (shown.length < SHOWN_REJECTS) shown.push({ line, reason });
            },
            onProgress: bar
              ? (read, total) => {
                  if (!started) {
                    bar.start(Math.ceil(total / 1024), 0);
                    started = true;
                  }
                  bar.update(Math.ceil(read / 1024));
                }
              : undefined,
          });
        } finally {
          bar?.stop();
          await rt.close();
        }
        if (opts.json) return printJson(result);
        process.stdout.write(summary(file, result, opts.dryRun === true, shown));
      });
  }
}

export function summary(file: string, r: ImportResult, dryRun: boolean, shown: ReadonlyArray<{ line: number; reason: string }>): string {
  const counts = `${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged, ${r.rejected} rejected`;
  const lines = [dryRun ? `${file} (dry run, nothing written): would be ${counts}` : `${file}: ${counts}`];
  if (r.rejectsFile) {
    lines.push(`Rejected rows with their reasons are in ${r.rejectsFile}${shown.length < r.rejected ? '; the first ones:' : ':'}`);
    for (const s of shown) lines.push(`  line ${s.line}: ${s.reason}`);
  }
  return lines.join('\n') + '\n';
}
