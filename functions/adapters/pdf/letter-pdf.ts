// Draws laid-out letters with pdfkit, streamed: each page goes to the output as soon as the next one starts, and
// after every letter we wait until the output has taken what it got, so a batch of 10 000 letters never sits in
// memory. Positions come from the core's layout (mm); here they only become points.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { setImmediate as yieldToIo } from 'node:timers/promises';
import PDFDocument from 'pdfkit';
import { mmToPt } from '../../core/letters/geometry';
import type { LetterLayout } from '../../core/letters/layout-letter';
import type { LetterPdfDocument, WritePdf } from '../../core/letters/letter-files';
import type { LetterFonts } from './letter-fonts';
import { PdfkitMemoryRelief } from './pdfkit-memory';

export interface LetterPdfOptions {
  /** The document title shown by PDF viewers. */
  title?: string;
}

export function createLetterPdfWriter(fonts: LetterFonts, options: LetterPdfOptions = {}): WritePdf {
  return (stream) => new PdfKitLetterDocument(stream as Writable, fonts, options);
}

class PdfKitLetterDocument implements LetterPdfDocument {
  private readonly doc: PDFKit.PDFDocument;
  private readonly finished: Promise<void>;
  private readonly relief: PdfkitMemoryRelief;
  private face = '';
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private size = 0;

  constructor(
    private readonly out: Writable,
    fonts: LetterFonts,
    options: LetterPdfOptions,
  ) {
    this.doc = new PDFDocument({
      size: 'A4',
      margin: 0,
      autoFirstPage: false,
      info: { Title: options.title ?? 'Letters', Creator: 'presence', Producer: 'presence' },
    });
    this.doc.registerFont('regular', fonts.regular);
    this.doc.registerFont('bold', fonts.bold);
    this.relief = new PdfkitMemoryRelief(this.doc);
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
      doc.addPage({ size: 'A4', margin: 0 });
      for (const m of page.marks) {
        doc.lineWidth(mmToPt(m.width)).moveTo(mmToPt(m.x1), mmToPt(m.y1)).lineTo(mmToPt(m.x2), mmToPt(m.y2)).stroke();
      }
      for (const t of page.texts) {
        const face = t.bold ? 'bold' : 'regular';
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
        doc.text(t.text, x, y, { lineBreak: false });
        // pdfkit's own underline needs its line wrapper; a single line is underlined by hand, just below the baseline
        if (t.underline) this.underline(x, y, t.size, doc.widthOfString(t.text));
      }
    }
    this.relief.afterLetter();
    await this.drained();
  }

  private underline(x: number, y: number, size: number, width: number): void {
    // the font's ascent puts the baseline; pdfkit keeps it on the current font (800/1000 em if it ever does not)
    const ascender = (this.doc as unknown as { _font?: { ascender?: number } })._font?.ascender ?? 800;
    const baseline = y + ascender * (size / 1000);
    const lineY = baseline + size * 0.12;
    this.doc.lineWidth(Math.max(0.3, size * 0.06)).moveTo(x, lineY).lineTo(x + width, lineY).stroke();
  }

  async end(): Promise<void> {
    this.doc.end();
    await this.finished;
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
