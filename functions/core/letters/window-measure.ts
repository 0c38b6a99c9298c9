// The address lines' widths without the PDF machinery: the letter font's advance widths from a table
// (address-font-widths.ts, generated from the font the PDF embeds), added up without kerning. This font's kerning
// pulls letters together ("To", "AV"); the few pairs it pushes apart ("A-", "AA") add 0.1 mm at most. So a line
// this measure passes prints inside the window: the planner uses it to mark a letter needs_fix when it drafts it,
// before the rep approves. The export measures with the PDF's own shaping, up to about 2 % narrower for usual
// text, and may pass a line within a millimetre or so of the edge that this measure flags.
import { ADDRESS_FONT_UNITS_PER_EM, ADDRESS_FONT_WIDTHS } from './address-font-widths';
import type { TextMeasure } from './text-measure';

const PT_TO_MM = 25.4 / 72;

let widths: Map<number, number> | undefined;

function widthTable(): Map<number, number> {
  if (widths) return widths;
  const table = new Map<number, number>();
  for (const [first, runs] of ADDRESS_FONT_WIDTHS) {
    let code = first;
    for (const run of runs.split(',')) {
      const [width, times = '1'] = run.split('*');
      for (let n = parseInt(times, 36); n > 0; n--) table.set(code++, parseInt(width!, 36));
    }
  }
  widths = table;
  return table;
}

/** Width in mm of a line of the regular face; a character outside the table counts one em, so nothing is too narrow. */
export const addressWindowMeasure: TextMeasure = (text, style) => {
  if (style.bold) throw new Error('addressWindowMeasure knows the regular face only: address lines are not bold');
  const table = widthTable();
  let units = 0;
  for (const ch of text) units += table.get(ch.codePointAt(0)!) ?? ADDRESS_FONT_UNITS_PER_EM;
  return (units / ADDRESS_FONT_UNITS_PER_EM) * style.size * PT_TO_MM;
};
