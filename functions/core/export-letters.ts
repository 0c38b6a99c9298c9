// exportLetters: all approved letter drafts (optionally of one campaign) become one batch: a merge file for
// Word/LibreOffice and a print-ready DIN 5008 PDF. Letters whose address would not make it through the post go
// back to `needs_fix` with the reason. Only after both files are complete is each printed letter marked
// `exported` and one `letter` touch recorded per draft, in one ledger step, so a crash before that records
// nothing and a retry records each letter once.
import { DraftConflict, ValidationError } from './errors';
import { senderOf, type Contact, type DraftStatus, type Rep } from './model';
import type { Clock, HolidayCalendar, Ledger, LetterSink, Logger } from './ports';
import type { CompanySettings } from './company/company';
import { checkAddress } from './letters/check-address';
import { geometryOf, LETTER_FORMS, type LetterForm } from './letters/geometry';
import { layoutLetter } from './letters/layout-letter';
import { buildLetter } from './letters/letter';
import { businessDayOnOrAfter } from './calendar/business-day';
import { wallClockOf } from './local-day';
import type { LetterCsvDocument, LetterPdfDocument, WriteCsv, WritePdf } from './letters/letter-files';
import { MERGE_COLUMNS, mergeRecordOf } from './letters/merge-record';
import type { TextMeasure } from './letters/text-measure';

export interface ExportLettersDeps {
  ledger: Pick<Ledger, 'listDrafts' | 'getContacts' | 'getRep' | 'updateDraft' | 'recordTouch'>;
  clock: Clock;
  logger: Logger;
  sink: LetterSink;
  writePdf: WritePdf;
  writeCsv: WriteCsv;
  /** Text widths of the font the PDF embeds (line breaks and the window check). */
  measure: TextMeasure;
  /** letterReturnAddress is required (the export refuses without it); company gives the footer's particulars. */
  config: { homeCountry: string; letterReturnAddress?: string; company?: CompanySettings };
  /** Called as the batch moves on, for a progress bar. */
  onProgress?: (progress: ExportProgress) => void;
  /** Public holidays, so that letters exported on one are dated the next business day; without it weekends only. */
  holidays?: HolidayCalendar;
}

export interface ExportProgress {
  phase: 'print' | 'record';
  done: number;
  /** print: drafts listed so far (grows while pages are read); record: letters to record. */
  total: number;
}

export interface ExportLettersInput {
  campaignId?: string;
  /** Reprint the campaign's already exported letters; records nothing. */
  again?: boolean;
  form?: LetterForm;
  /** Field delimiter of the merge file: ';' for German spreadsheet defaults, ',' otherwise. */
  delimiter?: string;
  /** One PDF file per letter instead of one for the batch. */
  onePdfPerLetter?: boolean;
  /** Drafts read per ledger page. */
  pageSize?: number;
}

export interface ExportLettersResult {
  batchId: string;
  letters: number;
  pages: number;
  /** Where the merge file landed (undefined when no letter was printed). */
  csv?: string;
  /** Where the batch PDF landed (undefined per letter or when no letter was printed). */
  pdf?: string;
  /** With onePdfPerLetter: each letter's PDF, in print order. */
  letterPdfs?: string[];
  /** Letters that went to needs_fix (or, with again, were left out) and why. */
  needsFix: Array<{ draftId: string; reasons: string[] }>;
  /** Letters not printed for other reasons (contact gone, no letter consent ...). */
  skipped: Array<{ draftId: string; reason: string }>;
  /** Touches recorded by this run (0 with again). */
  recorded: number;
}

const DELIMITERS = [',', ';', '\t', '|'];
const RECORD_CONCURRENCY = 8;

export function letterTouchId(draftId: string): string {
  return `letter:${draftId}`;
}

/** `20261127T080000Z`, plus the campaign and `again` when given: one folder / key prefix per batch. */
export function letterBatchId(at: Date, campaignId?: string, again?: boolean): string {
  const stamp = at.toISOString().slice(0, 19).replace(/[-:]/g, '') + 'Z';
  return [stamp, campaignId, again ? 'again' : undefined].filter(Boolean).join('-');
}

export async function exportLetters(deps: ExportLettersDeps, input: ExportLettersInput = {}): Promise<ExportLettersResult> {
  const form = input.form ?? 'B';
  const delimiter = input.delimiter ?? ';';
  if (!LETTER_FORMS.includes(form)) throw new ValidationError(`Unknown letter form "${form}"; use A or B.`, [{ path: 'form', message: 'A or B' }]);
  if (!DELIMITERS.includes(delimiter)) {
    throw new ValidationError(`The delimiter "${delimiter}" is not supported; use ; , | or a tab.`, [{ path: 'delimiter', message: 'one of ; , | tab' }]);
  }
  const returnAddress = deps.config.letterReturnAddress?.trim();
  if (!returnAddress) {
    // a letter the post cannot return is lost without anyone noticing
    throw new ValidationError(
      'Letters need a return address for the envelope window: set the company\'s address (or letterReturnAddress) in settings/company.yaml.',
      [{ path: 'settings/company.yaml: address', message: 'required for letters' }],
    );
  }
  if (input.again && !input.campaignId) {
    throw new ValidationError('Reprinting (--again) needs a campaign (--campaign ID), so it reprints one batch and not every letter ever sent.', [
      { path: 'campaignId', message: 'required with again' },
    ]);
  }

  const { ledger, logger, measure } = deps;
  const now = deps.clock.now();
  const at = now.toISOString();
  const geometry = geometryOf(form);
  const batchId = letterBatchId(now, input.campaignId, input.again);
  const status: DraftStatus = input.again ? 'exported' : 'approved';
  const result: ExportLettersResult = { batchId, letters: 0, pages: 0, needsFix: [], skipped: [], recorded: 0 };

  // Files open with the first letter that passes the pre-check: an empty run leaves no empty files behind.
  let csv: { doc: LetterCsvDocument; done: () => Promise<string> } | undefined;
  let pdf: { doc: LetterPdfDocument; done: () => Promise<string> } | undefined;
  const openCsv = async () => {
    const file = await deps.sink.open(batchId, { name: 'letters.csv', contentType: 'text/csv; charset=utf-8' });
    return { doc: deps.writeCsv(file.stream, { delimiter, columns: MERGE_COLUMNS }), done: file.done };
  };
  const openPdf = async (name: string) => {
    const file = await deps.sink.open(batchId, { name, contentType: 'application/pdf' });
    return { doc: deps.writePdf(file.stream), done: file.done };
  };

  // What to do once the files are safe: small records only, so memory stays flat for big batches.
  const printed: Array<{ draftId: string; contactId: string; repId: string; campaignId: string }> = [];
  const fixes: Array<{ draftId: string; version: number; reasons: string[] }> = [];
  const withdrawn: Array<{ draftId: string; version: number; reason: string }> = [];
  const reps = new Map<string, Rep | undefined>();
  let listed = 0;
  // the day the letters go to the post, where the rep works: run on a weekend or a holiday, the next business day
  const postDays = new Map<string, string>();
  const datedOn = (rep: Rep) => {
    const key = `${rep.region ?? ''}|${rep.timeZone}`;
    let day = postDays.get(key);
    if (!day) {
      day = businessDayOnOrAfter(wallClockOf(now, rep.timeZone).day, rep.region ?? deps.config.homeCountry, deps.holidays);
      postDays.set(key, day);
    }
    return day;
  };

  let cursor: string | undefined;
  do {
    const page = await ledger.listDrafts({ status, kind: 'letter', campaignId: input.campaignId, cursor, limit: input.pageSize ?? 500 });
    cursor = page.cursor;
    const drafts = page.items.filter((d) => d.kind === 'letter');
    listed += drafts.length;
    if (drafts.length === 0) continue;
    const contacts = new Map<string, Contact>((await ledger.getContacts([...new Set(drafts.map((d) => d.contactId))])).map((c) => [c.id, c]));
    // the writer signs: the contact's rep, or the deputy who stood in while the rep was away
    for (const repId of new Set(drafts.map((d) => senderOf(d)))) {
      if (!reps.has(repId)) reps.set(repId, await ledger.getRep(repId));
    }

    for (const draft of drafts) {
      const contact = contacts.get(draft.contactId);
      const rep = reps.get(senderOf(draft));
      if (!contact || !rep) {
        const reason = !contact ? 'the contact no longer exists' : `the rep ${senderOf(draft)} no longer exists`;
        result.skipped.push({ draftId: draft.id, reason });
        logger.warn('letters: draft skipped', { draftId: draft.id, reason: contact ? 'rep missing' : 'contact missing' });
        continue;
      }
      const withdrawal = contact.optedOut
        ? 'the contact opted out'
        : !contact.consent.letter
          ? 'the contact does not want letters'
          : contact.repId !== draft.repId
            ? // the contact moved to another rep after this letter was drafted: the new rep writes their own
              `the contact moved to rep ${contact.repId}`
            : undefined;
      if (withdrawal) {
        // consent can be withdrawn after approval: such a letter is never printed
        result.skipped.push({ draftId: draft.id, reason: withdrawal });
        if (!input.again) withdrawn.push({ draftId: draft.id, version: draft.version, reason: withdrawal });
        continue;
      }
      const letter = buildLetter(draft, contact, rep, {
        homeCountry: deps.config.homeCountry,
        returnAddress,
        ...(deps.config.company ? { company: deps.config.company } : {}),
        at: now,
        datedOn: datedOn(rep),
      });
      const reasons = checkAddress(contact, letter.recipient, geometry, measure);
      if (reasons.length > 0) {
        result.needsFix.push({ draftId: draft.id, reasons });
        if (!input.again) fixes.push({ draftId: draft.id, version: draft.version, reasons });
        continue;
      }
      const layout = layoutLetter(letter, geometry, measure);
      csv ??= await openCsv();
      await csv.doc.addRow(mergeRecordOf(letter));
      if (input.onePdfPerLetter) {
        const one = await openPdf(`letter-${String(result.letters + 1).padStart(5, '0')}-${contact.id}.pdf`);
        await one.doc.addLetter(layout);
        await one.doc.end();
        (result.letterPdfs ??= []).push(await one.done());
      } else {
        pdf ??= await openPdf('letters.pdf');
        await pdf.doc.addLetter(layout);
      }
      result.letters += 1;
      result.pages += layout.pages.length;
      printed.push({ draftId: draft.id, contactId: contact.id, repId: senderOf(draft), campaignId: draft.campaignId });
      deps.onProgress?.({ phase: 'print', done: result.letters, total: listed });
    }
  } while (cursor);

  if (csv) {
    await csv.doc.end();
    result.csv = await csv.done();
  }
  if (pdf) {
    await pdf.doc.end();
    result.pdf = await pdf.done();
  }
  // the documents (fonts, caches, page tree) are not needed for the recording below
  csv = undefined;
  pdf = undefined;
  logger.info('letters: files written', { batchId, letters: result.letters, pages: result.pages, needsFix: result.needsFix.length });

  // The status changes wait until the listing is done, so no page of the listing shifts under our feet.
  for (const fix of fixes) {
    try {
      await ledger.updateDraft(fix.draftId, {
        expectedVersion: fix.version,
        fromStatuses: ['approved'],
        kind: 'letter',
        set: { status: 'needs_fix', missing: fix.reasons, updatedAt: at },
      });
    } catch (error) {
      if (!(error instanceof DraftConflict)) throw error;
      logger.warn('letters: draft changed meanwhile; needs_fix not set', { draftId: fix.draftId });
    }
  }
  for (const w of withdrawn) {
    try {
      await ledger.updateDraft(w.draftId, { expectedVersion: w.version, fromStatuses: ['approved'], kind: 'letter', set: { status: 'recalled', failure: w.reason, updatedAt: at } });
    } catch (error) {
      if (!(error instanceof DraftConflict)) throw error;
      logger.warn('letters: draft changed meanwhile; not recalled', { draftId: w.draftId });
    }
  }

  if (!input.again) {
    let done = 0;
    await forEachLimit(printed, RECORD_CONCURRENCY, async (p) => {
      try {
        // one transaction: the touch (once per touch id), the contact's due date, and approved -> exported
        const fresh = await ledger.recordTouch({
          touch: {
            id: letterTouchId(p.draftId),
            contactId: p.contactId,
            at,
            channel: 'letter',
            repId: p.repId,
            campaignId: p.campaignId,
            draftId: p.draftId,
            source: 'export',
          },
          draft: { id: p.draftId, contactId: p.contactId, kind: 'letter', fromStatus: 'approved', toStatus: 'exported', set: { exportedAt: at, updatedAt: at } },
        });
        if (fresh) result.recorded += 1;
      } catch (error) {
        // another export run or a person moved the draft first: that run recorded it, we must not again
        if (!(error instanceof DraftConflict)) throw error;
        logger.warn('letters: draft was no longer approved; touch not recorded', { draftId: p.draftId });
      }
      deps.onProgress?.({ phase: 'record', done: ++done, total: printed.length });
    });
  }
  logger.info('letters: exported', { batchId, letters: result.letters, recorded: result.recorded, again: input.again === true });
  return result;
}

async function forEachLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

