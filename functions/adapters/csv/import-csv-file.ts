// One CSV file into the ledger: the reader, the import use case and the rejects file beside the input, wired
// together. The `presence import` command and `presence up` (the sample files) both call this.
import { knownRegions } from '../calendar/library-holidays';
import { createCsvRejects, rejectsPathFor } from './csv-rejects';
import { openCsvSource, type CsvSource } from './csv-source';
import { ValidationError } from '../../core/errors';
import { importContacts } from '../../core/import/import-contacts';
import type { ImportResult, ImportRow, RejectSink } from '../../core/import/import-source';
import { importReps } from '../../core/import/import-reps';
import { regionVocabulary } from '../../core/import/regions';
import { defaultConfig, type PresenceConfig } from '../../core/config';
import type { Clock, Ledger, Logger } from '../../core/ports';

export type ImportKind = 'reps' | 'contacts';

/** The runtime's ports; `config.homeCountry` completes region codes without a country (default: DE). */
export interface ImportFileDeps {
  ledger: Ledger;
  clock: Clock;
  logger: Logger;
  config?: Pick<PresenceConfig, 'homeCountry'>;
}

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
  deps: ImportFileDeps,
  kind: ImportKind,
  path: string,
  opts: ImportFileOptions = {},
): Promise<ImportResult> {
  return importCsvSource(deps, kind, await openCsvSource(path), opts);
}

export async function importCsvSource(
  deps: ImportFileDeps,
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
  // region cells name the regions the holiday calendar knows: its own list is the vocabulary
  const regions = regionVocabulary(knownRegions(), deps.config?.homeCountry ?? defaultConfig.homeCountry);
  const input = { source: { header: source.header, headerLine: source.headerLine, rows }, rejects, dryRun: opts.dryRun, regions };
  try {
    return await (kind === 'reps' ? importReps(deps, input) : importContacts(deps, input));
  } catch (error) {
    // the use case speaks of lines; the person needs to know of which file
    if (error instanceof ValidationError && error.message.startsWith('line ')) throw new ValidationError(`${source.path} ${error.message}`);
    throw error;
  }
}
