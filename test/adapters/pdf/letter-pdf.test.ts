import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLetterPdfWriter } from '../../../functions/adapters/pdf/letter-pdf';
import { loadLetterFonts } from '../../../functions/adapters/pdf/letter-fonts';
import { pdfTextMeasure } from '../../../functions/adapters/pdf/pdf-text-measure';
import { readCompanySettingsFile } from '../../../functions/adapters/settings/company-settings-file';
import { returnAddressOf } from '../../../functions/core/company/company';
import { checkAddress } from '../../../functions/core/letters/check-address';
import { geometryOf, mmToPt, type LetterForm } from '../../../functions/core/letters/geometry';
import { layoutLetter, type LetterLayout } from '../../../functions/core/letters/layout-letter';
import { buildLetter, type Letter } from '../../../functions/core/letters/letter';
import type { ContactInput } from '../../../functions/core/model';
import { aContact, aDraft, aRep } from '../../support/factories';
import { pdfPageCount, pdfWords, type PdfWord } from './pdf-words';

const fonts = loadLetterFonts();
const measure = pdfTextMeasure(fonts);
const writePdf = createLetterPdfWriter(fonts);
const at = new Date('2026-11-27T09:00:00Z');
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'letter-pdf-'));
});

const paragraphs = (n: number) =>
  Array.from({ length: n }, (_, i) => `Absatz ${i + 1}: Wir informieren Sie über die Lieferfähigkeit im Dezember und über die nächsten Schritte.`).join('\n\n');

const contacts: Array<Partial<ContactInput>> = [
  {},
  {
    id: 'c-2',
    salutation: 'mr',
    title: '',
    firstName: 'Łukasz',
    lastName: 'Wąsik',
    company: 'Çelik & Müller Handels GmbH',
    address: { street: 'ul. Piotrkowska 104', postalCode: '90-004', city: 'Łódź', country: 'PL' },
  },
  {
    // six lines: the most the window shows
    id: 'c-3',
    company: 'Stadtwerke Übersee',
    address: { street: 'Abteilung Einkauf\nPostfach 12 34', postalCode: '1010', city: 'Wien', country: 'AT' },
  },
  {
    // a line just short of the window's width
    id: 'c-4',
    company: 'Öztürk Präzisionsmaschinenbau GmbH & Co. KG',
    address: { street: 'Großbeerenstraße 120', postalCode: '12107', city: 'Berlin', country: '' },
  },
];

function lettersFor(form: LetterForm, bodyParagraphs: number[]): Array<{ letter: Letter; layout: LetterLayout }> {
  const g = geometryOf(form);
  return contacts.map((over, i) => {
    const contact = aContact(over);
    const draft = aDraft({
      contactId: contact.id,
      kind: 'letter',
      channel: 'letter',
      status: 'approved',
      content: { subject: 'Lieferfähigkeit im Dezember', html: '', text: paragraphs(bodyParagraphs[i % bodyParagraphs.length]!) },
    });
    const letter = buildLetter(draft, contact, aRep({ title: 'Key Account Manager', phone: '+49 30 1234567' }), {
      homeCountry: 'DE',
      returnAddress: 'Presence GmbH · Hafenweg 2 · 20457 Hamburg',
      at,
    });
    expect(checkAddress(contact, letter.recipient, g, measure)).toEqual([]);
    return { letter, layout: layoutLetter(letter, g, measure) };
  });
}

async function writeFile(name: string, layouts: LetterLayout[], write = writePdf): Promise<string> {
  const file = join(dir, name);
  const out = createWriteStream(file);
  const closed = new Promise<void>((r) => out.once('close', () => r()));
  const doc = write(out);
  for (const layout of layouts) await doc.addLetter(layout);
  await doc.end();
  await closed;
  return file;
}

/** The words on a page that touch the address field, and whether each lies wholly inside it. */
function wordsInWindow(words: PdfWord[], form: LetterForm) {
  const f = geometryOf(form).addressField;
  const [x0, y0, x1, y1] = [mmToPt(f.x), mmToPt(f.y), mmToPt(f.x + f.width), mmToPt(f.y + f.height)];
  const touching = words.filter((w) => w.xMax > x0 && w.xMin < x1 && w.yMax > y0 && w.yMin < y1);
  const inside = touching.every((w) => w.xMin >= x0 && w.xMax <= x1 && w.yMin >= y0 && w.yMax <= y1);
  return { texts: touching.map((w) => w.text), inside };
}

const wordsOf = (lines: string[]) => lines.flatMap((l) => l.split(' ').filter(Boolean));

describe.each(['B', 'A'] as const)('letters PDF, Form %s', (form) => {
  it('has the pages the layout made and puts every letter\'s address, and nothing else, inside the window', async () => {
    const letters = lettersFor(form, [1, 14, 2, 30]);
    const file = await writeFile(`form-${form}.pdf`, letters.map((l) => l.layout));
    const expectedPages = letters.reduce((n, l) => n + l.layout.pages.length, 0);
    expect(expectedPages).toBeGreaterThan(letters.length); // some letters run over more than one page
    expect(pdfPageCount(file)).toBe(expectedPages);

    const pages = pdfWords(file);
    expect(pages).toHaveLength(expectedPages);
    let first = 0;
    for (const { letter, layout } of letters) {
      const window = wordsInWindow(pages[first]!, form);
      expect(window.inside).toBe(true);
      expect(window.texts).toEqual(wordsOf([letter.returnLine, ...letter.recipient.lines]));
      // each printed line is as wide as the layout measured it (kerning included), so the window check holds
      let w = wordsOf([letter.returnLine]).length;
      for (const line of letter.recipient.lines) {
        const inWindow = pages[first]!.filter((x) => wordsInWindow([x], form).texts.length > 0);
        const lineWords = inWindow.slice(w, w + line.split(' ').length);
        w += lineWords.length;
        const printed = lineWords.at(-1)!.xMax - lineWords[0]!.xMin;
        expect(Math.abs(printed - mmToPt(measure(line, { size: 10 })))).toBeLessThan(0.6);
      }
      first += layout.pages.length;
    }
  });
});

describe('letters PDF content', () => {
  it('embeds a font that prints Polish, Turkish and German names as written', async () => {
    const file = await writeFile('unicode.pdf', lettersFor('B', [1]).map((l) => l.layout));
    const words = pdfWords(file).flat().map((w) => w.text);
    for (const name of ['Łukasz', 'Wąsik', 'Çelik', 'Müller', 'Łódź', 'Öztürk', 'Großbeerenstraße', 'POLEN', 'ÖSTERREICH']) expect(words).toContain(name);
    const pdf = await readFile(file, 'latin1');
    expect(pdf).toMatch(/\/FontFile2/); // the TrueType program is embedded, not referenced
    expect(pdf).not.toMatch(/\/BaseFont \/Helvetica/);
  });

  it('numbers the pages of a multi-page letter and leaves single-page letters unnumbered', async () => {
    const letters = lettersFor('B', [1, 30]).slice(0, 2);
    const file = await writeFile('numbers.pdf', letters.map((l) => l.layout));
    const pages = pdfWords(file).map((p) => p.map((w) => w.text).join(' '));
    const multi = letters[1]!.layout.pages.length;
    expect(multi).toBeGreaterThan(1);
    expect(pages[0]).not.toMatch(/Seite \d/);
    for (let i = 1; i <= multi; i++) expect(pages[i]).toContain(`Seite ${i} von ${multi}`);
  });

  it('prints a line the same whether pdfkit keeps its words shaped or, past the kept words, shapes it afresh', async () => {
    const layouts = lettersFor('B', [1, 14, 2, 30]).map((l) => l.layout);
    const keptAll = pdfWords(await writeFile('kept-all.pdf', layouts));
    // 40 words kept: the first letter's fill them, later lines with new words (names, streets) are shaped afresh
    const keptFew = pdfWords(await writeFile('kept-few.pdf', layouts, createLetterPdfWriter(fonts, { keptWords: 40 })));
    const keptNone = pdfWords(await writeFile('kept-none.pdf', layouts, createLetterPdfWriter(fonts, { keptWords: 0 })));
    for (const other of [keptFew, keptNone]) {
      expect(other.map((p) => p.map((w) => w.text))).toEqual(keptAll.map((p) => p.map((w) => w.text)));
      other.forEach((page, p) =>
        page.forEach((w, i) => {
          const same = keptAll[p]![i]!;
          expect(Math.abs(w.xMin - same.xMin) + Math.abs(w.xMax - same.xMax) + Math.abs(w.yMin - same.yMin)).toBeLessThan(0.05);
        }),
      );
    }
  });

  it('prints the company\'s particulars at the foot of every page, below the text and clear of the page number', async () => {
    const company = readCompanySettingsFile('.');
    const g = geometryOf('B');
    const layouts = (['de-DE', 'en-GB'] as const).map((locale) => {
      const draft = aDraft({ kind: 'letter', channel: 'letter', status: 'approved', locale, content: { subject: 'Lieferfähigkeit', html: '', text: paragraphs(30) } });
      const letter = buildLetter(draft, aContact(), aRep(), { homeCountry: 'DE', returnAddress: returnAddressOf(company), company, at });
      return layoutLetter(letter, g, measure);
    });
    const file = await writeFile('footer.pdf', layouts);
    const pages = pdfWords(file);
    expect(pages.length).toBe(layouts[0]!.pages.length + layouts[1]!.pages.length);
    const german = layouts[0]!.pages.length;
    pages.forEach((words, p) => {
      const foot = words.filter((w) => w.yMin >= mmToPt(g.contentBottom));
      const left = foot.filter((w) => w.xMax < mmToPt(g.marginLeft + g.footer.width) + 1).map((w) => w.text).join(' ');
      const labels = p < german ? ['Sitz der Gesellschaft: Hamburg · Registergericht: Amtsgericht Hamburg, HRB 123456', 'Geschäftsführung: Julia Beispiel, Markus Muster · USt-IdNr.: DE123456789'] : ['Registered office: Hamburg · Register court: Amtsgericht Hamburg, HRB 123456', 'Managing directors: Julia Beispiel, Markus Muster · VAT ID: DE123456789'];
      expect(left, `page ${p + 1}`).toBe(['Presence Beispiel GmbH · Hafenweg 2 · 20457 Hamburg', ...labels].join(' '));
      // the page number keeps to the right of the particulars
      const number = foot.filter((w) => /^(Seite|Page)$/.test(w.text));
      expect(number).toHaveLength(1);
      expect(number[0]!.xMin).toBeGreaterThan(Math.max(...foot.filter((w) => !/^(Seite|Page|von|of|\d+)$/.test(w.text)).map((w) => w.xMax)));
      // and nothing of the body runs into the foot
      expect(foot.every((w) => w.yMin >= mmToPt(g.footer.legalY) - 1)).toBe(true);
      expect(Math.max(...foot.map((w) => w.yMax))).toBeLessThan(mmToPt(g.page.height - 5));
    });
  });

  it('prints the subject in the bold face', async () => {
    const file = await writeFile('bold.pdf', lettersFor('B', [1]).slice(0, 1).map((l) => l.layout));
    const pdf = await readFile(file, 'latin1');
    expect(pdf).toMatch(/DejaVuSansCondensed-Bold/);
  });

  it('streams: pages reach the output while later letters are still being drawn', async () => {
    const received: number[] = [];
    let bytes = 0;
    // a slow reader with a small buffer: a compressed page is about 1-2 KB
    const slow = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _enc, cb) {
        bytes += chunk.length;
        setTimeout(cb, 1);
      },
    });
    const doc = writePdf(slow);
    const layouts = lettersFor('B', [6]).map((l) => l.layout);
    for (let i = 0; i < 12; i++) {
      await doc.addLetter(layouts[i % layouts.length]!);
      received.push(bytes);
      expect(slow.writableLength).toBeLessThanOrEqual(1024); // the output is drained before the next letter
    }
    await doc.end();
    expect(received[0]).toBeGreaterThan(0);
    expect(received.at(-1)!).toBeGreaterThan(received[0]!);
    expect(bytes).toBeGreaterThan(received.at(-1)!); // fonts and the index come at the end
  });
});
