// Draws laid-out letters with pdfkit, streamed: each page goes to the output as soon as the next one starts, and
// after every letter we wait until the output has taken what it got, so a batch of 10 000 letters never sits in
// memory. Positions come from the core's layout (mm); here they only become points.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { setImmediate as yieldToIo } from 'node:timers/promises';
import PDFDocument from 'pdfkit';
import type { LetterLayout } from '../../core/letters/layout-letter';
import type { LetterPdfDocument, WritePdf } from '../../core/letters/letter-files';
import type { LetterFonts } from './letter-fonts';
import { pageContent, type PdfkitFont } from './page-content';
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
  private readonly fonts = new Map<string, PdfkitFont>();
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;

  constructor(
    private readonly out: Writable,
    fonts: LetterFonts,
    options: LetterPdfOptions,
  ) {
    this.doc = new PDFDocument({
      size: 'A4',
      margin: 0,
      autoFirstPage: false,
      // page-content.ts keeps the shaped words it needs again; pdfkit's own per-word cache would hold them twice
      fontLayoutCache: false,
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
    for (const page of layout.pages) {
      this.doc.addPage({ size: 'A4', margin: 0 });
      this.doc.addContent(pageContent(page, this.doc.page.height, this.fontOf));
    }
    this.relief.afterLetter();
    await this.drained();
  }

  /** The embedded font of a face, registered in the current page's resources. */
  private readonly fontOf = (bold: boolean): PdfkitFont => {
    const face = bold ? 'bold' : 'regular';
    let font = this.fonts.get(face);
    if (!font) {
      this.doc.font(face);
      font = (this.doc as unknown as { _font: PdfkitFont })._font;
      this.fonts.set(face, font);
    }
    const resources = this.doc.page.fonts as Record<string, unknown>;
    resources[font.id] ??= font.ref();
    return font;
  };

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
