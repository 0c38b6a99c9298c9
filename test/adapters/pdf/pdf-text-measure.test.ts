import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { loadLetterFonts } from '../../../functions/adapters/pdf/letter-fonts';
import { pdfTextMeasure } from '../../../functions/adapters/pdf/pdf-text-measure';

const fonts = loadLetterFonts();
const measure = pdfTextMeasure(fonts);

describe('pdf text measure', () => {
  it('gives the width pdfkit draws, in millimetres, for both faces and any size', () => {
    const doc = new PDFDocument({ autoFirstPage: false });
    doc.registerFont('regular', fonts.regular);
    doc.registerFont('bold', fonts.bold);
    for (const text of ['Frau Dr. Anna Müller', 'Çelik & Wąsik Handel Sp. z o.o.', 'ul. Piotrkowska 104 ', 'Łódź', ' ']) {
      for (const [face, size] of [['regular', 10], ['bold', 10], ['regular', 7]] as const) {
        const points = doc.font(face).fontSize(size).widthOfString(text);
        expect(measure(text, { size, bold: face === 'bold' })).toBeCloseTo((points * 25.4) / 72, 6);
      }
    }
  });

  it('measures wider text as wider and bold wider than regular', () => {
    expect(measure('WWWW', { size: 10 })).toBeGreaterThan(measure('iiii', { size: 10 }));
    expect(measure('Betreff', { size: 10, bold: true })).toBeGreaterThan(measure('Betreff', { size: 10 }));
    expect(measure('Betreff', { size: 20 })).toBeCloseTo(2 * measure('Betreff', { size: 10 }), 9);
  });
});
