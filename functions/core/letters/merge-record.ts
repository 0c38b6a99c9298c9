// The columns of the merge file (letters.csv), one row per letter. Word and LibreOffice mail merge address
// fields by these header names, so the list is fixed: empty cells stay, columns never move.
import type { Letter } from './letter';

export const SENDER_LINES = 4;
export const RECIPIENT_LINES = 6;

export const MERGE_COLUMNS: readonly string[] = [
  ...Array.from({ length: SENDER_LINES }, (_, i) => `senderLine${i + 1}`),
  ...Array.from({ length: RECIPIENT_LINES }, (_, i) => `recipientLine${i + 1}`),
  'returnLine',
  'salutation',
  'date',
  'subject',
  'body',
  'closing',
  'repName',
  'repTitle',
  'contactId',
  'draftId',
];

export function mergeRecordOf(letter: Letter): string[] {
  const pad = (lines: readonly string[], n: number) => Array.from({ length: n }, (_, i) => lines[i] ?? '');
  return [
    ...pad(letter.senderLines, SENDER_LINES),
    ...pad(letter.recipient.lines, RECIPIENT_LINES),
    letter.returnLine,
    letter.salutation,
    letter.date,
    letter.subject,
    letter.body,
    letter.closing,
    letter.repName,
    letter.repTitle,
    letter.contactId,
    letter.draftId,
  ];
}
