// The fixed part below a customer mail's words: the visible opt-out line with the one-click unsubscribe link
// (UWG §7) and the company's legal particulars (§35a GmbHG). It is rendered from the partials opt-out-<language>
// and legal-footer-<language> when the draft is made and stored beside the words (DraftContent.footer), so the rep
// sees it in the preview and approves it with the rest, but the edit form never holds it: an edit replaces the
// words, the footer stays. Its link is the marker below until the mail is sent: the unsubscribe token is signed per
// recipient at send time (sending/compose-mail.ts), the preview shows a placeholder.

/** Where the unsubscribe link belongs in a draft's text or HTML; replaced when the mail is sent. */
export const UNSUBSCRIBE_MARKER = '%%UNSUBSCRIBE_URL%%';

export interface MailFooter {
  text: string;
  html: string;
}

/** Puts the footer's markup at the end of the mail's body (before </body>, or at the end of a fragment). */
function appendHtml(html: string, footerHtml: string): string {
  if (!footerHtml) return html;
  const end = html.toLowerCase().lastIndexOf('</body>');
  if (end < 0) return `${html}\n${footerHtml}`;
  return `${html.slice(0, end)}${footerHtml}\n${html.slice(end)}`;
}

/**
 * The mail as it leaves (or as the preview shows it): the words, then the footer, with every unsubscribe marker
 * replaced by `unsubscribeUrl` (HTML-escaped by the caller's `escape` in the HTML part).
 */
export function withMailFooter(
  content: { text: string; html: string; footer?: MailFooter | undefined },
  unsubscribeUrl: string,
  escape: (value: string) => string,
): { text: string; html: string } {
  const footer = content.footer;
  const text = footer?.text ? `${content.text.replace(/\s+$/, '')}\n\n${footer.text}` : content.text;
  const html = content.html.trim() && footer?.html ? appendHtml(content.html, footer.html) : content.html;
  return { text: text.split(UNSUBSCRIBE_MARKER).join(unsubscribeUrl), html: html.split(UNSUBSCRIBE_MARKER).join(escape(unsubscribeUrl)) };
}
