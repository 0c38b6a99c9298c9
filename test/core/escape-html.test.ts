import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../functions/core/escape-html';

describe('escapeHtml', () => {
  it('escapes the characters that could end a text node or any kind of attribute value', () => {
    expect(escapeHtml(`<a href="x" title='y'>&\`</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&#96;&lt;/a&gt;');
  });

  it('escapes an ampersand once, so an entity in the data shows as written', () => {
    expect(escapeHtml('&amp; &lt;')).toBe('&amp;amp; &amp;lt;');
  });

  it('leaves everything else alone and writes numbers as they are', () => {
    expect(escapeHtml('Müller & Söhne, 5 % / 10 €')).toBe('Müller &amp; Söhne, 5 % / 10 €');
    expect(escapeHtml(118)).toBe('118');
    expect(escapeHtml('')).toBe('');
  });
});
