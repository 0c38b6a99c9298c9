// pdfkit keeps two things for the life of a document: every page's dictionary object (with its content and
// resource objects, about 3 KB a page) and a layout-cache entry for every distinct word (about 2.5 KB each). For
// a batch of 10 000 letters with 10 000 different names that is well over 100 MB. Once a page is written, only
// its object number is needed (for the page tree written at the end), so the rest is dropped; the word cache is
// started afresh every thousand letters (common words come straight back).
// This reaches into pdfkit internals of the pinned version (0.20.1). Every step checks the shape it expects and
// does nothing otherwise; test/adapters/pdf/pdfkit-memory.test.ts fails when retained memory grows again.

interface PdfkitInternals {
  _root?: { data?: { Pages?: { data?: { Kids?: unknown[] } } } };
  _pageBufferStart?: number;
  _fontFamilies?: Record<string, { layoutCache?: unknown }>;
}

const LETTERS_PER_CACHE = 1000;

export class PdfkitMemoryRelief {
  private released = 0;
  private letters = 0;

  constructor(private readonly doc: PDFKit.PDFDocument) {}

  /** Call after each letter's pages were drawn. */
  afterLetter(): void {
    const d = this.doc as unknown as PdfkitInternals;
    const kids = d._root?.data?.Pages?.data?.Kids;
    const flushed = d._pageBufferStart;
    if (Array.isArray(kids) && typeof flushed === 'number') {
      for (; this.released < Math.min(flushed, kids.length); this.released++) {
        const ref = kids[this.released] as { data?: unknown; offset?: number } | undefined;
        // `offset` is set when the object was written; from then on only its "n 0 R" is used
        if (ref && typeof ref === 'object' && typeof ref.offset === 'number' && 'data' in ref) ref.data = {};
      }
    }
    if (++this.letters % LETTERS_PER_CACHE === 0 && d._fontFamilies) {
      for (const font of Object.values(d._fontFamilies)) {
        if (font && typeof font === 'object' && 'layoutCache' in font && font.layoutCache) font.layoutCache = Object.create(null);
      }
    }
  }
}
