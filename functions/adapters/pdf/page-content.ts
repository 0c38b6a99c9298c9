// Writes a laid-out page as one PDF content stream. pdfkit's public text() call costs a graphics-state save, a
// matrix, a text object and a string-to-bytes conversion for every line; a letter page has 30-40 lines, so here
// all lines go into one text object written with one call. Glyph encoding (and with it font subsetting and the
// ToUnicode map that keeps the text searchable) stays pdfkit's: EmbeddedFont.encode, as pdfkit's own text() uses
// it. The TJ operands follow pdfkit's _fragment of the pinned version (0.20.1), kerning included;
// test/adapters/pdf/letter-pdf.test.ts reads the words and their positions back with poppler.
import { LRUCache } from 'lru-cache';
import { mmToPt } from '../../core/letters/geometry';
import type { PageLayout } from '../../core/letters/layout-letter';

/** The parts of pdfkit's embedded font that a content stream needs. */
export interface PdfkitFont {
  id: string;
  ascender: number;
  encode(text: string): [string[], Array<{ xAdvance: number; advanceWidth: number; xOffset: number; yOffset: number }>];
  ref(): unknown;
}

/**
 * One shaped run, packed: its glyph codes as one string of 4-digit hex codes (pdfkit's subset codes), and per glyph
 * x advance, advance width, x offset and y offset in one flat array of numbers. fontkit's position objects cost
 * several times as much per glyph, and the cache below holds thousands of runs.
 */
interface EncodedRun {
  hex: string;
  glyphs: number;
  metrics: number[];
}

const CODE = 4;
const XADV = 0;
const ADV = 1;
const XOFF = 2;
const YOFF = 3;

/**
 * Runs kept per font, least recently used dropped first: the words every letter uses stay, a long tail of names and
 * streets passes through, and a batch of 10 000 letters holds no more than one of 1 000.
 */
export const RUN_CACHE_SIZE = 4_000;

const runCaches = new WeakMap<PdfkitFont, LRUCache<string, EncodedRun>>();

function encodeRun(font: PdfkitFont, piece: string): EncodedRun {
  const [codes, positions] = font.encode(piece);
  const metrics = new Array<number>(codes.length * 4);
  for (let i = 0; i < codes.length; i++) {
    // subset glyph numbers are below 65 536, so pdfkit's codes are always four hex digits
    if (codes[i]!.length !== CODE) throw new Error(`unexpected glyph code "${codes[i]}"`);
    const p = positions[i]!;
    metrics[i * 4 + XADV] = p.xAdvance;
    metrics[i * 4 + ADV] = p.advanceWidth;
    metrics[i * 4 + XOFF] = p.xOffset;
    metrics[i * 4 + YOFF] = p.yOffset;
  }
  return { hex: codes.join(''), glyphs: codes.length, metrics };
}

/**
 * Glyph codes and positions of a line. Like pdfkit's own layout, the line is shaped in runs that end after a
 * space, so a run's result never depends on its neighbours and can be kept: most words of a batch are encoded once.
 * (Subset glyph numbers are fixed for the life of a document, and the cache belongs to one font of one document,
 * so pdfkit's own per-word cache is switched off for the letters document: it would hold the same runs again.)
 */
function encodeLine(font: PdfkitFont, text: string): EncodedRun[] {
  let cache = runCaches.get(font);
  if (!cache) {
    cache = new LRUCache({ max: RUN_CACHE_SIZE });
    runCaches.set(font, cache);
  }
  const runs: EncodedRun[] = [];
  let start = 0;
  while (start < text.length) {
    const space = text.indexOf(' ', start);
    const end = space === -1 ? text.length : space + 1;
    const piece = text.slice(start, end);
    let run = cache.get(piece);
    if (!run) {
      run = encodeRun(font, piece);
      cache.set(piece, run);
    }
    runs.push(run);
    start = end;
  }
  return runs;
}

const n = (v: number) => {
  const r = Math.round(v * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
};

/**
 * The content of one page: marks, text runs and underlines. Coordinates come in millimetres from the top-left
 * corner; `fontOf` gives the pdfkit font for a run and registers it with the page.
 */
export function pageContent(page: PageLayout, pageHeight: number, fontOf: (bold: boolean) => PdfkitFont): string {
  // pdfkit starts each page flipped (y down); q/cm/Q puts PDF's own y-up space back for this block
  const ops: string[] = ['q', `1 0 0 -1 0 ${n(pageHeight)} cm`];
  for (const m of page.marks) {
    ops.push(`${n(mmToPt(m.width))} w ${n(mmToPt(m.x1))} ${n(pageHeight - mmToPt(m.y1))} m ${n(mmToPt(m.x2))} ${n(pageHeight - mmToPt(m.y2))} l S`);
  }
  const underlines: string[] = [];
  ops.push('BT');
  let font: PdfkitFont | undefined;
  let size = 0;
  for (const t of page.texts) {
    const f = fontOf(t.bold === true);
    if (f !== font || t.size !== size) {
      ops.push(`/${f.id} ${n(t.size)} Tf`);
      font = f;
      size = t.size;
    }
    const scale = t.size / 1000;
    const x = mmToPt(t.x);
    // y is the top of the line box; the baseline is one ascent below it
    const baseline = pageHeight - (mmToPt(t.y) + f.ascender * scale);
    const runs = encodeLine(f, t.text);
    ops.push(`1 0 0 1 ${n(x)} ${n(baseline)} Tm`);
    let width = 0;
    let segment: string[] = [];
    const operands: string[] = [];
    let offset = false;
    for (const run of runs) {
      const m = run.metrics;
      for (let i = 0; i < run.glyphs; i++) {
        const code = run.hex.slice(i * CODE, (i + 1) * CODE);
        const xAdvance = m[i * 4 + XADV]!;
        const xOffset = m[i * 4 + XOFF]!;
        const yOffset = m[i * 4 + YOFF]!;
        if (xOffset || yOffset) {
          // a glyph placed off the line (a combining mark): its own positioned show, as pdfkit does
          if (segment.length) operands.push(`<${segment.join('')}> 0`);
          segment = [];
          if (operands.length) ops.push(`[${operands.join(' ')}] TJ`);
          operands.length = 0;
          ops.push(`1 0 0 1 ${n(x + (width + xOffset) * scale)} ${n(baseline + yOffset * scale)} Tm`, `[<${code}>] TJ`);
          offset = true;
        } else {
          if (offset) {
            ops.push(`1 0 0 1 ${n(x + width * scale)} ${n(baseline)} Tm`);
            offset = false;
          }
          segment.push(code);
          const kern = xAdvance - m[i * 4 + ADV]!;
          if (kern !== 0) {
            operands.push(`<${segment.join('')}> ${n(-kern)}`);
            segment = [];
          }
        }
        width += xAdvance;
      }
    }
    if (segment.length) operands.push(`<${segment.join('')}> 0`);
    if (operands.length) ops.push(`[${operands.join(' ')}] TJ`);
    if (t.underline) {
      const y = baseline - t.size * 0.12;
      underlines.push(`${n(Math.max(0.3, t.size * 0.06))} w ${n(x)} ${n(y)} m ${n(x + width * scale)} ${n(y)} l S`);
    }
  }
  ops.push('ET', ...underlines, 'Q');
  return ops.join('\n');
}
