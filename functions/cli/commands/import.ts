// `presence import reps FILE` and `presence import contacts FILE`: a CSV file into the ledger.
// The file is opened and checked before the local stack is asked for, so a wrong path needs no running stack.
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { importCsvSource, type ImportKind } from '../../adapters/csv/import-csv-file';
import { openCsvSource } from '../../adapters/csv/csv-source';
import { ValidationError } from '../../core/errors';
import type { ImportResult } from '../../core/import/import-source';
import { printJson } from '../output';
import type { Runtime } from '../../local/runtime';

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
