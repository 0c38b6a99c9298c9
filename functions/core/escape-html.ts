// The one HTML escaper: every value the product writes into HTML passes through it, in the mails the core builds
// (an edited draft's HTML part, the unsubscribe link) and in the pages of the web layer (web/html.ts). The output is
// safe in text and in double- or single-quoted attributes; the backtick is escaped too, for old parsers that
// took it as an attribute quote.

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

export function escapeHtml(value: string | number): string {
  return String(value).replace(/[&<>"'`]/g, (c) => ESCAPES[c]!);
}
