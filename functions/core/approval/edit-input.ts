// The rep's edit of a draft, as typed into the approval form. Subject and text are the only editable words;
// the HTML of a mail is rebuilt from the text (text-to-html.ts), never taken from the form.
import { ValidationError } from '../errors';
import { MAX_SUBJECT_LENGTH, stripInvisibleControls } from '../text-safety';

export { MAX_SUBJECT_LENGTH };
export const MAX_TEXT_LENGTH = 20_000;

export interface DraftEdit {
  subject: string;
  text: string;
}

/** A subject becomes a mail header: line breaks are folded into spaces before anything else. */
export function normaliseSubject(subject: string): string {
  return stripInvisibleControls(subject.replace(/[\r\n\t]+/g, ' ')).replace(/\s+/g, ' ').trim();
}

/** LF line ends (browsers send CRLF), no trailing blanks, no leading or trailing empty lines. */
export function normaliseText(text: string): string {
  return stripInvisibleControls(text.replace(/\r\n?/g, '\n')).replace(/[ \t]+$/gm, '').replace(/^\n+|\s+$/g, '');
}

/** Cleans and checks an edit: one-line subject, text with LF line ends. Throws ValidationError. */
export function parseDraftEdit(raw: { subject?: unknown; text?: unknown }): DraftEdit {
  const issues: Array<{ path: string; message: string }> = [];
  const subject = normaliseSubject(typeof raw.subject === 'string' ? raw.subject : '');
  const text = normaliseText(typeof raw.text === 'string' ? raw.text : '');
  if (!subject) issues.push({ path: 'subject', message: 'is empty' });
  if (subject.length > MAX_SUBJECT_LENGTH) issues.push({ path: 'subject', message: `is longer than ${MAX_SUBJECT_LENGTH} characters` });
  if (!text) issues.push({ path: 'text', message: 'is empty' });
  if (text.length > MAX_TEXT_LENGTH) issues.push({ path: 'text', message: `is longer than ${MAX_TEXT_LENGTH} characters` });
  if (issues.length) throw new ValidationError(`The edit was not saved: ${issues.map((i) => `${i.path} ${i.message}`).join(', ')}.`, issues);
  return { subject, text };
}
