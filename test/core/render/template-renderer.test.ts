import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../functions/core/errors';
import { renderContextOf } from '../../../functions/core/render/render-context';
import { singleLine, stripControlCharacters, tidyText } from '../../../functions/core/render/sanitize';
import { compilingEngine } from '../../../functions/core/render/compiling-engine';
import { splitFrontMatter } from '../../../functions/core/render/front-matter';
import { TemplateRenderer, type PartialSource } from '../../../functions/core/render/template-renderer';
import { RUN_AT, contactOf, repOf } from '../campaign-fixtures';

const partials: PartialSource[] = [
  { name: 'greeting', mode: 'html', file: 'templates/partials/greeting.html.hbs', source: '<p>{{greeting}},</p>' },
  { name: 'greeting', mode: 'text', file: 'templates/partials/greeting.text.hbs', source: '{{greeting}},' },
];

const ctx = (over: Parameters<typeof contactOf>[0] = {}, reader: 'contact' | 'rep' = 'contact') =>
  renderContextOf({ contact: contactOf(over), rep: repOf(), campaign: { id: 'crisis-update', name: 'Crisis update' }, runAt: RUN_AT, reader });

function loadError(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error('expected a ValidationError');
}

describe('TemplateRenderer', () => {
  it('compiles each template version once (cache keyed by content hash)', () => {
    const r = new TemplateRenderer(partials, splitFrontMatter, compilingEngine());
    const before = r.compiledCount;
    const a = r.compile('templates/x/a.hbs', 'Hallo {{contact.firstName}}', 'text');
    const again = r.compile('templates/x/a.hbs', 'Hallo {{contact.firstName}}', 'text');
    expect(again).toBe(a);
    expect(r.compiledCount).toBe(before + 1);
    const changed = r.compile('templates/x/a.hbs', 'Hi {{contact.firstName}}', 'text');
    expect(changed).not.toBe(a);
    expect(changed.hash).not.toBe(a.hash);
    expect(r.compiledCount).toBe(before + 2);
    // the same source for HTML is another version: it escapes
    expect(r.compile('templates/x/a.html.hbs', 'Hallo {{contact.firstName}}', 'html')).not.toBe(a);
  });

  it('rejects unknown variables, helpers and partials when the template is loaded', () => {
    const r = new TemplateRenderer(partials, splitFrontMatter, compilingEngine());
    expect(loadError(() => r.compile('templates/x/t.hbs', 'Hallo\n{{contact.frstName}}', 'text')).message).toMatch(
      /^templates\/x\/t\.hbs: unknown variable "contact\.frstName" \(line 2\); contact has id, salutation/,
    );
    expect(loadError(() => r.compile('templates/x/t.hbs', '{{firstName}}', 'text')).message).toMatch(/unknown variable "firstName"/);
    expect(loadError(() => r.compile('templates/x/t.hbs', '{{contact.address.town}}', 'text')).message).toMatch(/address has street/);
    expect(loadError(() => r.compile('templates/x/t.hbs', '{{contact.constructor}}', 'text')).message).toMatch(/unknown variable/);
    expect(loadError(() => r.compile('templates/x/t.hbs', '{{shout contact.firstName}}', 'text')).message).toMatch(/shout/);
    expect(loadError(() => r.compile('templates/x/t.hbs', '{{> footer}}', 'text')).message).toBe(
      'templates/x/t.hbs: unknown partial "footer"; use greeting',
    );
    expect(loadError(() => r.compile('templates/x/t.hbs', '{{#if}}', 'text')).message).toMatch(/^templates\/x\/t\.hbs: Parse error/);
  });

  it('lets block scopes use relative paths', () => {
    const r = new TemplateRenderer(partials, splitFrontMatter, compilingEngine());
    const t = r.compile('templates/x/t.hbs', '{{#each contact.tags}}[{{this}}]{{/each}}{{#with contact.address}}{{city}}{{/with}}', 'text');
    expect(t.render(ctx({ tags: ['a', 'b'] }))).toBe('[a][b]München');
  });

  it('reads required fields from the front matter and validates them', () => {
    const r = new TemplateRenderer(partials, splitFrontMatter, compilingEngine());
    const t = r.compile('templates/x/t.hbs', '---\nrequired: [firstName, custom.region]\n---\nHallo {{contact.firstName}}', 'text');
    expect(t.required).toEqual(['firstName', 'custom.region']);
    expect(t.render(ctx())).toBe('Hallo Anna');
    expect(loadError(() => r.compile('templates/x/u.hbs', '---\nrequired: [nickname]\n---\nx', 'text')).message).toMatch(
      /^templates\/x\/u\.hbs: front matter: required\[0\]: unknown field "nickname"/,
    );
    expect(loadError(() => r.compile('templates/x/v.hbs', '---\nrequires: [firstName]\n---\nx', 'text')).message).toBe(
      'templates/x/v.hbs: front matter: requires: unknown field; use required or description',
    );
  });

  it('escapes in HTML and not in text, whichever renders first (partials are not shared between the two)', () => {
    const r = new TemplateRenderer(partials, splitFrontMatter, compilingEngine());
    const text = r.compile('templates/x/t.hbs', '{{> greeting}} {{contact.company}}', 'text');
    const html = r.compile('templates/x/t.html.hbs', '{{> greeting}} {{contact.company}}', 'html');
    const c = ctx({ formal: false, firstName: '<script>alert(1)</script>', company: `O'Brien & Co` });
    expect(text.render(c)).toBe(`Liebe <script>alert(1)</script>, O'Brien & Co`);
    expect(html.render(c)).toBe('<p>Liebe &lt;script&gt;alert(1)&lt;/script&gt;,</p> O&#x27;Brien &amp; Co');
    // and the other order, in a fresh renderer
    const r2 = new TemplateRenderer(partials, splitFrontMatter, compilingEngine());
    const html2 = r2.compile('templates/x/t.html.hbs', '{{> greeting}}', 'html');
    const text2 = r2.compile('templates/x/t.hbs', '{{> greeting}}', 'text');
    expect(html2.render(c)).toBe('<p>Liebe &lt;script&gt;alert(1)&lt;/script&gt;,</p>');
    expect(text2.render(c)).toBe('Liebe <script>alert(1)</script>,');
  });

  it('prints template syntax and prototype names in values literally, and keeps the prototype out of reach', () => {
    const r = new TemplateRenderer(partials, splitFrontMatter, compilingEngine());
    const t = r.compile('templates/x/t.hbs', '{{contact.firstName}}|{{contact.lastName}}|{{lookup contact.custom "__proto__"}}|{{lookup contact "constructor"}}', 'text');
    const c = ctx({ firstName: '{{constructor}}', lastName: '__proto__', custom: JSON.parse('{"__proto__": "{{rep.email}}"}') });
    // __proto__ and constructor are never resolved, whatever the data holds
    expect(t.render(c)).toBe('{{constructor}}|__proto__||');
    const scoped = r.compile('templates/x/s.hbs', '{{#with contact}}[{{constructor}}]{{/with}}', 'text');
    expect(scoped.render(c)).toBe('[]');
  });

  it('throws in strict mode for a custom field the contact lacks', () => {
    const r = new TemplateRenderer(partials, splitFrontMatter, compilingEngine());
    const t = r.compile('templates/x/t.hbs', 'Region {{contact.custom.region}}', 'text');
    expect(t.render(ctx({ custom: { region: 'Süd' } }))).toBe('Region Süd');
    expect(() => t.render(ctx())).toThrow(/"region" not defined/);
  });

  it('formats dates, numbers and day counts in the reader locale, counting from the run time', () => {
    const r = new TemplateRenderer(partials, splitFrontMatter, compilingEngine());
    const t = r.compile(
      'templates/x/t.hbs',
      '{{formatDate runAt}}|{{formatDate contact.lastTouchAt style="short"}}|{{formatNumber 1234.5 maximumFractionDigits=1}}|{{formatNumber "0.25" style="percent"}}|{{daysSince contact.lastTouchAt}}|{{timeAgo contact.lastTouchAt}}',
      'text',
    );
    expect(t.render(ctx())).toBe('30. November 2026|28.08.26|1.234,5|25\u00a0%|93|vor 93 Tagen');
    expect(t.render(ctx({ locale: 'en-GB' }))).toBe('30 November 2026|28/08/2026|1,234.5|25%|93|93 days ago');
    expect(t.render(ctx({ locale: 'en-US' }))).toBe('November 30, 2026|8/28/26|1,234.5|25%|93|93 days ago');
    // never touched: empty, not "NaN" or "Invalid Date"
    const never = ctx({ lastTouchAt: undefined });
    expect(t.render(never)).toBe('30. November 2026||1.234,5|25\u00a0%||');
    const yesterday = ctx({ lastTouchAt: '2026-11-29T06:00:00.000Z' });
    expect(t.render(yesterday).split('|').slice(4)).toEqual(['1', 'gestern']);
    const bad = r.compile('templates/x/n.hbs', '[{{formatNumber contact.company}}][{{formatDate contact.company}}]', 'text');
    expect(bad.render(ctx())).toBe('[][]');
  });

  it('keeps line breaks of multi-line values, escaping each line in HTML', () => {
    const r = new TemplateRenderer(partials, splitFrontMatter, compilingEngine());
    const html = r.compile('templates/x/b.html.hbs', '{{breaks rep.signature}}', 'html');
    const text = r.compile('templates/x/b.hbs', '{{breaks rep.signature}}', 'text');
    const c = renderContextOf({
      contact: contactOf(),
      rep: repOf({ signature: 'Vertrieb <Süd>\r\nTel. 1 & 2' }),
      campaign: { id: 'x', name: 'x' },
      runAt: RUN_AT,
      reader: 'contact',
    });
    expect(html.render(c)).toBe('Vertrieb &lt;Süd&gt;<br>\nTel. 1 &amp; 2');
    expect(text.render(c)).toBe('Vertrieb <Süd>\r\nTel. 1 & 2');
  });
});

describe('sanitize', () => {
  it('removes control characters but keeps newlines and tabs in text', () => {
    expect(stripControlCharacters('a\u0000b\u0007c\td\r\ne\rf\u001bg\u007fh\u0085i')).toBe('abc\td\ne\nfghi');
    expect(tidyText('  a  \n\n\n\nb\t \n')).toBe('a\n\nb');
  });
  it('makes header values single-line', () => {
    expect(singleLine('Hallo\r\nBcc: evil@example.com\u2028x\ty')).toBe('Hallo Bcc: evil@example.com x y');
    expect(singleLine(' a \n\n b ')).toBe('a b');
  });
});
