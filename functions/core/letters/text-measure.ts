// Line breaking for letters. The core decides where every line goes, so it needs text widths; the PDF adapter
// supplies them from the font it embeds (pdfTextMeasure), tests supply a simple fixed-width measure.

export interface TextStyle {
  /** Font size in points. */
  size: number;
  bold?: boolean;
}

/** The printed width of `text` in millimetres. */
export type TextMeasure = (text: string, style: TextStyle) => number;

/**
 * Breaks `text` into lines no wider than `maxWidth` mm. Line breaks in the text are kept; runs of spaces collapse;
 * a word wider than a whole line is cut between characters rather than run off the page.
 */
export function wrapText(text: string, maxWidth: number, style: TextStyle, measure: TextMeasure): string[] {
  const out: string[] = [];
  const space = measure(' ', style);
  for (const hardLine of text.split(/\r?\n/)) {
    const words = hardLine.split(/[ \t]+/).filter((w) => w.length > 0);
    if (words.length === 0) {
      out.push('');
      continue;
    }
    let line = '';
    let width = 0;
    for (const word of words) {
      const w = measure(word, style);
      if (line && width + space + w <= maxWidth) {
        line += ' ' + word;
        width += space + w;
        continue;
      }
      if (line) out.push(line);
      if (w <= maxWidth) {
        line = word;
        width = w;
        continue;
      }
      // longer than a line (a URL, a long compound): cut it, keep the rest for the next line
      const pieces = cutWord(word, maxWidth, style, measure);
      out.push(...pieces.slice(0, -1));
      line = pieces[pieces.length - 1]!;
      width = measure(line, style);
    }
    out.push(line);
  }
  return out;
}

function cutWord(word: string, maxWidth: number, style: TextStyle, measure: TextMeasure): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const ch of word) {
    if (current && measure(current + ch, style) > maxWidth) {
      pieces.push(current);
      current = ch;
    } else {
      current += ch;
    }
  }
  pieces.push(current);
  return pieces;
}

/** A measure for tests and estimates: every character is `em` times the font size wide. */
export function fixedWidthMeasure(em = 0.5): TextMeasure {
  return (text, style) => [...text].length * style.size * em * (25.4 / 72) * (style.bold ? 1.1 : 1);
}
