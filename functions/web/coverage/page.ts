// The frame of every HTML page of the coverage report: one stylesheet and a Content-Security-Policy that
// allows exactly the inline style and scripts of the page by their SHA-256 hash, nothing from anywhere else.
import { createHash } from 'node:crypto';
import { escapeHtml } from '../../core/escape-html';

export const PAGE_STYLE = `
:root { color-scheme: light; --ink: #1d2433; --muted: #5b6475; --line: #d9dee7; --band: #f4f6f9; --accent: #0b5cad; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: #fff; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 40px; }
header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 8px 24px; border-bottom: 2px solid var(--ink); padding-bottom: 10px; margin-bottom: 18px; }
h1 { font-size: 24px; margin: 0; }
h2 { font-size: 18px; margin: 28px 0 10px; }
.meta { color: var(--muted); }
.kpis { display: flex; flex-wrap: wrap; gap: 14px; margin: 0 0 8px; padding: 0; list-style: none; }
.kpis li { border: 1px solid var(--line); border-radius: 8px; padding: 10px 16px; min-width: 150px; }
.kpis b { display: block; font-size: 26px; line-height: 1.2; }
.kpis span { color: var(--muted); font-size: 13px; }
.grid { display: grid; grid-template-columns: 1fr 1fr; gap: 24px; }
@media (max-width: 900px) { .grid { grid-template-columns: 1fr; } }
figure { margin: 0; border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px 8px; }
figcaption { font-weight: 600; margin-bottom: 6px; }
.chart { position: relative; height: 320px; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 5px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--band); font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; }
tbody tr:nth-child(even) { background: #fafbfc; }
tr.total td { font-weight: 700; border-top: 2px solid var(--ink); }
meter { width: 120px; height: 14px; vertical-align: middle; margin-right: 8px; }
.never { color: #a4262c; font-weight: 600; }
.note { color: var(--muted); font-size: 13px; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

export function sha256Base64(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64');
}

/** The policy for a page with exactly these inline scripts and styles. */
export function contentSecurityPolicy(inline: { scripts?: readonly string[]; styles?: readonly string[] }): string {
  const hashes = (list: readonly string[] | undefined) => (list ?? []).map((s) => `'sha256-${sha256Base64(s)}'`).join(' ');
  return [
    "default-src 'none'",
    inline.scripts?.length ? `script-src ${hashes(inline.scripts)}` : "script-src 'none'",
    inline.styles?.length ? `style-src ${hashes(inline.styles)}` : "style-src 'none'",
    "img-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export interface Page {
  html: string;
  /** The same policy as the page's meta tag; servers also send it as a header (with frame-ancestors). */
  csp: string;
}

/**
 * A whole document. `body` must already be escaped HTML. Scripts are inline and allowed by hash; `data` is
 * embedded as a JSON data block, which browsers never execute, with every `<` escaped so no value can close it.
 */
export function renderPage(opts: { title: string; body: string; scripts?: readonly string[]; data?: unknown }): Page {
  const scripts = opts.scripts ?? [];
  const csp = contentSecurityPolicy({ scripts, styles: [PAGE_STYLE] });
  const data =
    opts.data === undefined
      ? ''
      : `<script type="application/json" id="report-data">${JSON.stringify(opts.data).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')}</script>\n`;
  const html =
    '<!doctype html>\n' +
    '<html lang="en">\n<head>\n<meta charset="utf-8">\n' +
    // the policy is built from constants and base64 hashes, so it holds no double quote to escape (its quotes are
    // the CSP's own single quotes, which must stay as they are)
    `<meta http-equiv="Content-Security-Policy" content="${csp}">\n` +
    '<meta name="referrer" content="no-referrer">\n' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
    `<title>${escapeHtml(opts.title)}</title>\n` +
    `<style>${PAGE_STYLE}</style>\n</head>\n<body>\n${opts.body}\n${data}` +
    scripts.map((s) => `<script>${s}</script>\n`).join('') +
    '</body>\n</html>\n';
  return { html, csp };
}
