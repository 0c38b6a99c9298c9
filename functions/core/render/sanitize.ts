// What leaves the renderer: text without control or bidi format characters, and single-line values (subjects,
// letter salutations) without any line break, so no contact field can inject a header or a second line into a mail
// or make a name read backwards. Every draft part passes through here; the common case is one regex test.
import { stripInvisibleControls } from '../text-safety';

/** Keeps \n and \t; a CR or CRLF becomes \n (line structure survives), every other control character goes. */
export function stripControlCharacters(value: string): string {
  return stripInvisibleControls(value.includes('\r') ? value.replace(/\r\n?/g, '\n') : value);
}

/** One line: line breaks, tabs and Unicode line/paragraph separators become one space; safe as a header value. */
export function singleLine(value: string): string {
  const clean = stripControlCharacters(value);
  if (!/[\n\t\u2028\u2029]| {2}/.test(clean)) return clean.trim();
  return clean
    .replace(/[\n\t\u2028\u2029]+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** Plain-text bodies: no control characters, no trailing blanks, at most one empty line in a row. */
export function tidyText(value: string): string {
  let text = stripControlCharacters(value);
  if (/[ \t]\n|\n\n\n/.test(text)) text = text.replace(/[ \t]+$/gm, '').replace(/\n{3,}/g, '\n\n');
  return text.trim();
}

/** HTML bodies: the markup is the template's and every value is escaped; only control characters are removed. */
export function tidyHtml(value: string): string {
  return stripControlCharacters(value).trim();
}
