import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../functions/core/config';
import { ValidationError } from '../../../functions/core/errors';
import { composeMail, UNSUBSCRIBE_MARKER } from '../../../functions/core/sending/compose-mail';
import { encodeDisplayName, formatMailbox } from '../../../functions/core/sending/mail-headers';
import { aContact, aDraft, aRep } from '../../support/factories';

/** Decodes RFC 2047 B-encoded words the way a mail client does (whitespace between words dropped). */
function decodeWords(value: string): string {
  const words = value.split(' ');
  return words
    .map((w) => {
      const m = /^=\?UTF-8\?B\?([A-Za-z0-9+/=]+)\?=$/.exec(w);
      if (!m) throw new Error(`not an encoded word: ${w}`);
      return Buffer.from(m[1]!, 'base64');
    })
    .reduce((all, b) => Buffer.concat([all, b]), Buffer.alloc(0))
    .toString('utf8');
}

describe('display names and mailboxes', () => {
  it('quotes ASCII names and escapes quotes and backslashes', () => {
    expect(encodeDisplayName('Petra Schneider')).toBe('"Petra Schneider"');
    expect(encodeDisplayName('Tom "Tommy" O\\Brien, Sales')).toBe('"Tom \\"Tommy\\" O\\\\Brien, Sales"');
    expect(formatMailbox('', 'a@b.example')).toBe('a@b.example');
  });

  it('encodes non-ASCII names as RFC 2047 words no longer than 75 characters, never splitting a character', () => {
    const name = 'Łukasz Wąsik-Çelik Müller-Lüdenscheidt Ørsted 😀 Straßenbahn';
    const encoded = encodeDisplayName(name);
    expect(encoded).toMatch(/^=\?UTF-8\?B\?/);
    for (const word of encoded.split(' ')) expect(word.length).toBeLessThanOrEqual(75);
    expect(encoded.split(' ').length).toBeGreaterThan(1);
    expect(decodeWords(encoded)).toBe(name);
    expect(formatMailbox('Jürgen', 'j@x.example')).toBe(`=?UTF-8?B?${Buffer.from('Jürgen').toString('base64')}?= <j@x.example>`);
  });

  it('refuses CR, LF and other control characters anywhere in a header', () => {
    for (const bad of ['Petra\r\nBcc: x@evil.example', 'Petra\nX', 'Petra\rX', 'Pe\u0000tra', 'Petra\n']) {
      expect(() => formatMailbox(bad, 'a@b.example')).toThrow(ValidationError);
    }
    expect(() => formatMailbox('Petra', 'a@b.example\r\nBcc: x@evil.example')).toThrow(ValidationError);
    expect(() => formatMailbox('Petra', 'a@b.example> <x@evil.example')).toThrow(ValidationError);
  });
});

describe('composeMail', () => {
  const config = { ...defaultConfig, senderAddress: 'updates@presence.example', configurationSet: 'presence-set' };
  const url = 'https://u.presence.example/u/u1~c-1~abc';

  it('writes the mail as the rep with both unsubscribe headers, the configuration set and tags', () => {
    const mail = composeMail({
      draft: aDraft({ campaignId: 'crisis-update', content: { subject: 'Kurzes Update', html: '<p>Hallo</p>', text: 'Hallo' } }),
      contact: aContact(),
      rep: aRep({ name: 'Petra Schneider', email: 'petra@example.com' }),
      config,
      unsubscribeUrl: url,
    });
    expect(mail.from).toBe('"Petra Schneider" <updates@presence.example>');
    expect(mail.replyTo).toEqual(['"Petra Schneider" <petra@example.com>']);
    expect(mail.to).toEqual(['anna.mueller@example.com']);
    expect(mail.headers).toEqual([
      { name: 'List-Unsubscribe', value: `<${url}>` },
      { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
    ]);
    expect(mail.configurationSet).toBe('presence-set');
    expect(mail.tags).toEqual({ campaign: 'crisis-update', rep: 'rep-1', channel: 'email' });
    for (const h of mail.headers!) expect(h.value).not.toMatch(/[\r\n]/);
  });

  it('fills the unsubscribe marker, escaped in HTML', () => {
    const mail = composeMail({
      draft: aDraft({ content: { subject: 'S', html: `<a href="${UNSUBSCRIBE_MARKER}">abmelden</a>`, text: `Abmelden: ${UNSUBSCRIBE_MARKER}` } }),
      contact: aContact(),
      rep: aRep(),
      config,
      unsubscribeUrl: 'https://u.example/u/a~b&c',
    });
    expect(mail.html).toBe('<a href="https://u.example/u/a~b&amp;c">abmelden</a>');
    expect(mail.text).toBe('Abmelden: https://u.example/u/a~b&c');
  });

  it('refuses a subject with a line break, an empty draft and an odd unsubscribe URL', () => {
    const base = { contact: aContact(), rep: aRep(), config, unsubscribeUrl: url };
    expect(() => composeMail({ ...base, draft: aDraft({ content: { subject: 'A\nB', html: '', text: 'x' } }) })).toThrow(/subject/);
    expect(() => composeMail({ ...base, draft: aDraft({ content: { subject: 'A', html: ' ', text: '' } }) })).toThrow(/no text/);
    expect(() => composeMail({ ...base, draft: aDraft(), unsubscribeUrl: 'https://x.example/u/a>\r\nBcc: y' })).toThrow(ValidationError);
  });

  it('refuses a rep whose name would inject a header', () => {
    expect(() =>
      composeMail({ draft: aDraft(), contact: aContact(), rep: { ...aRep(), name: 'Petra\r\nBcc: all@evil.example' }, config, unsubscribeUrl: url }),
    ).toThrow(ValidationError);
  });
});
