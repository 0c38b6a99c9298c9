// The letter export as `presence letters export --out DIR` runs it, over a given ledger, into a folder: for tests
// that look at the files it writes.
import { writeLettersCsv } from '../../functions/adapters/csv/letters-csv';
import { FolderLetterSink } from '../../functions/adapters/fs/folder-letter-sink';
import { FixedClock } from '../../functions/adapters/memory/fixed-clock';
import { loadLetterFonts } from '../../functions/adapters/pdf/letter-fonts';
import { createLetterPdfWriter } from '../../functions/adapters/pdf/letter-pdf';
import { pdfTextMeasure } from '../../functions/adapters/pdf/pdf-text-measure';
import { exportLetters, type ExportLettersResult } from '../../functions/core/export-letters';
import type { Draft } from '../../functions/core/model';
import { silentLogger } from '../../functions/core/ports';
import { aDraft } from './factories';

type ExportInput = Parameters<typeof exportLetters>[1];

export async function exportLettersToFolder(ledger: Parameters<typeof exportLetters>[0]['ledger'], root: string, input: ExportInput = {}): Promise<ExportLettersResult> {
  const fonts = loadLetterFonts();
  return exportLetters(
    {
      ledger,
      clock: new FixedClock('2026-11-27T09:00:00Z'),
      logger: silentLogger,
      sink: new FolderLetterSink(root),
      writePdf: createLetterPdfWriter(fonts),
      writeCsv: writeLettersCsv,
      measure: pdfTextMeasure(fonts),
      config: { homeCountry: 'DE', letterReturnAddress: 'Presence GmbH · Hafenweg 2 · 20457 Hamburg' },
    },
    input,
  );
}

/** An approved letter draft with a salutation and a closing, as the planner writes them. */
export function anApprovedLetter(over: Partial<Draft> & { contactId?: string; subject?: string } = {}): Draft {
  const { subject, ...rest } = over;
  return aDraft({
    kind: 'letter',
    channel: 'letter',
    status: 'approved',
    content: { subject: subject ?? 'Lieferfähigkeit im Dezember', html: '', text: 'Guten Tag,\n\nein Brief.', salutation: 'Sehr geehrte Frau Müller,', closing: 'Mit freundlichen Grüßen' },
    ...rest,
  });
}
