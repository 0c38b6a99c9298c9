// `presence letters export`: the approved letter drafts of the local ledger become a batch folder with the merge
// file (letters.csv) and the print-ready PDF (letters.pdf), the same use case the Lambda runs against S3.
import type { Command } from 'commander';
import { Presets, SingleBar } from 'cli-progress';
import { writeLettersCsv } from '../../adapters/csv/letters-csv';
import { FolderLetterSink } from '../../adapters/fs/folder-letter-sink';
import { createLetterPdfWriter } from '../../adapters/pdf/letter-pdf';
import { loadLetterFonts } from '../../adapters/pdf/letter-fonts';
import { pdfTextMeasure } from '../../adapters/pdf/pdf-text-measure';
import { ValidationError } from '../../core/errors';
import { exportLetters, type ExportLettersResult, type ExportProgress } from '../../core/export-letters';
import type { LetterForm } from '../../core/letters/geometry';
import { printJson } from '../output';
import type { Runtime } from '../../local/runtime';

export interface LettersExportOptions {
  campaign?: string;
  out: string;
  form: string;
  delimiter: string;
  again?: boolean;
  perLetter?: boolean;
  json?: boolean;
}

export function registerLetters(program: Command, open: () => Promise<Runtime>): void {
  const letters = program.command('letters').description('print letters: merge file and DIN 5008 PDF for window envelopes');

  letters
    .command('export')
    .description('export all approved letter drafts as one batch (letters.csv + letters.pdf) and record them as sent')
    .option('--campaign <id>', 'only the letters of this campaign')
    .option('--out <dir>', 'folder for the batch folders', 'out/letters')
    .option('--form <A|B>', 'DIN 5008 form: B (address field 45 mm from the top) or A (27 mm)', 'B')
    .option('--delimiter <char>', "field delimiter of letters.csv: ';' ',' '|' or tab", ';')
    .option('--again', 'reprint the campaign\'s already exported letters; records nothing (needs --campaign)')
    .option('--per-letter', 'one PDF file per letter instead of one for the batch')
    .option('--json', 'print the summary as JSON')
    .action(async (opts: LettersExportOptions) => {
      const rt = await open();
      try {
        const result = await runLettersExport(rt, opts);
        if (opts.json) return printJson(result);
        process.stdout.write(describeExport(result));
      } finally {
        await rt.close();
      }
    });
}

export async function runLettersExport(rt: Pick<Runtime, 'ledger' | 'clock' | 'logger' | 'config' | 'holidays'>, opts: LettersExportOptions): Promise<ExportLettersResult> {
  const form = opts.form.toUpperCase();
  if (form !== 'A' && form !== 'B') throw new ValidationError(`--form ${opts.form}: use A or B.`);
  const delimiter = opts.delimiter === 'tab' || opts.delimiter === '\\t' ? '\t' : opts.delimiter;
  const fonts = loadLetterFonts();
  const progress = progressBar(opts.json === true);
  try {
    return await exportLetters(
      {
        ledger: rt.ledger,
        clock: rt.clock,
        logger: rt.logger,
        config: rt.config,
        sink: new FolderLetterSink(opts.out),
        writePdf: createLetterPdfWriter(fonts),
        writeCsv: writeLettersCsv,
        measure: pdfTextMeasure(fonts),
        onProgress: progress?.update,
        holidays: rt.holidays,
      },
      { campaignId: opts.campaign, again: opts.again === true, form: form as LetterForm, delimiter, onePdfPerLetter: opts.perLetter === true },
    );
  } finally {
    progress?.stop();
  }
}

/** A bar on stderr, only on a terminal and only once a batch is big enough to wait for. */
function progressBar(json: boolean): { update: (p: ExportProgress) => void; stop: () => void } | undefined {
  if (json || !process.stderr.isTTY) return undefined;
  const bar = new SingleBar(
    { format: '{phase} {bar} {value}/{total} letters', hideCursor: true, clearOnComplete: true, stream: process.stderr },
    Presets.shades_classic,
  );
  let phase = '';
  return {
    update: (p) => {
      if (p.total < 50 && !phase) return;
      const label = p.phase === 'print' ? 'printing ' : 'recording';
      if (phase !== p.phase) {
        if (phase) bar.stop();
        bar.start(p.total, p.done, { phase: label });
        phase = p.phase;
      } else {
        bar.setTotal(p.total);
        bar.update(p.done, { phase: label });
      }
    },
    stop: () => {
      if (phase) bar.stop();
    },
  };
}

export function describeExport(r: ExportLettersResult): string {
  const lines: string[] = [];
  if (r.letters === 0) lines.push('No letters to print.');
  else {
    lines.push(`${r.letters} letter${r.letters === 1 ? '' : 's'}, ${r.pages} page${r.pages === 1 ? '' : 's'} (batch ${r.batchId})`);
    lines.push(`  merge file  ${r.csv}`);
    if (r.pdf) lines.push(`  PDF         ${r.pdf}`);
    if (r.letterPdfs?.length) lines.push(`  PDFs        ${r.letterPdfs.length} files beside the merge file`);
    lines.push(r.recorded > 0 ? `  recorded    ${r.recorded} letter touch${r.recorded === 1 ? '' : 'es'}` : '  recorded    nothing (reprint)');
  }
  if (r.needsFix.length > 0) {
    lines.push(`${r.needsFix.length} letter${r.needsFix.length === 1 ? '' : 's'} not printed, address to fix:`);
    for (const f of r.needsFix) for (const reason of f.reasons) lines.push(`  ${f.draftId}  ${reason}`);
  }
  if (r.skipped.length > 0) {
    lines.push(`${r.skipped.length} letter${r.skipped.length === 1 ? '' : 's'} skipped:`);
    for (const s of r.skipped) lines.push(`  ${s.draftId}  ${s.reason}`);
  }
  return lines.join('\n') + '\n';
}
