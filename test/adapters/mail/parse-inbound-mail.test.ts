import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { derivedMessageId, parseInboundMail } from '../../../functions/adapters/mail/parse-inbound-mail';
import {
  MAX_INBOUND_MAIL_BYTES,
  MAX_INBOUND_TEXT_CHARS,
  type InboundMail,
  type ReadableInboundMail,
} from '../../../functions/core/inbound/inbound-mail';
import { nestedParts, rawMail, siblingParts } from '../../support/raw-mail';

const samplesDir = new URL('../../../samples/inbound/', import.meta.url);
const sample = (name: string) => readFileSync(new URL(name, samplesDir));

async function readable(raw: Buffer): Promise<ReadableInboundMail> {
  const mail = await parseInboundMail(raw);
  if (!mail.readable) throw new Error(`expected a readable mail, got ${mail.reason}`);
  return mail;
}

describe('parseInboundMail on the sample mails', () => {
  it('reads every sample, each with its own Message-ID from the header', async () => {
    const names = readdirSync(samplesDir).filter((n) => n.endsWith('.eml'));
    expect(names.length).toBeGreaterThanOrEqual(12);
    const ids = new Set<string>();
    for (const name of names) {
      const mail = await readable(sample(name));
      expect(mail.messageIdSource, name).toBe('header');
      expect(mail.from?.address, name).toMatch(/@/);
      ids.add(mail.messageId);
    }
    expect(ids.size).toBe(names.length);
  });

  it('German Outlook: the plain part, quoted-printable decoded, the history under "Von:/Gesendet:" stripped', async () => {
    const mail = await readable(sample('reply-de-outlook.eml'));
    expect(mail).toMatchObject({
      messageId: '<AM0PR10MB1234A5B6C7D8E9F0@AM0PR10MB1234.eurprd10.prod.mail.example>',
      from: { address: 'anna.mueller@mueller-praezision.example', name: 'Anna Müller' },
      to: [{ address: 'r-dr0001-7c2e9a@in.presence.example', name: 'Petra Schneider' }],
      subject: 'AW: Neuigkeiten zur Lieferlage',
      date: '2027-01-12T09:04:31.000Z',
      contentType: 'multipart/alternative',
      inReplyTo: '<dr0001.20270111T081200Z@presence.example>',
      references: ['<dr0001.20270111T081200Z@presence.example>'],
      automation: {},
      attachmentCount: 0,
    });
    expect(mail.replyText).toBe(
      'Guten Tag Frau Schneider,\n\nvielen Dank für die Info. Wir brauchen die Teile ab KW 4.\nKönnen Sie mich am Donnerstag anrufen?\n\nMit freundlichen Grüßen\nAnna Müller',
    );
    // the text keeps the history; CRLF became LF
    expect(mail.text).toContain('Gesendet: Montag, 11. Januar 2027 09:12');
    expect(mail.text).not.toContain('\r');
  });

  it('English Gmail: In-Reply-To and both References, the wrapped "On ... wrote:" line and > quotes stripped', async () => {
    const mail = await readable(sample('reply-en-gmail.eml'));
    expect(mail.inReplyTo).toBe('<dr0042.20270111T091200Z@presence.example>');
    expect(mail.references).toEqual(['<dr0042.20270104T081200Z@presence.example>', '<dr0042.20270111T091200Z@presence.example>']);
    expect(mail.replyText).toBe('Hi Emily,\n\nThanks, that\'s good news. Could you send the updated price list as well?\n\nBest,\nCharlotte');
  });

  it('Apple Mail: "Am ... schrieb ...:" and the quote below it stripped', async () => {
    const mail = await readable(sample('reply-de-apple.eml'));
    expect(mail.replyText).toBe('Grüezi Frau Schneider\n\nDanke, das passt. Wir bestellen nächste Woche.\n\nFreundliche Grüsse\nReto Brunner');
    expect(mail.date).toBe('2027-01-12T10:20:45.000Z');
  });

  it('auto-replies: encoded subjects and names decoded, the automation headers kept', async () => {
    expect((await readable(sample('auto-fr.eml'))).subject).toBe('Réponse automatique : Spare parts lead times');
    const pl = await readable(sample('auto-pl.eml'));
    expect(pl.subject).toBe('Odpowiedź automatyczna: Spare parts lead times');
    expect(pl.from).toEqual({ address: 'lukasz.wasik@wasik-logistics.example', name: 'Łukasz Wąsik' });
    expect(pl.replyText).toContain('jestem nieobecny do 12.01.2027.');
    expect((await readable(sample('auto-de-exchange.eml'))).automation).toEqual({ autoSubmitted: 'auto-generated' });
    expect((await readable(sample('auto-en-back-on.eml'))).automation).toEqual({ xAutoreply: 'yes', precedence: 'auto_reply' });
    expect((await readable(sample('auto-nl.eml'))).automation).toEqual({ xAutorespond: 'yes' });
    expect((await readable(sample('auto-de-abwesenheitsnotiz.eml'))).text).toContain('ab dem 13. Januar wieder im Haus');
  });

  it('the delivery report: multipart/report with its report-type, the daemon address lower-cased', async () => {
    const mail = await readable(sample('report-delivery.eml'));
    expect(mail).toMatchObject({
      contentType: 'multipart/report',
      reportType: 'delivery-status',
      from: { address: 'mailer-daemon@mx.mueller-praezision.example' },
    });
  });

  it('own mails: the forged one carries the rep\'s name on another address; the real one lists To and Cc', async () => {
    const forged = await readable(sample('own-mail-forged.eml'));
    expect(forged.from).toEqual({ address: 'petra.schneider@presence-mail.example', name: 'Petra Schneider' });
    expect(forged.to.map((a) => a.address)).toEqual(['anna.mueller@mueller-praezision.example']);
    const own = await readable(sample('own-mail-rep.eml'));
    expect(own.from?.address).toBe('petra.schneider@presence.example');
    expect([...own.to, ...own.cc].map((a) => a.address)).toEqual(['anna.mueller@mueller-praezision.example', 'k.weissenberger@weissenberger.example']);
  });
});

describe('parseInboundMail: what is never kept', () => {
  it('an HTML-only mail becomes text: no tags, no script, no HTML field', async () => {
    const raw = rawMail({
      headers: { 'Content-Type': 'text/html; charset="utf-8"' },
      body: '<html><body><p>Gerne, <b>rufen</b> Sie an.</p><script>alert("x")</script><img src="https://tracker.example/p.gif"></body></html>',
    });
    const mail = await readable(raw);
    expect(mail.text).toBe('Gerne, rufen Sie an.');
    expect(JSON.stringify(mail)).not.toMatch(/<b>|<p>|<script|alert|tracker\.example/);
    expect(Object.keys(mail)).not.toContain('html');
  });

  it('attachments are counted, their content is not kept', async () => {
    const secret = 'ATTACHMENT-CONTENT-MARKER';
    const raw = rawMail({
      headers: { 'Content-Type': 'multipart/mixed; boundary="m"' },
      body:
        '--m\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nAnbei die Zeichnung.\r\n' +
        `--m\r\nContent-Type: application/pdf; name="z.pdf"\r\nContent-Disposition: attachment; filename="z.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from(secret.repeat(1000)).toString('base64')}\r\n` +
        `--m\r\nContent-Type: text/plain; name="notes.txt"\r\nContent-Disposition: attachment; filename="notes.txt"\r\n\r\n${secret}\r\n--m--\r\n`,
    });
    const mail = await readable(raw);
    expect(mail.attachmentCount).toBe(2);
    expect(mail.text).toBe('Anbei die Zeichnung.');
    expect(JSON.stringify(mail)).not.toContain(secret);
  });
});

describe('parseInboundMail on hostile input', () => {
  it('rejects a mail over 10 MB without parsing it, with a stable id from its bytes', async () => {
    const raw = rawMail({ body: 'x'.repeat(MAX_INBOUND_MAIL_BYTES) });
    expect(raw.length).toBeGreaterThan(MAX_INBOUND_MAIL_BYTES);
    const mail = await parseInboundMail(raw);
    expect(mail).toEqual({ readable: false, reason: 'too-large', messageId: derivedMessageId(raw), messageIdSource: 'derived', size: raw.length });
  });

  it('reads a mail just under the limit, and keeps only the first MAX_INBOUND_TEXT_CHARS of its text', async () => {
    const head = rawMail({ body: '' }).length;
    const raw = rawMail({ body: 'Danke.\r\n'.repeat(Math.floor((MAX_INBOUND_MAIL_BYTES - head) / 8)) });
    expect(raw.length).toBeLessThanOrEqual(MAX_INBOUND_MAIL_BYTES);
    const mail = await readable(raw);
    expect(mail.text.length).toBeLessThanOrEqual(MAX_INBOUND_TEXT_CHARS);
    expect(mail.textTruncated).toBe(true);
    expect(mail.replyText.startsWith('Danke.\nDanke.')).toBe(true);
  });

  it('500 nested parts and 5 000 sibling parts are too complex, not a crash', async () => {
    expect(await parseInboundMail(nestedParts(500))).toMatchObject({ readable: false, reason: 'too-complex', messageIdSource: 'derived' });
    expect(await parseInboundMail(siblingParts(5_000))).toMatchObject({ readable: false, reason: 'too-complex' });
    // below the limit the same shapes read normally
    expect((await readable(nestedParts(50))).text).toBe('hello');
  });

  it('HTML nested deeper than the converter handles gives an empty text, not a crash', async () => {
    const raw = rawMail({ headers: { 'Content-Type': 'text/html' }, body: `${'<div>'.repeat(100_000)}tief` });
    const mail = await readable(raw);
    expect(mail.text).toBe('');
    expect(mail.from?.address).toBe('anna.mueller@mueller-praezision.example');
  });

  it('a parse that outlasts its deadline ends as timed-out', async () => {
    const raw = rawMail({ body: 'Zeile mit Text.\r\n'.repeat(200_000) }); // ~3.4 MB: dozens of slices
    expect(await parseInboundMail(raw, { deadlineMs: 0 })).toMatchObject({ readable: false, reason: 'timed-out' });
    expect((await parseInboundMail(raw)).readable).toBe(true);
  });

  it('removes CR, LF and control characters from header values', async () => {
    const injected = Buffer.from('Hallo\r\nBcc: victim@example.com\u0007\u202Egnp.exe').toString('base64');
    const raw = rawMail({
      headers: {
        Subject: `=?UTF-8?B?${injected}?=`,
        From: `=?UTF-8?B?${Buffer.from('Anna\r\nBcc: x@example.com\u0000').toString('base64')}?= <anna.mueller@mueller-praezision.example>`,
        'Auto-Submitted': 'auto-replied\u0007\u001b[31m\tX',
      },
    });
    const mail = await readable(raw);
    expect(mail.subject).toBe('Hallo Bcc: victim@example.comgnp.exe');
    expect(mail.from).toEqual({ address: 'anna.mueller@mueller-praezision.example', name: 'Anna Bcc: x@example.com' });
    expect(mail.automation.autoSubmitted).toBe('auto-replied[31m X');
    for (const value of [mail.subject, mail.from?.name ?? '', mail.automation.autoSubmitted ?? '']) {
      expect(value).not.toMatch(/[\r\n\u0000-\u001F\u007F\u202E]/);
    }
  });

  it('derives a stable Message-ID from the bytes when the header is missing or not a Message-ID', async () => {
    const without = rawMail({ headers: { 'Message-ID': undefined } });
    const first = await readable(without);
    const again = await readable(Buffer.from(without));
    expect(first.messageIdSource).toBe('derived');
    expect(first.messageId).toMatch(/^<[0-9a-f]{64}@derived\.invalid>$/);
    expect(again.messageId).toBe(first.messageId);
    const other = await readable(rawMail({ headers: { 'Message-ID': undefined }, body: 'Andere Antwort.\r\n' }));
    expect(other.messageId).not.toBe(first.messageId);
    for (const bad of ['<a b@example.com>', '<>', '<nolocal>', `<${'a'.repeat(2000)}@example.com>`]) {
      const mail = await readable(rawMail({ headers: { 'Message-ID': bad } }));
      expect(mail.messageIdSource, bad).toBe('derived');
    }
  });

  it('an unreadable Date header is left out, not replaced by the time of parsing', async () => {
    const mail = await readable(rawMail({ headers: { Date: 'gestern Abend' } }));
    expect(mail.date).toBeUndefined();
    expect((await readable(rawMail())).date).toBe('2027-01-12T09:04:31.000Z');
  });

  it('keeps only addresses from address headers, lower-cased, groups flattened', async () => {
    const mail = await readable(
      rawMail({ headers: { To: 'Team: Petra <Petra.Schneider@Presence.Example>, jonas.weber@presence.example;, undisclosed-recipients:;', Cc: 'kein Mailformat' } }),
    );
    expect(mail.to.map((a) => a.address)).toEqual(['petra.schneider@presence.example', 'jonas.weber@presence.example']);
    expect(mail.cc).toEqual([]);
  });

  it('never throws, whatever the bytes', async () => {
    const inputs: Buffer[] = [
      Buffer.alloc(0),
      Buffer.from('\r\n\r\n'),
      Buffer.from('From: a@b\r\nContent-Type: multipart/mixed; boundary=""\r\n\r\n--\r\n--\r\n'),
      Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 31 + 7) % 256)),
      rawMail({ headers: { 'Content-Transfer-Encoding': 'base64' }, body: '!!!not base64!!!' }),
      rawMail({ headers: { 'Content-Type': 'text/plain; charset="x-unknown-charset"' } }),
    ];
    for (const input of inputs) {
      const mail: InboundMail = await parseInboundMail(input);
      expect(mail.messageId).toMatch(/^<.+@.+>$/);
    }
  });
});
