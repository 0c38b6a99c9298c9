// Text widths from the same font files the PDF embeds, so the core's line breaks and the window check match
// what is printed. pdfkit measures (fontkit shaping, kerning); results are cached per word and style.
import PDFDocument from 'pdfkit';
import type { TextMeasure } from '../../core/letters/text-measure';
import type { LetterFonts } from './letter-fonts';

const PT_TO_MM = 25.4 / 72;
/** Enough for the common vocabulary of a batch; cleared when full so memory stays flat with many distinct names. */
const CACHE_LIMIT = 20_000;

export function pdfTextMeasure(fonts: LetterFonts): TextMeasure {
  // a document that is never written: only its font machinery is used. pdfkit's own glyph-run cache is off here
  // (a few KB per distinct word); the widths cached below are all we need again.
  const scratch = () => {
    const d = new PDFDocument({ autoFirstPage: false, fontLayoutCache: false });
    d.registerFont('regular', fonts.regular);
    d.registerFont('bold', fonts.bold);
    return d;
  };
  let doc = scratch();
  const cache = new Map<string, number>();
  let current = '';
  return (text, style) => {
    const face = style.bold ? 'bold' : 'regular';
    const key = (style.bold ? 'b' : 'r') + text;
    let perPoint = cache.get(key);
    if (perPoint === undefined) {
      if (cache.size >= CACHE_LIMIT) {
        cache.clear();
        doc = scratch();
        current = '';
      }
      if (face !== current) {
        doc.font(face);
        current = face;
      }
      perPoint = doc.fontSize(1).widthOfString(text);
      cache.set(key, perPoint);
    }
    return perPoint * style.size * PT_TO_MM;
  };
}
