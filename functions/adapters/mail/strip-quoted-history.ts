// The words a sender wrote, without the history their client quoted below them. The work is email-reply-parser's
// (quote headers such as "On ... wrote:", "Am ... schrieb ...:", "Von: Name <address>", "-----Original Message-----",
// `>` quoting and signatures like "Sent from my iPhone"), with one rule of our own in front of it: Outlook quotes
// the previous mail under a header block ("Von: Name" / "Gesendet: ..." / "An: ..." / "Betreff: ...") whose From
// line often carries only a name, no address, and the library then keeps the whole history. Such a block is
// recognised by its first two lines, in the languages of presence's customers. And Gmail wraps a long quote header
// after the `<` of the address ("Am Mo., 11. Jan. 2027 um 09:12 Uhr schrieb Anna Beispiel <" / "anna@...>:"), which
// the library's German pattern does not span: the two lines are joined first.
import EmailReplyParser from 'email-reply-parser';

/** The library's quote-header patterns are regular expressions over the whole text: only the top is given to them. */
const MAX_SCANNED_CHARS = 32 * 1024;

const FROM_LINE = /^\s*\*?(?:Von|From|De|Van|Od|Da|Från|Fra)\s?:\*?\s*\S/i;
const SENT_LINE = /^\s*\*?(?:Gesendet|Sent|Date|Datum|Envoyé|Verzonden|Verstuurd|Wysłano|Data|Inviato|Skickat|Sendt)\s?:\*?\s*\S/i;
/** The lines Outlook and others put above the block: a rule, or an "Original Message" banner. */
const SEPARATOR_LINE = /^\s*(?:_{10,}|-{2,}\s*(?:Original Message|Ursprüngliche Nachricht|Message d'origine|Oorspronkelijk bericht|Oryginalna wiadomość|Wiadomość oryginalna)\s*-{2,})\s*$/i;

/** The reply without its quoted history; the whole text when nothing looks quoted. Line ends are `\n`. */
export function stripQuotedHistory(text: string): string {
  const top = cutAtHeaderBlock(joinWrappedAddress(text.slice(0, MAX_SCANNED_CHARS)));
  const reply = new EmailReplyParser().parseReply(top);
  return reply.trim();
}

/** "... schrieb Name <" + newline + "address>:" becomes one line. */
function joinWrappedAddress(text: string): string {
  return text.replace(/<\n([^\s<>]+@[^\s<>]+>:)[ \t]*$/gm, '<$1');
}

/** Cuts the text at the first Outlook-style header block (a From line, then a Sent/Date line within two lines). */
export function cutAtHeaderBlock(text: string): string {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    if (!FROM_LINE.test(lines[i]!)) continue;
    const next = lines.slice(i + 1, i + 3);
    if (!next.some((line) => SENT_LINE.test(line))) continue;
    let cut = i;
    while (cut > 0 && (lines[cut - 1]!.trim() === '' || SEPARATOR_LINE.test(lines[cut - 1]!))) cut -= 1;
    return lines.slice(0, cut).join('\n');
  }
  return text;
}
