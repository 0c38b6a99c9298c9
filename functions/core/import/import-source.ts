// What an import reads and where its rejected rows go. The CSV adapter (functions/adapters/csv) provides
// both; tests hand in arrays. Rows stream: an import never holds the whole file.
import type { RegionVocabulary } from './regions';

/** A row this long would not fit one ledger item; nobody means to import a novel into a contact. */
export const MAX_ROW_CHARS = 50_000;

export interface ImportRow {
  /** Line of the file where the row starts (a quoted value may make it span several lines). */
  line: number;
  /** The cells, in the order of the header. */
  record: readonly string[];
  /** Set by the reader when the row is broken (wrong number of cells): the row is rejected with this reason. */
  problem?: string;
}

export interface ImportSource {
  header: readonly string[];
  /** Line of the header row, for messages about it. */
  headerLine: number;
  rows: AsyncIterable<ImportRow>;
}

/** Receives the rows that were not imported, in line order, with the reason. */
export interface RejectSink {
  reject(row: ImportRow, reason: string): Promise<void>;
  /** Finishes; returns where the rejected rows are (undefined when there were none). */
  close(): Promise<string | undefined>;
  /** The import stopped on a fatal problem: keep what was written, remove nothing. */
  abort(): Promise<void>;
}

export interface ImportOptions {
  /** Validate and count against the ledger without writing to it. */
  dryRun?: boolean;
  /** Rows read, checked and written together. */
  chunkSize?: number;
  /** Ledger writes in flight at once. */
  writeConcurrency?: number;
  /**
   * The regions a region column may name (regions.ts, from the holiday library's list) and the home country. Without
   * it a file's region cells cannot be checked, and each filled one is a row problem.
   */
  regions?: RegionVocabulary;
}

export interface ImportResult {
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** Where the rejected rows were written; null when nothing was rejected. */
  rejectsFile: string | null;
}

/** A sink that keeps the rejects in memory, for tests and callers that do not want a file. */
export function collectRejects(): RejectSink & { rejected: Array<{ line: number; reason: string }> } {
  const rejected: Array<{ line: number; reason: string }> = [];
  return {
    rejected,
    async reject(row, reason) {
      rejected.push({ line: row.line, reason });
    },
    async close() {
      return undefined;
    },
    async abort() {},
  };
}
