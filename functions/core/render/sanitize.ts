// What leaves the renderer: text without control characters, and single-line values (subjects, letter
// salutations) without any line break, so no contact field can inject a header or a second line into a mail.
// Every draft part passes through here, so the common case (nothing to remove) is a single regex test.

/** C0 controls except tab and line feed, DEL and the C1 range (NEL U+0085 included). */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
/** Anything stripControlCharacters would change: the controls above and CR. */
const ANY_CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

/** Keeps \n and \t; a CR or CRLF becomes \n (line structure survives), every other control character goes. */
export function stripControlCharacters(value: string): string {
  if (!ANY_CONTROL.test(value)) return value;
  return value.replace(/\r\n?/g, '\n').replace(CONTROL, '');
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
