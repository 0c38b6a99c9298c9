// Invisible characters that change how text reads. Bidi overrides and isolates (U+202A-U+202E, U+2066-U+2069)
// make "Rechnung_exe.pdf" display as something else in a subject, a From name or a page ("Trojan Source");
// C0 and C1 controls have no place in a name or a subject. Imports, rendered drafts and the rep's edits pass
// through here, so nothing of the kind reaches a mail header or an approval page.

/** C0 controls except tab and line feed, DEL, the C1 range (NEL U+0085 included) and the bidi format characters. */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const ANY_INVISIBLE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

/** Removes bidi format characters and control characters other than tab and newline (CR too: callers fold it first). */
export function stripInvisibleControls(text: string): string {
  return ANY_INVISIBLE.test(text) ? text.replace(INVISIBLE, '') : text;
}

/** The longest subject a draft may have, drafted or edited: a subject line, not a paragraph. */
export const MAX_SUBJECT_LENGTH = 200;

/**
 * A drafted subject cut at a word before MAX_SUBJECT_LENGTH, with an ellipsis: a long company name in a template
 * must not make a 5 000-character header that the rep could not even save back through the edit form.
 */
export function capSubject(subject: string): string {
  if (subject.length <= MAX_SUBJECT_LENGTH) return subject;
  const cut = subject.slice(0, MAX_SUBJECT_LENGTH - 1);
  const atWord = cut.lastIndexOf(' ');
  return `${(atWord > MAX_SUBJECT_LENGTH / 2 ? cut.slice(0, atWord) : cut).trimEnd()}…`;
}
