import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, layout, PAGE_STYLE_SOURCE } from '../../../functions/web/approval/layout';
import { PAGE_SCRIPT_SOURCE } from '../../../functions/web/approval/page-script';
import { errorPage, invalidLinkPage } from '../../../functions/web/approval/status-pages';
import { html } from '../../../functions/web/html';

describe('approval page layout', () => {
  it('allows its own sheet by the hash of the bytes in the page', () => {
    const page = layout({ lang: 'en', title: 'T', section: 'S', body: html`<p>x</p>` });
    const sheet = /<style>([\s\S]*?)<\/style>/.exec(page.html)![1]!;
    expect(PAGE_STYLE_SOURCE).toBe(`'sha256-${createHash('sha256').update(sheet).digest('base64')}'`);
    expect(contentSecurityPolicy(["'sha256-x'"])).toBe(`default-src 'none'; style-src ${PAGE_STYLE_SOURCE} 'sha256-x'; script-src ${PAGE_SCRIPT_SOURCE}; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`);
    const script = /<script>([\s\S]*?)<\/script>/.exec(page.html)![1]!;
    expect(PAGE_SCRIPT_SOURCE).toBe(`'sha256-${createHash('sha256').update(script).digest('base64')}'`);
    expect(page.status).toBe(200);
  });

  it('escapes the title and section, and keeps the body as built', () => {
    const page = layout({ lang: 'de', title: '<i>', section: '"&"', body: html`<p>${'<b>'}</p>` });
    expect(page.html).toContain('<title>&lt;i&gt; · presence</title>');
    expect(page.html).toContain('<span class="what">&quot;&amp;&quot;</span>');
    expect(page.html).toContain('<p>&lt;b&gt;</p>');
  });
});

describe('status pages', () => {
  it('answer every unusable link with the same bytes, carrying only a well-formed token', () => {
    const a = invalidLinkPage('not a token"><script>');
    const b = invalidLinkPage('');
    expect(a).toEqual(b);
    expect(a.status).toBe(410);
    expect(a.html).toContain('<input type="hidden" name="link" value="">');
    const token = 'A'.repeat(43);
    expect(invalidLinkPage(token).html).toContain(`<input type="hidden" name="link" value="${token}">`);
  });

  it('name the fields a refused form got wrong, escaped, on the 400 page only', () => {
    const page = errorPage(400, { issues: [{ path: 'askAgainOn', message: '"<b>" is not a date' }] });
    expect(page.html).toContain('<li><code>askAgainOn</code>: &quot;&lt;b&gt;&quot; is not a date</li>');
    expect(errorPage(409, { issues: [{ path: 'x', message: 'y' }] }).html).not.toContain('<li>');
    expect(errorPage(400).html).not.toContain('<ul');
  });

  it('fall back to the 500 words for a status without its own page', () => {
    expect(errorPage(418).status).toBe(418);
    expect(errorPage(418).html).toBe(errorPage(500).html);
  });
});
