import { createWriteStream } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { loadLetterFonts } from '../../../functions/adapters/pdf/letter-fonts';
import { PdfkitMemoryRelief } from '../../../functions/adapters/pdf/pdfkit-memory';
import { pdfPageCount, pdfWords } from './pdf-words';

// The relief works on pdfkit internals; if an upgrade moves them, these tests fail instead of memory quietly growing.
describe('pdfkit memory relief', () => {
  it('drops written pages down to their object numbers, and the PDF stays whole', async () => {
    const fonts = loadLetterFonts();
    const file = join(await mkdtemp(join(tmpdir(), 'relief-')), 'relief.pdf');
    const doc = new PDFDocument({ size: 'A4', margin: 0, autoFirstPage: false });
    doc.registerFont('regular', fonts.regular);
    const out = createWriteStream(file);
    const closed = new Promise<void>((r) => out.once('close', () => r()));
    doc.pipe(out);
    const relief = new PdfkitMemoryRelief(doc);
    const internals = doc as unknown as {
      _root: { data: { Pages: { data: { Kids: Array<{ data: Record<string, unknown> }> } } } };
    };
    for (let i = 0; i < 1010; i++) {
      doc.addPage({ size: 'A4', margin: 0 });
      doc.font('regular').fontSize(10).text(`Seite ${i} Name${i} Łódź`, 70, 100, { lineBreak: false });
      relief.afterLetter();
    }
    const kids = internals._root.data.Pages.data.Kids;
    expect(kids).toHaveLength(1010);
    // every page but the current one was written and emptied; the current one still has its content
    expect(kids.slice(0, 1009).every((k) => Object.keys(k.data).length === 0)).toBe(true);
    expect(kids[1009]!.data.Contents).toBeDefined();
    doc.end();
    await closed;
    expect(pdfPageCount(file)).toBe(1010);
    const pages = pdfWords(file);
    expect(pages[0]!.map((w) => w.text)).toEqual(['Seite', '0', 'Name0', 'Łódź']);
    expect(pages[1009]!.map((w) => w.text)).toEqual(['Seite', '1009', 'Name1009', 'Łódź']);
  });
});
