import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { loadLetterFonts } from '../../../functions/adapters/pdf/letter-fonts';
import { pageContent, RUN_CACHE_SIZE, type PdfkitFont } from '../../../functions/adapters/pdf/page-content';
import type { PageLayout } from '../../../functions/core/letters/layout-letter';

// The content stream of a page must not depend on what the word cache still holds: a word shaped again after it was
// dropped gets the same glyph codes (the font subset numbers a glyph once per document) and the same kerning.
describe('page content and its bounded word cache', () => {
  it('writes the same page again after the cache has dropped its words', () => {
    const fonts = loadLetterFonts();
    const doc = new PDFDocument({ size: 'A4', margin: 0, autoFirstPage: false, fontLayoutCache: false });
    doc.registerFont('regular', fonts.regular);
    doc.registerFont('bold', fonts.bold);
    doc.addPage({ size: 'A4', margin: 0 });
    const faces = new Map<boolean, PdfkitFont>();
    const fontOf = (bold: boolean): PdfkitFont => {
      let f = faces.get(bold);
      if (!f) {
        doc.font(bold ? 'bold' : 'regular');
        f = (doc as unknown as { _font: PdfkitFont })._font;
        faces.set(bold, f);
      }
      return f;
    };
    const page = (lines: string[]): PageLayout => ({
      marks: [],
      texts: lines.map((text, i) => ({ text, x: 25, y: 50 + i * 5, size: 10, bold: i === 0, role: 'body' as const })),
    });
    // kerning pairs (AV, To), a combining mark placed off the line (a + U+0301), and non-Latin letters
    const letter = page(['Sehr geehrte Frau Wąsik,', 'AVATAR Tower: Łukasz Çelik fährt nach Łódź.', 'Ma\u0301rquez a\u0301 To Wo Yo']);
    const first = pageContent(letter, 841.89, fontOf);
    // more distinct words than the cache keeps, so every word of the letter is dropped and shaped again
    const filler = Array.from({ length: RUN_CACHE_SIZE + 500 }, (_, i) => `Wort${i.toString(36)}`);
    for (let i = 0; i < filler.length; i += 50) pageContent(page([filler.slice(i, i + 50).join(' ')]), 841.89, fontOf);
    const again = pageContent(letter, 841.89, fontOf);
    expect(again).toBe(first);
    expect(first).toMatch(/\] TJ/);
    // the combining mark is shown on its own, moved off the line, as pdfkit does
    expect(first.split('\n').filter((l) => l.endsWith('Tm')).length).toBeGreaterThan(3);
    doc.end();
  });
});
