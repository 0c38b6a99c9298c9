// Places every line of a letter on its pages (DIN 5008, millimetres, y = top of the line box). The PDF adapter
// only draws what this returns, so the window check, the page count and the page numbers are decided here.
import type { Letter } from './letter';
import type { LetterGeometry } from './geometry';
import { wrapText, type TextMeasure } from './text-measure';

export type TextRole =
  | 'return'
  | 'address'
  | 'sender'
  | 'date'
  | 'subject'
  | 'salutation'
  | 'body'
  | 'closing'
  | 'signature'
  | 'footer'
  | 'page';

export interface TextRun {
  text: string;
  x: number;
  /** Top of the line box in mm; the baseline lies one ascent below. */
  y: number;
  /** Points. */
  size: number;
  bold?: boolean;
  underline?: boolean;
  role: TextRole;
}

export interface Mark {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  width: number;
}

export interface PageLayout {
  texts: TextRun[];
  marks: Mark[];
}

export interface LetterLayout {
  pages: PageLayout[];
}

const PAGE_LABEL = { de: (i: number, n: number) => `Seite ${i} von ${n}`, en: (i: number, n: number) => `Page ${i} of ${n}` };
const MIN_RETURN_SIZE = 5;

export function layoutLetter(letter: Letter, g: LetterGeometry, measure: TextMeasure): LetterLayout {
  const first: PageLayout = { texts: [], marks: [] };
  const pages: PageLayout[] = [first];
  const textWidth = g.page.width - g.marginLeft - g.marginRight;

  for (const y of g.foldMarks) first.marks.push({ x1: g.marks.x1, y1: y, x2: g.marks.x2, y2: y, width: g.marks.width });
  first.marks.push({ x1: g.marks.x1, y1: g.holeMark, x2: g.marks.holeX2, y2: g.holeMark, width: g.marks.width });

  // return line: shrink a long one to fit the window rather than let it run past the window's edge
  const ret = fitLine(letter.returnLine, g.returnLine.size, g.returnLine.maxWidth, measure);
  if (ret.text) first.texts.push({ text: ret.text, x: g.returnLine.x, y: g.returnLine.y, size: ret.size, underline: true, role: 'return' });

  letter.recipient.lines.slice(0, g.address.maxLines).forEach((text, i) => {
    first.texts.push({ text, x: g.address.x, y: g.address.y + i * g.address.lineHeight, size: g.address.size, role: 'address' });
  });

  const info = { size: g.infoBlock.size };
  let infoY = g.infoBlock.y;
  for (const line of letter.senderLines) {
    for (const text of wrapText(line, g.infoBlock.width, info, measure)) {
      first.texts.push({ text, x: g.infoBlock.x, y: infoY, size: info.size, role: 'sender' });
      infoY += g.infoBlock.lineHeight;
    }
  }
  if (letter.senderLines.length > 0) infoY += g.infoBlock.lineHeight;
  first.texts.push({ text: letter.date, x: g.infoBlock.x, y: infoY, size: info.size, role: 'date' });

  // the flowing part: subject, greeting, body, closing and signature, broken over pages
  const lh = g.body.lineHeight;
  const body = { size: g.body.size };
  let page = first;
  let y = Math.max(g.subjectY, infoY + 2 * lh);
  const newPage = () => {
    page = { texts: [], marks: [] };
    pages.push(page);
    y = g.nextPageTop;
  };
  const put = (text: string, role: TextRole, bold = false) => {
    if (y + lh > g.contentBottom) newPage();
    if (text === '' && y === g.nextPageTop) return; // a page never starts with an empty line
    if (text !== '') page.texts.push({ text, x: g.marginLeft, y, size: body.size, bold: bold || undefined, role });
    y += lh;
  };
  const gap = (lines: number) => {
    y += lines * lh;
  };

  if (letter.subject) {
    for (const text of wrapText(letter.subject, textWidth, { ...body, bold: true }, measure)) put(text, 'subject', true);
    gap(2);
  }
  if (letter.salutation) {
    for (const text of wrapText(letter.salutation, textWidth, body, measure)) put(text, 'salutation');
    gap(1);
  }
  for (const text of wrapText(letter.body, textWidth, body, measure)) put(text, 'body');
  gap(1);

  // closing, room for the signature, name and title stay together on one page
  const closing = [letter.closing, '', '', '', letter.repName, letter.repTitle].filter((l, i) => i < 5 || l);
  if (y + closing.length * lh > g.contentBottom) newPage();
  closing.forEach((text, i) => {
    if (text) page.texts.push({ text, x: g.marginLeft, y, size: body.size, role: i === 0 ? 'closing' : 'signature' });
    y += lh;
  });

  // the company's particulars at the foot of every page, left; the page number (if any) stays right of them
  if (letter.footerLines.length > 0) {
    const lines = letter.footerLines.flatMap((line) => wrapText(line, g.footer.width, { size: g.footer.legalSize }, measure)).slice(0, g.footer.maxLegalLines);
    for (const p of pages) {
      lines.forEach((text, i) => p.texts.push({ text, x: g.marginLeft, y: g.footer.legalY + i * g.footer.legalLineHeight, size: g.footer.legalSize, role: 'footer' }));
    }
  }

  if (pages.length > 1) {
    const label = PAGE_LABEL[letter.language];
    const right = g.page.width - g.marginRight;
    pages.forEach((p, i) => {
      const text = label(i + 1, pages.length);
      const width = measure(text, { size: g.footer.size });
      p.texts.push({ text, x: right - width, y: g.footer.y, size: g.footer.size, role: 'page' });
    });
  }
  return { pages };
}

function fitLine(text: string, size: number, maxWidth: number, measure: TextMeasure): { text: string; size: number } {
  const width = measure(text, { size });
  if (width <= maxWidth) return { text, size };
  const scaled = Math.max(MIN_RETURN_SIZE, Math.floor(((size * maxWidth) / width) * 10) / 10);
  if (measure(text, { size: scaled }) <= maxWidth) return { text, size: scaled };
  let cut = text;
  while (cut.length > 1 && measure(cut + '…', { size: scaled }) > maxWidth) cut = cut.slice(0, -1);
  return { text: cut.trimEnd() + '…', size: scaled };
}
