// Handler of the letter export: on a schedule (EventBridge Scheduler) or on demand (direct invoke), all
// approved letter drafts, optionally of one campaign, go to S3 as one batch: letters.csv and letters.pdf under
// letters/<batch id>/. Input: `{ campaignId?, form?: 'A'|'B', delimiter?, again?, onePdfPerLetter? }`; an empty
// event exports everything approved.
import middy from '@middy/core';
import * as z from 'zod';
import { writeLettersCsv } from '../adapters/csv/letters-csv';
import { createLetterPdfWriter } from '../adapters/pdf/letter-pdf';
import { loadLetterFonts } from '../adapters/pdf/letter-fonts';
import { pdfTextMeasure } from '../adapters/pdf/pdf-text-measure';
import { ValidationError } from '../core/errors';
import { exportLetters, type ExportLettersResult } from '../core/export-letters';
import { idSchema } from '../core/model';
import type { LetterSink } from '../core/ports';
import type { PresenceDeps } from '../core/deps';

export const exportLettersEventSchema = z
  .object({
    campaignId: idSchema.optional(),
    form: z.enum(['A', 'B']).optional(),
    delimiter: z.enum([';', ',', '\t', '|']).optional(),
    again: z.boolean().optional(),
    onePdfPerLetter: z.boolean().optional(),
  })
  .strict();
export type ExportLettersEvent = z.infer<typeof exportLettersEventSchema>;

type ExportRuntime = Pick<PresenceDeps, 'ledger' | 'clock' | 'logger' | 'config' | 'holidays'>;

/** A bad event is a configuration error: it fails at once, before anything is read or written. */
function parseEvent(event: unknown): ExportLettersEvent {
  const parsed = exportLettersEventSchema.safeParse(event ?? {});
  if (!parsed.success) {
    throw new ValidationError(
      'the export event must be { campaignId?, form?, delimiter?, again?, onePdfPerLetter? }',
      parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(event)', message: i.message })),
    );
  }
  return parsed.data;
}

/** The JSON summary without the per-letter lists, which can be long; they are in the batch folder anyway. */
export interface ExportLettersSummary {
  batchId: string;
  letters: number;
  pages: number;
  csv?: string;
  pdf?: string;
  letterPdfs: number;
  needsFix: number;
  skipped: number;
  recorded: number;
}

export function summaryOf(r: ExportLettersResult): ExportLettersSummary {
  return {
    batchId: r.batchId,
    letters: r.letters,
    pages: r.pages,
    csv: r.csv,
    pdf: r.pdf,
    letterPdfs: r.letterPdfs?.length ?? 0,
    needsFix: r.needsFix.length,
    skipped: r.skipped.length,
    recorded: r.recorded,
  };
}

export function createExportLettersHandler(runtime: ExportRuntime, sink: LetterSink) {
  // fonts are read and parsed once per container
  const fonts = loadLetterFonts();
  const measure = pdfTextMeasure(fonts);
  const writePdf = createLetterPdfWriter(fonts);
  return middy<unknown, ExportLettersSummary>().handler(async (event) => {
    const input = parseEvent(event);
    const result = await exportLetters(
      { ledger: runtime.ledger, clock: runtime.clock, logger: runtime.logger, config: runtime.config, holidays: runtime.holidays, sink, writePdf, writeCsv: writeLettersCsv, measure },
      input,
    );
    return summaryOf(result);
  });
}
