// What the export use case needs from the file writers. The PDF and CSV adapters implement these; the core
// never sees pdfkit or csv-stringify.
import type { LetterLayout } from './layout-letter';

export interface LetterPdfDocument {
  /** Draws the letter's pages. Resolves once the stream can take more, so a big batch never piles up in memory. */
  addLetter(layout: LetterLayout): Promise<void>;
  /** Finishes the document and ends the stream; resolves when every byte was handed over. */
  end(): Promise<void>;
}
/** Starts one PDF document streamed into `stream`. */
export type WritePdf = (stream: NodeJS.WritableStream) => LetterPdfDocument;

export interface LetterCsvDocument {
  /** Writes one row (see MERGE_COLUMNS); resolves once the stream can take more. */
  addRow(record: readonly string[]): Promise<void>;
  /** Ends the stream; resolves when every byte was handed over. */
  end(): Promise<void>;
}
/** Starts the merge file (header row first) streamed into `stream`. */
export type WriteCsv = (stream: NodeJS.WritableStream, options: { delimiter: string; columns: readonly string[] }) => LetterCsvDocument;
