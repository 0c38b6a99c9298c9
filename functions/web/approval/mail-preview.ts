// The mail preview on the draft page: the customer's HTML inside a sandboxed iframe (srcdoc). The iframe
// inherits the page's CSP, so nothing in the mail can load (images, fonts, tracking pixels) and no script runs;
// its inline styles are allowed one by one through their hashes ('unsafe-hashes' covers style attributes only
// with a matching hash), so the preview looks like the mail without opening style-src to arbitrary CSS.
import { createHash } from 'node:crypto';

const MAX_STYLE_HASHES = 64;

function decodeBasicEntities(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

const hashOf = (css: string) => `'sha256-${createHash('sha256').update(css).digest('base64')}'`;

/** CSP style sources that let exactly this mail's inline styles apply (a few dozen at most). */
export function previewStyleSources(mailHtml: string): string[] {
  const hashes = new Set<string>();
  for (const m of mailHtml.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style\s*>/gi)) hashes.add(hashOf(m[1]!));
  let attributes = 0;
  for (const m of mailHtml.matchAll(/\sstyle\s*=\s*(?:"([^"]*)"|'([^']*)')/gi)) {
    hashes.add(hashOf(decodeBasicEntities(m[1] ?? m[2] ?? '')));
    attributes++;
  }
  // beyond the cap the rest of the styles simply do not apply: the preview degrades, the policy does not
  const list = [...hashes].slice(0, MAX_STYLE_HASHES);
  return attributes > 0 && list.length > 0 ? ["'unsafe-hashes'", ...list] : list;
}
