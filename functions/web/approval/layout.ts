// The page shell of the approval site and its Content-Security-Policy. The only style is the inline sheet
// below and the only script the inline one of page-script.ts, each allowed by its hash; nothing else loads (no
// fonts, images, external sheets or scripts), forms post only to the site itself and no one may frame it.
// Phone first: the decisions sit in a bar stuck to the bottom of the screen (.bar), buttons are at least 44 px
// high, and every page works without the script.
import { createHash } from 'node:crypto';
import { html, trusted, type SafeHtml } from '../html';
import { PAGE_SCRIPT, PAGE_SCRIPT_SOURCE } from './page-script';

export interface Page {
  status: number;
  html: string;
  /** Extra CSP style sources this page needs (the mail preview's inline styles), besides the page sheet. */
  styleSources: string[];
}

const CSS = `
:root{color-scheme:light;--ink:#1d2733;--muted:#5b6776;--line:#dde3ea;--bg:#eef2f6;--card:#fff;--accent:#1f6f4a;--accent-dark:#185a3c;--danger:#a2302a;--head:#17324d}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
.top{background:var(--head);color:#fff;padding:12px 20px}
.top .in{max-width:860px;margin:0 auto;display:flex;gap:12px;align-items:baseline}
.brand{font-weight:700;letter-spacing:.03em;font-size:1.05rem}
.top .what{color:#b9c8d8;font-size:.9rem}
main{max-width:860px;margin:22px auto 40px;padding:0 16px}
.card{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:20px 24px;margin:0 0 18px;box-shadow:0 1px 2px rgba(23,50,77,.05)}
h1{font-size:1.5rem;line-height:1.25;margin:0 0 6px}
h2{margin:0 0 12px;color:var(--muted);text-transform:uppercase;letter-spacing:.06em;font-size:.78rem;font-weight:700}
p{margin:0 0 12px}
.lead{color:var(--muted);margin:0}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:14px 0 0}
dl.meta dt{color:var(--muted)}
dl.meta dd{margin:0;overflow-wrap:anywhere}
.badge{display:inline-block;padding:1px 10px;border-radius:999px;background:#e3ebf3;color:#2b4a66;font-size:.8rem;font-weight:600;vertical-align:middle}
.badge.ok{background:#dcefe4;color:#185a3c}
.badge.no{background:#f6e0de;color:#8a2721}
.mailhead{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;padding:0 0 12px;margin:0 0 12px;border-bottom:1px solid var(--line);font-size:.95rem}
.mailhead dt{color:var(--muted)}
.mailhead dd{margin:0;overflow-wrap:anywhere}
.mailhead .subj{font-weight:700}
iframe.preview{display:block;width:100%;height:70vh;min-height:160px;border:1px solid var(--line);border-radius:8px;background:#fff}
.note{color:var(--muted);font-size:.85rem;margin:8px 0 0}
.letter{background:#fff;border:1px solid var(--line);box-shadow:0 2px 10px rgba(23,50,77,.08);padding:44px 52px;max-width:640px;margin:0 auto;font:15px/1.55 Georgia,"Times New Roman",serif;color:#222}
.letter .date{text-align:right;margin:0 0 26px}
.letter .to{margin:0 0 30px;white-space:pre-line}
.letter .subj{font-weight:700;margin:0 0 18px}
.letter .body{white-space:pre-wrap;margin:0 0 18px}
.prose{white-space:pre-wrap;overflow-wrap:anywhere;margin:0}
label{display:block;font-weight:600;margin:14px 0 6px}
input[type=text],textarea{width:100%;font:inherit;padding:10px 12px;border:1px solid #b4c0cc;border-radius:8px;background:#fff;color:var(--ink)}
textarea{min-height:18em;line-height:1.55;resize:vertical}
textarea.short{min-height:5em}
input[type=text]:focus,textarea:focus{outline:3px solid #b9dcc8;border-color:var(--accent)}
.hint{color:var(--muted);font-size:.88rem;margin:6px 0 0}
.actions{display:flex;flex-wrap:wrap;gap:10px;margin:18px 0 0;align-items:center}
button,.button{font:inherit;font-weight:600;padding:10px 20px;min-height:44px;border-radius:8px;border:1px solid transparent;cursor:pointer;display:inline-flex;align-items:center;justify-content:center;text-decoration:none}
button:focus-visible,.button:focus-visible,summary:focus-visible{outline:3px solid #7fb596;outline-offset:2px}
.small{padding:6px 14px;min-height:40px;font-size:.92rem}
.primary{background:var(--accent);color:#fff}
.primary:hover{background:var(--accent-dark)}
.secondary{background:#fff;border-color:#8d9aa8;color:var(--ink)}
.danger{background:#fff;border-color:var(--danger);color:var(--danger)}
details.edit{margin:16px 0 0}
details.edit summary{display:inline-flex;align-items:center;min-height:44px;padding:8px 18px;border:1px solid #8d9aa8;border-radius:8px;cursor:pointer;font-weight:600;list-style:none}
details.edit summary::-webkit-details-marker{display:none}
details.edit[open] summary{background:#e3ebf3}
.card:has(details.edit[open]) .shown{display:none}
.bar{position:sticky;bottom:0;z-index:5;display:flex;gap:10px;margin:18px -16px 0;padding:10px 16px calc(10px + env(safe-area-inset-bottom));background:#fff;border-top:1px solid var(--line);box-shadow:0 -2px 10px rgba(23,50,77,.08)}
.bar>*{flex:1 1 0}
.item{display:flex;flex-wrap:wrap;gap:8px;margin:10px 0 0 32px}
.state{margin:6px 0 0 32px;color:var(--muted);font-size:.92rem}
.state li{list-style:none}
ul.state{padding:0}
ul.list ul.state li{border:0;padding:0}
ul.list.done .state{margin-left:0}
ul.list.done p{margin:0 0 4px}
.who{font-weight:600}
html{scroll-padding-bottom:80px}
fieldset.ask{border:0;margin:14px 0 0;padding:0;min-width:0}
fieldset.ask legend{font-weight:600;margin:0 0 6px;padding:0}
.choice{display:flex;flex-wrap:wrap;gap:6px 10px;align-items:center;margin:6px 0}
.choice input[type=radio]{width:18px;height:18px;margin:0;accent-color:var(--accent);flex:none}
.choice label{display:inline;margin:0;font-weight:400}
input[type=date]{font:inherit;padding:4px 10px;border:1px solid #b4c0cc;border-radius:8px;background:#fff;color:var(--ink)}
.banner{border-radius:10px;padding:12px 16px;margin:0 0 18px;border:1px solid #b7dcc5;background:#e6f4eb}
.banner.warn{border-color:#e8c3bf;background:#fbeceb}
.optout{border-left:4px solid var(--danger);background:#fbeceb;color:#6d1f1a;padding:8px 12px;border-radius:6px;margin:10px 0 0;font-weight:600}
.takeback{margin:14px 0 0}
.safety{color:var(--muted);font-size:.85rem;text-align:center;margin:8px 0 0}
ul.list{list-style:none;margin:0;padding:0}
ul.list li{border-top:1px solid var(--line);padding:14px 0}
ul.list li:first-child{border-top:0;padding-top:4px}
.pick{display:flex;gap:12px;align-items:flex-start;margin:0;font-weight:400}
.pick input{width:20px;height:20px;margin:3px 0 0;accent-color:var(--accent);flex:none}
.pick .nobox{width:20px;flex:none}
.pick .who{font-weight:600}
.pick .sub{color:var(--muted);display:block}
ul.list details{margin:8px 0 0 32px}
ul.list details summary{min-height:32px}
ul.list details summary{cursor:pointer;color:var(--muted);font-size:.9rem}
ul.list .prose{background:#f7f9fb;border:1px solid var(--line);border-radius:8px;padding:12px 14px;margin:8px 0 0;font-size:.95rem}
.big{font-size:1.1rem}
a{color:#1b5fa0}
@media (max-width:560px){main{margin:12px auto 24px;padding:0 10px}.bar{margin:14px -10px 0;padding-left:10px;padding-right:10px}.card{padding:16px;margin-bottom:12px}h1{font-size:1.3rem}.letter{padding:26px 22px}dl.meta,.mailhead{grid-template-columns:1fr}}
`.trim();

export const PAGE_STYLE_SOURCE = `'sha256-${createHash('sha256').update(CSS).digest('base64')}'`;

/**
 * default-src 'none' forbids everything not named; style-src names the page sheet and any preview styles,
 * script-src the page script alone.
 */
export function contentSecurityPolicy(extraStyleSources: readonly string[] = []): string {
  const style = [PAGE_STYLE_SOURCE, ...extraStyleSources].join(' ');
  return `default-src 'none'; style-src ${style}; script-src ${PAGE_SCRIPT_SOURCE}; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`;
}

export function layout(opts: { lang: string; title: string; section: string; body: SafeHtml; status?: number; styleSources?: string[] }): Page {
  const doc = html`<!DOCTYPE html>
<html lang="${opts.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>${opts.title} · presence</title>
<style>${trusted(CSS)}</style>
</head>
<body>
<header class="top"><div class="in"><span class="brand">presence</span><span class="what">${opts.section}</span></div></header>
<main>
${opts.body}
</main>
<script>${trusted(PAGE_SCRIPT)}</script>
</body>
</html>
`;
  return { status: opts.status ?? 200, html: doc.value, styleSources: opts.styleSources ?? [] };
}
