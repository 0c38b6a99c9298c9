import { describe, expect, it } from 'vitest';
import { parseDraftEdit } from '../../../functions/core/approval/edit-input';
import { paragraphsOf, textToHtml } from '../../../functions/core/approval/text-to-html';
import { ValidationError } from '../../../functions/core/errors';

describe('parseDraftEdit', () => {
  it('folds the subject to one line and normalises the text', () => {
    expect(parseDraftEdit({ subject: ' A\r\nBcc: x@y.z\t ', text: '\r\n\r\nHallo  \r\nWelt\u0000\u0007\r\n\r\n' })).toEqual({ subject: 'A Bcc: x@y.z', text: 'Hallo\nWelt' });
  });

  it('names every problem', () => {
    try {
      parseDraftEdit({ subject: 'x'.repeat(201), text: ' \n ' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).issues.map((i) => i.path)).toEqual(['subject', 'text']);
    }
    expect(() => parseDraftEdit({ subject: 'ok', text: 'x'.repeat(20_001) })).toThrow(ValidationError);
    expect(() => parseDraftEdit({ subject: 5, text: ['a'] })).toThrow(ValidationError);
  });
});

describe('textToHtml', () => {
  it('escapes, makes paragraphs and line breaks, and never creates links', () => {
    const html = textToHtml({ subject: 'Hi <b>', text: 'Hallo "Anna" & Co,\n\n<a href="https://evil.example">klick</a>\nwww.example.com\n\n\n\nEnde', locale: 'de-AT' });
    expect(html).toContain('<html lang="de">');
    expect(html).toContain('<title>Hi &lt;b&gt;</title>');
    expect(html).toContain('>Hallo &quot;Anna&quot; &amp; Co,</p>');
    expect(html).toContain('>&lt;a href=&quot;https://evil.example&quot;&gt;klick&lt;/a&gt;<br>\nwww.example.com</p>');
    expect(html).toContain('>Ende</p>');
    expect(html).not.toMatch(/<a\s/);
    expect(paragraphsOf('a\n \nb\r\n\r\nc')).toEqual(['a', 'b', 'c']);
  });
});
