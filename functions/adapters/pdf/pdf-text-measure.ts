// Text widths from the same font files the PDF embeds, so the core's line breaks and the window check match
// what is printed. pdfkit measures (fontkit shaping, kerning); results are cached per word and style.
import { LRUCache } from 'lru-cache';
import PDFDocument from 'pdfkit';
import type { TextMeasure } from '../../core/letters/text-measure';
import type { LetterFonts } from './letter-fonts';

const PT_TO_MM = 25.4 / 72;
/** Widths kept per face, least recently used dropped first: a batch's common words stay, the tail of names passes. */
const CACHE_SIZE = 5_000;

export function pdfTextMeasure(fonts: LetterFonts): TextMeasure {
  // a document that is never written: only its font machinery is used. pdfkit's own glyph-run cache is off here
  // (a few KB per distinct word); the widths cached below are all we need again.
  const doc = new PDFDocument({ autoFirstPage: false, fontLayoutCache: false });
  doc.registerFont('regular', fonts.regular);
  doc.registerFont('bold', fonts.bold);
  // widths at 1 pt, per face
  const regular = new LRUCache<string, number>({ max: CACHE_SIZE });
  const bold = new LRUCache<string, number>({ max: CACHE_SIZE });
  let current = '';
  const run = (text: string, isBold: boolean): number => {
    const cache = isBold ? bold : regular;
    let perPoint = cache.get(text);
    if (perPoint === undefined) {
      const face = isBold ? 'bold' : 'regular';
      if (face !== current) {
        doc.font(face);
        current = face;
      }
      perPoint = doc.fontSize(1).widthOfString(text);
      cache.set(text, perPoint);
    }
    return perPoint;
  };
  return (text, style) => {
    // pdfkit lays text out in runs that end after a space and adds their widths; so do we, so that a line made of
    // known words (an address with a new combination of name and street) costs no new shaping
    const b = style.bold === true;
    let width = 0;
    let start = 0;
    for (let i = text.indexOf(' '); i !== -1 && i < text.length - 1; i = text.indexOf(' ', start)) {
      width += run(text.slice(start, i + 1), b);
      start = i + 1;
    }
    width += run(start === 0 ? text : text.slice(start), b);
    return width * style.size * PT_TO_MM;
  };
}
