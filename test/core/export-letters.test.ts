import { PassThrough } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { beforeEach, describe, expect, it } from 'vitest';
import { writeLettersCsv } from '../../functions/adapters/csv/letters-csv';
import { FixedClock } from '../../functions/adapters/memory/fixed-clock';
import { MemoryLedger } from '../../functions/adapters/memory/memory-ledger';
import { createLetterPdfWriter } from '../../functions/adapters/pdf/letter-pdf';
import { LibraryHolidays } from '../../functions/adapters/calendar/library-holidays';
import { loadLetterFonts } from '../../functions/adapters/pdf/letter-fonts';
import { pdfTextMeasure } from '../../functions/adapters/pdf/pdf-text-measure';
import { ValidationError } from '../../functions/core/errors';
import { exportLetters, letterTouchId, type ExportLettersDeps } from '../../functions/core/export-letters';
import type { ContactInput, Draft } from '../../functions/core/model';
import { silentLogger, type LetterFile, type LetterSink } from '../../functions/core/ports';
import { aContact, aDraft, aRep } from '../support/factories';

/** Keeps each file of each batch in memory. */
class MemorySink implements LetterSink {
  readonly files = new Map<string, Buffer>();
  async open(batchId: string, file: LetterFile) {
    const stream = new PassThrough();
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    const key = `${batchId}/${file.name}`;
    const ended = new Promise<string>((r) =>
      stream.on('end', () => {
        this.files.set(key, Buffer.concat(chunks));
        r(`mem://${key}`);
      }),
    );
    return { stream, done: () => ended };
  }
  get(location: string | undefined): Buffer {
    return this.files.get(location!.replace('mem://', ''))!;
  }
}

const fonts = loadLetterFonts();
const measure = pdfTextMeasure(fonts);
const pdfPages = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;

let ledger: MemoryLedger;
let sink: MemorySink;
let clock: FixedClock;
let deps: ExportLettersDeps;

const letter = (contactId: string, over: Partial<Draft> & { campaignId?: string } = {}) =>
  aDraft({
    contactId,
    kind: 'letter',
    channel: 'letter',
    status: 'approved',
    content: { subject: 'Lieferfähigkeit im Dezember', html: '', text: `Guten Tag,\n\nBrief an ${contactId}.`, salutation: 'Sehr geehrte Frau Müller,', closing: 'Mit freundlichen Grüßen' },
    ...over,
  });

async function seed(contacts: Array<Partial<ContactInput>>, drafts: Draft[]) {
  await ledger.putRep(aRep({ title: 'Key Account Manager' }));
  for (const c of contacts) await ledger.putContact(aContact(c));
  await ledger.putDrafts(drafts);
}

beforeEach(() => {
  ledger = new MemoryLedger();
  sink = new MemorySink();
  clock = new FixedClock('2026-11-27T09:00:00Z');
  deps = {
    ledger,
    clock,
    logger: silentLogger,
    sink,
    writePdf: createLetterPdfWriter(fonts),
    writeCsv: writeLettersCsv,
    measure,
    config: { homeCountry: 'DE', letterReturnAddress: 'Presence GmbH · Hafenweg 2 · 20457 Hamburg' },
  };
});

const csvRows = (buf: Buffer, delimiter = ';') => parse(buf, { bom: true, columns: true, delimiter }) as Array<Record<string, string>>;

describe('exportLetters', () => {
  it('prints every approved letter draft once into the merge file and the PDF, and nothing else', async () => {
    await seed(
      [{ id: 'c-1' }, { id: 'c-2', firstName: 'Łukasz', lastName: 'Wąsik', salutation: 'mr', title: '' }, { id: 'c-3' }, { id: 'c-4' }],
      [
        letter('c-1'),
        letter('c-2'),
        letter('c-3', { status: 'pending_approval' }),
        aDraft({ contactId: 'c-4', status: 'approved' }), // an approved e-mail is the sender's business
      ],
    );
    const result = await exportLetters(deps, { delimiter: ';' });
    expect(result).toMatchObject({ letters: 2, pages: 2, recorded: 2, needsFix: [], skipped: [], batchId: '20261127T090000Z' });
    expect(result.csv).toBe('mem://20261127T090000Z/letters.csv');
    expect(result.pdf).toBe('mem://20261127T090000Z/letters.pdf');
    const rows = csvRows(sink.get(result.csv));
    expect(rows.map((r) => r.contactId)).toEqual(['c-1', 'c-2']);
    expect(rows[1]).toMatchObject({ recipientLine2: 'Herr Łukasz Wąsik', date: '27. November 2026', repTitle: 'Key Account Manager' });
    expect(pdfPages(sink.get(result.pdf))).toBe(2);
    expect((await ledger.getDraft(letter('c-3').id))!.status).toBe('pending_approval');
    expect((await ledger.getDraft(aDraft({ contactId: 'c-4' }).id))!.status).toBe('approved');
  });

  it.each([
    ['a Saturday', '2026-11-28T09:00:00Z', undefined, '30. November 2026'],
    ['a Sunday evening in Berlin', '2026-11-29T21:00:00Z', undefined, '30. November 2026'],
    ['Fronleichnam, the rep in Bavaria', '2026-06-04T09:00:00Z', 'DE-BY', '5. Juni 2026'],
    ['Fronleichnam, the rep in Bremen', '2026-06-04T09:00:00Z', 'DE-HB', '4. Juni 2026'],
    ['Christmas, no region: the national holidays of the home country', '2026-12-25T09:00:00Z', undefined, '28. Dezember 2026'],
  ])('dates a letter exported on %s with the next business day where the rep works', async (_what, at, region, date) => {
    await ledger.putRep(aRep({ title: 'Key Account Manager', ...(region ? { region } : {}) }));
    await ledger.putContact(aContact({ id: 'c-1' }));
    await ledger.putDrafts([letter('c-1')]);
    clock.set(at);
    const result = await exportLetters({ ...deps, holidays: new LibraryHolidays() }, { delimiter: ';' });
    expect(csvRows(sink.get(result.csv))[0]).toMatchObject({ date });
  });

  it('marks each printed draft exported and records exactly one letter touch per contact', async () => {
    await seed([{ id: 'c-1' }, { id: 'c-2' }], [letter('c-1'), letter('c-2')]);
    await exportLetters(deps, {});
    for (const id of ['c-1', 'c-2']) {
      const d = (await ledger.getDraft(letter(id).id))!;
      expect(d).toMatchObject({ status: 'exported', exportedAt: '2026-11-27T09:00:00.000Z' });
      const touches = await ledger.listTouches(id);
      expect(touches).toEqual([
        expect.objectContaining({ id: letterTouchId(d.id), channel: 'letter', source: 'export', draftId: d.id, at: '2026-11-27T09:00:00.000Z' }),
      ]);
      expect((await ledger.getContact(id))!).toMatchObject({ lastTouchAt: '2026-11-27T09:00:00.000Z', lastTouchChannel: 'letter' });
    }
    expect(await ledger.weeklyTouchCounts(['2026-W48'])).toEqual([{ week: '2026-W48', repId: 'rep-1', channel: 'letter', count: 2 }]);
  });

  it('exports nothing new on a second run and records nothing', async () => {
    await seed([{ id: 'c-1' }], [letter('c-1')]);
    await exportLetters(deps, {});
    clock.advance(60_000);
    const again = await exportLetters(deps, {});
    expect(again).toMatchObject({ letters: 0, pages: 0, recorded: 0 });
    expect([again.csv, again.pdf]).toEqual([undefined, undefined]);
    expect(await ledger.listTouches('c-1')).toHaveLength(1);
    expect([...sink.files.keys()]).toEqual(['20261127T090000Z/letters.csv', '20261127T090000Z/letters.pdf']);
  });

  it('after a crash while recording, the retry prints the rest and each contact still has one touch', async () => {
    await seed([{ id: 'c-1' }, { id: 'c-2' }, { id: 'c-3' }], [letter('c-1'), letter('c-2'), letter('c-3')]);
    let calls = 0;
    const flaky = Object.create(ledger) as MemoryLedger;
    flaky.recordTouch = async (r) => {
      if (++calls === 2) throw new Error('connection reset');
      return ledger.recordTouch(r);
    };
    await expect(exportLetters({ ...deps, ledger: flaky }, {})).rejects.toThrow('connection reset');
    clock.advance(60_000);
    const retry = await exportLetters(deps, {});
    expect(retry.letters).toBeGreaterThanOrEqual(1);
    for (const id of ['c-1', 'c-2', 'c-3']) {
      expect(await ledger.listTouches(id)).toHaveLength(1);
      expect((await ledger.getDraft(letter(id).id))!.status).toBe('exported');
    }
  });

  it('does not record a letter that another run exported first', async () => {
    await seed([{ id: 'c-1' }], [letter('c-1')]);
    const racing = Object.create(ledger) as MemoryLedger;
    racing.recordTouch = async (r) => {
      // the other run records first, with the same touch id
      await ledger.recordTouch({ ...r, touch: { ...r.touch, at: '2026-11-27T08:59:00.000Z' } });
      return ledger.recordTouch(r);
    };
    const result = await exportLetters({ ...deps, ledger: racing }, {});
    expect(result.recorded).toBe(0);
    expect(await ledger.listTouches('c-1')).toHaveLength(1);
  });

  it('--again reprints the campaign\'s exported letters without recording or changing anything', async () => {
    await seed([{ id: 'c-1' }, { id: 'c-2' }], [letter('c-1'), letter('c-2', { campaignId: 'other' })]);
    await exportLetters(deps, {});
    const before = structuredClone([...ledger.drafts.values()]);
    clock.advance(3_600_000);
    const reprint = await exportLetters(deps, { campaignId: 'crisis-update', again: true, form: 'A' });
    expect(reprint).toMatchObject({ letters: 1, pages: 1, recorded: 0, batchId: '20261127T100000Z-crisis-update-again' });
    expect(csvRows(sink.get(reprint.csv)).map((r) => r.contactId)).toEqual(['c-1']);
    expect([...ledger.drafts.values()]).toEqual(before);
    expect(await ledger.listTouches('c-1')).toHaveLength(1);
    await expect(exportLetters(deps, { again: true })).rejects.toBeInstanceOf(ValidationError);
  });

  it('sends letters whose address would fail to needs_fix with the reasons, and prints the rest', async () => {
    await seed(
      [
        { id: 'c-1' },
        { id: 'c-2', address: { street: 'Rue 1', postalCode: '', city: 'Paris', country: 'FR' } },
        { id: 'c-3', address: { street: 'Main St 1', postalCode: '12345', city: 'Springfield', country: 'Amerika' } },
      ],
      [letter('c-1'), letter('c-2'), letter('c-3')],
    );
    const result = await exportLetters(deps, {});
    expect(result.letters).toBe(1);
    expect(result.needsFix.map((n) => n.draftId)).toEqual([letter('c-2').id, letter('c-3').id]);
    const c2 = (await ledger.getDraft(letter('c-2').id))!;
    expect(c2).toMatchObject({ status: 'needs_fix', version: 2 });
    expect(c2.missing).toEqual([expect.stringMatching(/^address\.postalCode:/)]);
    expect((await ledger.getDraft(letter('c-3').id))!.missing).toEqual([expect.stringMatching(/^address\.country:/)]);
    expect(await ledger.listTouches('c-2')).toEqual([]);
    expect(csvRows(sink.get(result.csv)).map((r) => r.contactId)).toEqual(['c-1']);
  });

  it('leaves a draft alone when it changed between reading and marking it needs_fix', async () => {
    await seed([{ id: 'c-1', address: { street: 'x', postalCode: '', city: 'Berlin', country: '' } }], [letter('c-1')]);
    const racing = Object.create(ledger) as MemoryLedger;
    racing.updateDraft = async (id, change) => {
      await ledger.updateDraft(id, { set: { content: { subject: 'edited', html: '', text: 'edited' } } }); // someone edits first
      return ledger.updateDraft(id, change);
    };
    const result = await exportLetters({ ...deps, ledger: racing }, {});
    expect(result.needsFix).toHaveLength(1);
    expect((await ledger.getDraft(letter('c-1').id))!).toMatchObject({ status: 'approved', version: 2 });
  });

  it('never prints a letter to a contact who withdrew letter consent after approval', async () => {
    await seed([{ id: 'c-1', consent: { email: true, letter: false, call: true, visit: true } }, { id: 'c-2', optedOut: true }], [letter('c-1'), letter('c-2')]);
    const result = await exportLetters(deps, {});
    expect(result.letters).toBe(0);
    expect(result.skipped.map((s) => s.reason)).toEqual(['the contact does not want letters', 'the contact opted out']);
    expect((await ledger.getDraft(letter('c-1').id))!.status).toBe('recalled');
    expect(await ledger.listTouches('c-1')).toEqual([]);
  });

  it('follows the ledger\'s pages, keeps to one campaign when asked, and writes one PDF per letter on request', async () => {
    const ids = ['c-1', 'c-2', 'c-3', 'c-4', 'c-5'];
    await seed(
      ids.map((id) => ({ id })),
      ids.map((id, i) => letter(id, { campaignId: i === 4 ? 'other' : 'crisis-update' })),
    );
    const result = await exportLetters(deps, { campaignId: 'crisis-update', pageSize: 2, onePdfPerLetter: true, delimiter: ',' });
    expect(result.letters).toBe(4);
    expect(result.pdf).toBeUndefined();
    expect(result.letterPdfs).toEqual(ids.slice(0, 4).map((id, i) => `mem://20261127T090000Z-crisis-update/letter-0000${i + 1}-${id}.pdf`));
    for (const file of result.letterPdfs!) expect(pdfPages(sink.get(file))).toBe(1);
    expect(csvRows(sink.get(result.csv), ',')).toHaveLength(4);
    expect((await ledger.getDraft(letter('c-5', { campaignId: 'other' }).id))!.status).toBe('approved');
  });

  it('reports progress for printing and recording', async () => {
    await seed([{ id: 'c-1' }, { id: 'c-2' }], [letter('c-1'), letter('c-2')]);
    const seen: string[] = [];
    await exportLetters({ ...deps, onProgress: (p) => seen.push(`${p.phase} ${p.done}/${p.total}`) }, {});
    expect(seen).toEqual(['print 1/2', 'print 2/2', 'record 1/2', 'record 2/2']);
  });

  it('refuses without a return address and says where to set it, before it prints or records anything', async () => {
    await seed([{ id: 'c-1' }], [letter('c-1')]);
    for (const letterReturnAddress of [undefined, '  ']) {
      const run = exportLetters({ ...deps, config: { homeCountry: 'DE', ...(letterReturnAddress === undefined ? {} : { letterReturnAddress }) } });
      await expect(run).rejects.toThrow(ValidationError);
      await expect(run).rejects.toThrow(
        "Letters need a return address for the envelope window: set the company's address (or letterReturnAddress) in settings/company.yaml.",
      );
    }
    expect(sink.files.size).toBe(0);
    expect((await ledger.getDraft(letter('c-1').id))!.status).toBe('approved');
    expect(await ledger.listTouches('c-1')).toEqual([]);
  });

  it('rejects an unknown form or delimiter with a message a person can act on', async () => {
    await expect(exportLetters(deps, { form: 'C' as 'A' })).rejects.toThrow(/use A or B/);
    await expect(exportLetters(deps, { delimiter: '::' })).rejects.toThrow(/delimiter/);
  });
});
