// Draws laid-out letters with pdfkit's public API, streamed: each page goes to the output as soon as the next one
// starts, and after every letter we wait until the output has taken what it got, so a batch of 10 000 letters never
// sits in memory. Where every line goes was decided by the core's layout (mm, y = top of the line box); here each
// line becomes one positioned `text()` call without line breaking, which puts the baseline one ascent below y, shapes
// with kerning and combining marks, subsets the font and writes the ToUnicode map that keeps the text searchable.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { setImmediate as yieldToIo } from 'node:timers/promises';
import PDFDocument from 'pdfkit';
import { mmToPt } from '../../core/letters/geometry';
import type { LetterLayout } from '../../core/letters/layout-letter';
import type { LetterPdfDocument, WritePdf } from '../../core/letters/letter-files';
import type { LetterFonts } from './letter-fonts';

export interface LetterPdfOptions {
  /** The document title shown by PDF viewers. */
  title?: string;
  /** Distinct words per face pdfkit may keep shaped (default 4 000; see KEPT_WORDS). */
  keptWords?: number;
}

type Face = 'regular' | 'bold';

/** Positioned single lines: no wrapping, no page breaks of pdfkit's own (the layout made the pages). */
const AT_POSITION = { lineBreak: false } as const;
/**
 * The same, shaped afresh: with `features` given (an empty list adds nothing to fontkit's default features, so the
 * glyphs are the same) pdfkit shapes the whole line in one go and keeps nothing; without it, it keeps every distinct
 * word it shaped for the life of the document.
 */
const AT_POSITION_UNKEPT = { lineBreak: false, features: [] as PDFKit.Mixins.OpenTypeFeatures[] };
/**
 * Distinct words (per face) pdfkit may keep shaped. A letter's fixed text is a few hundred words, all kept after the
 * first letters; past this many, the words not kept yet (a name, a street) are shaped without keeping them, so a
 * batch of 10 000 letters holds no more than a batch of 1 000.
 */
const KEPT_WORDS = 4_000;

export function createLetterPdfWriter(fonts: LetterFonts, options: LetterPdfOptions = {}): WritePdf {
  return (stream) => new PdfKitLetterDocument(stream as Writable, fonts, options);
}

class PdfKitLetterDocument implements LetterPdfDocument {
  private readonly doc: PDFKit.PDFDocument;
  private readonly finished: Promise<void>;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  /** The face and size last set on the document: set again only when a line needs another. */
  private face: Face | undefined;
  private size = 0;
  /** The words pdfkit keeps shaped, as it splits them (each run ends after a space), per face. */
  private readonly kept = { regular: new Set<string>(), bold: new Set<string>() };
  private readonly keptWords: number;

  constructor(
    private readonly out: Writable,
    fonts: LetterFonts,
    options: LetterPdfOptions,
  ) {
    this.keptWords = options.keptWords ?? KEPT_WORDS;
    this.doc = new PDFDocument({
      size: 'A4',
      margin: 0,
      autoFirstPage: false,
      info: { Title: options.title ?? 'Letters', Creator: 'presence', Producer: 'presence' },
    });
    this.doc.registerFont('regular', fonts.regular);
    this.doc.registerFont('bold', fonts.bold);
    // written as produced: pdfkit itself holds nothing back; the output's buffer is what we watch
    this.doc.on('data', (chunk: Uint8Array) => {
      this.pending.push(chunk);
      this.pendingBytes += chunk.length;
      if (this.pendingBytes >= 64 * 1024) this.flush();
    });
    this.finished = new Promise<void>((resolve, reject) => {
      this.doc.once('end', () => {
        this.flush();
        this.out.end();
        resolve();
      });
      this.doc.once('error', reject);
    });
  }

  async addLetter(layout: LetterLayout): Promise<void> {
    const doc = this.doc;
    for (const page of layout.pages) {
      // adding a page ends the one before, which pdfkit then writes out
      doc.addPage({ size: 'A4', margin: 0 });
      for (const m of page.marks) {
        doc.lineWidth(mmToPt(m.width)).moveTo(mmToPt(m.x1), mmToPt(m.y1)).lineTo(mmToPt(m.x2), mmToPt(m.y2)).stroke();
      }
      for (const t of page.texts) {
        const face: Face = t.bold ? 'bold' : 'regular';
        if (face !== this.face) {
          doc.font(face);
          this.face = face;
        }
        if (t.size !== this.size) {
          doc.fontSize(t.size);
          this.size = t.size;
        }
        const x = mmToPt(t.x);
        const y = mmToPt(t.y);
        this.drawLine(face, t.text, x, y);
        if (t.underline) {
          // where pdfkit's own underline goes: at the bottom of the line box, less the stroke. (pdfkit's `underline`
          // option needs a wrapped line to know its width, so it is drawn here; pdfkit moved x to the line's end.)
          const width = Math.max(0.3, t.size * 0.06);
          const lineY = y + doc.currentLineHeight() - width;
          doc.lineWidth(width).moveTo(x, lineY).lineTo(doc.x, lineY).stroke();
        }
      }
    }
    await this.drained();
  }

  async end(): Promise<void> {
    this.doc.end();
    await this.finished;
  }

  /**
   * One line at its position. Words pdfkit keeps shaped (or has room to keep) go the caching way; a run of words
   * past the kept ones is drawn as a piece of its own, shaped afresh, right where pdfkit's own drawing of the piece
   * before it left off (a positioned text() moves x to its end; pdfkit shapes word by word, so the pieces are
   * spaced as one call would space them).
   */
  private drawLine(face: Face, text: string, x: number, y: number): void {
    const kept = this.kept[face];
    let piece = '';
    let pieceKept = true;
    let first = true;
    const draw = () => {
      if (!piece) return;
      const options = pieceKept ? AT_POSITION : AT_POSITION_UNKEPT;
      if (first) this.doc.text(piece, x, y, options);
      else this.doc.text(piece, options);
      first = false;
      piece = '';
    };
    let start = 0;
    while (start < text.length) {
      let end = start;
      while (end < text.length && text[end] !== ' ' && text[end] !== '\t') end++;
      const word = text.slice(start, end + 1); // as pdfkit splits: a run ends after its space
      let isKept = kept.has(word);
      if (!isKept && kept.size < this.keptWords) {
        kept.add(word);
        isKept = true;
      }
      if (isKept !== pieceKept) {
        draw();
        pieceKept = isKept;
      }
      piece += word;
      start = end + 1;
    }
    draw();
    if (first) this.doc.text('', x, y, AT_POSITION); // an empty line still moves pdfkit's x and y there
  }

  /** pdfkit emits a small chunk per PDF line; the output gets them joined, one write per letter. */
  private flush(): void {
    if (this.pendingBytes === 0) return;
    this.out.write(Buffer.concat(this.pending, this.pendingBytes));
    this.pending = [];
    this.pendingBytes = 0;
  }

  /** Lets queued chunks reach the output, then waits while the output is over its high-water mark. */
  private async drained(): Promise<void> {
    if (this.doc.readableLength > 0) await yieldToIo();
    this.flush();
    while (this.out.writableNeedDrain) await once(this.out, 'drain');
  }
}
