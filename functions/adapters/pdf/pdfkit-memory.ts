// pdfkit keeps every page's dictionary object for the life of a document (with its content and resource objects,
// about 3 KB a page): for a batch of 10 000 letters that is over 30 MB. Once a page is written, only its object
// number is needed (for the page tree written at the end), so the rest is dropped. (pdfkit's per-word layout cache,
// the other thing that grows with a batch, is switched off for the letters document: page-content.ts keeps a
// bounded cache of its own.)
// This reaches into pdfkit internals of the pinned version (0.20.1). Every step checks the shape it expects and
// does nothing otherwise; test/adapters/pdf/pdfkit-memory.test.ts fails when retained memory grows again.

interface PdfkitInternals {
  _root?: { data?: { Pages?: { data?: { Kids?: unknown[] } } } };
  _pageBufferStart?: number;
}

export class PdfkitMemoryRelief {
  private released = 0;

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
  }
}
