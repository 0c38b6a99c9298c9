import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseInboundMail } from '../../../functions/adapters/mail/parse-inbound-mail';
import { classifyMail, type MailClassification } from '../../../functions/core/inbound/classify-mail';
import type { InboundMail, ReadableInboundMail } from '../../../functions/core/inbound/inbound-mail';
import { nestedParts, rawMail, siblingParts } from '../../support/raw-mail';

const sample = (name: string) => readFileSync(new URL(`../../../samples/inbound/${name}`, import.meta.url));
const classifyRaw = async (raw: Buffer) => classifyMail(await parseInboundMail(raw));

interface Case {
  name: string;
  raw: () => Buffer;
  expected: Partial<MailClassification> & { kind: MailClassification['kind'] };
}

const headers = (h: Record<string, string | undefined>, body?: string) => () => rawMail(body === undefined ? { headers: h } : { headers: h, body });

const cases: Case[] = [
  // people
  { name: 'a plain reply', raw: headers({}), expected: { kind: 'human-reply' } },
  { name: 'Auto-Submitted: no is a person', raw: headers({ 'Auto-Submitted': 'no' }), expected: { kind: 'human-reply' } },
  { name: 'X-Autoreply: no is a person', raw: headers({ 'X-Autoreply': 'no' }), expected: { kind: 'human-reply' } },
  { name: 'Precedence: normal is a person', raw: headers({ Precedence: 'normal' }), expected: { kind: 'human-reply' } },
  { name: 'a reply about opening hours is not an absence notice', raw: headers({ Subject: 'AW: Out of office hours service' }), expected: { kind: 'human-reply' } },
  { name: 'a reply whose subject mentions absence later', raw: headers({ Subject: 'Re: Abwesenheitsnotiz vergessen?' }), expected: { kind: 'human-reply' } },
  { name: 'a subject starting with "Absence of"', raw: headers({ Subject: 'Absence of spare parts' }), expected: { kind: 'human-reply' } },
  { name: 'a reply with no Date', raw: headers({ Date: undefined }), expected: { kind: 'human-reply' } },
  // machines, by header
  { name: 'Auto-Submitted: auto-replied', raw: headers({ 'Auto-Submitted': 'auto-replied' }), expected: { kind: 'auto-reply', signal: 'auto-submitted' } },
  { name: 'Auto-Submitted: auto-generated', raw: headers({ 'Auto-Submitted': 'auto-generated' }), expected: { kind: 'auto-reply', signal: 'auto-submitted', away: false } },
  { name: 'Auto-Submitted with a parameter and odd case', raw: headers({ 'Auto-Submitted': 'Auto-Replied; owner-email="x@example.com"' }), expected: { kind: 'auto-reply', signal: 'auto-submitted' } },
  { name: 'Auto-Submitted: auto-notified (RFC 5436)', raw: headers({ 'Auto-Submitted': 'auto-notified' }), expected: { kind: 'auto-reply', signal: 'auto-submitted' } },
  { name: 'X-Autoreply: yes', raw: headers({ 'X-Autoreply': 'yes' }), expected: { kind: 'auto-reply', signal: 'x-autoreply', away: true } },
  { name: 'X-Autorespond', raw: headers({ 'X-Autorespond': 'Ja' }), expected: { kind: 'auto-reply', signal: 'x-autorespond', away: true } },
  { name: 'Precedence: auto_reply', raw: headers({ Precedence: 'auto_reply' }), expected: { kind: 'auto-reply', signal: 'precedence', away: true } },
  { name: 'Precedence: bulk is mass mail, not an absence', raw: headers({ Precedence: 'bulk' }), expected: { kind: 'auto-reply', signal: 'precedence', away: false } },
  { name: 'Precedence: junk', raw: headers({ Precedence: 'junk' }), expected: { kind: 'auto-reply', signal: 'precedence', away: false } },
  { name: 'Precedence: list', raw: headers({ Precedence: 'List' }), expected: { kind: 'auto-reply', signal: 'precedence', away: false } },
  { name: 'a no-reply sender', raw: headers({ From: 'Ticket <noreply@tickets.example>' }), expected: { kind: 'auto-reply', signal: 'no-reply-sender', away: false } },
  // machines, by subject, in five languages
  ...[
    'Abwesenheitsnotiz: Neuigkeiten',
    'Automatische Antwort: AW: Neuigkeiten',
    'Out of Office: Spare parts',
    'Automatic reply: Spare parts',
    '=?UTF-8?Q?R=C3=A9ponse_automatique_:_Nouvelles?=',
    'Afwezig: Nieuws',
    'Automatische antwoord: Nieuws',
    'Automatisch antwoord: Nieuws',
    `=?UTF-8?B?${Buffer.from('Odpowiedź automatyczna: Nowości').toString('base64')}?=`,
    '[EXTERN] Out of the Office',
    'Re: Neuigkeiten [Automatische Antwort]',
    'Nicht im Büro: Neuigkeiten',
  ].map(
    (subject): Case => ({
      name: `subject ${subject}`,
      raw: headers({ Subject: subject }),
      expected: { kind: 'auto-reply', signal: 'subject', away: true },
    }),
  ),
  // reports
  { name: 'multipart/report', raw: () => sample('report-delivery.eml'), expected: { kind: 'delivery-report', signal: 'multipart/report' } },
  {
    name: 'a read receipt (disposition-notification)',
    raw: headers(
      { 'Content-Type': 'multipart/report; report-type=disposition-notification; boundary="r"' },
      '--r\r\nContent-Type: text/plain\r\n\r\nGelesen.\r\n--r\r\nContent-Type: message/disposition-notification\r\n\r\nDisposition: manual-action/MDN-sent-manually; displayed\r\n--r--\r\n',
    ),
    expected: { kind: 'delivery-report', signal: 'multipart/report' },
  },
  { name: 'a mailer-daemon sender', raw: headers({ From: 'MAILER-DAEMON@mx.example' }), expected: { kind: 'delivery-report', signal: 'mailer-daemon' } },
  { name: 'a postmaster sender', raw: headers({ From: 'Postmaster <postmaster@mx.example>' }), expected: { kind: 'delivery-report', signal: 'mailer-daemon' } },
  { name: 'X-Failed-Recipients', raw: headers({ 'X-Failed-Recipients': 'old@example.com' }), expected: { kind: 'delivery-report', signal: 'x-failed-recipients' } },
  { name: 'an "Unzustellbar:" subject without a report part', raw: headers({ Subject: 'Unzustellbar: Neuigkeiten' }), expected: { kind: 'delivery-report', signal: 'subject' } },
  { name: 'a report is a report even with Auto-Submitted', raw: headers({ From: 'mailer-daemon@mx.example', 'Auto-Submitted': 'auto-replied' }), expected: { kind: 'delivery-report' } },
  // hostile and broken
  {
    name: 'CRLF injected through an encoded subject stays one line and still reads',
    raw: headers({ Subject: `=?UTF-8?B?${Buffer.from('Automatische Antwort\r\nBcc: victim@example.com').toString('base64')}?=` }),
    expected: { kind: 'auto-reply', signal: 'subject' },
  },
  {
    name: 'a folded From header with a fake Bcc in the name is still a person',
    raw: headers({ From: '"Evil\r\n Bcc: victim@example.com" <anna.mueller@mueller-praezision.example>' }),
    expected: { kind: 'human-reply' },
  },
  { name: 'a 20 MB body', raw: () => rawMail({ body: 'x'.repeat(20 * 1024 * 1024) }), expected: { kind: 'unreadable', reason: 'too-large' } },
  { name: '500 nested parts', raw: () => nestedParts(500), expected: { kind: 'unreadable', reason: 'too-complex' } },
  { name: '5 000 sibling parts (a MIME bomb)', raw: () => siblingParts(5_000), expected: { kind: 'unreadable', reason: 'too-complex' } },
  { name: 'a 300 kB header block', raw: headers({ 'X-Padding': 'a'.repeat(300 * 1024) }), expected: { kind: 'unreadable', reason: 'too-complex' } },
  { name: 'no From at all', raw: headers({ From: undefined }), expected: { kind: 'unreadable', reason: 'no-sender' } },
  { name: 'a From without an address', raw: headers({ From: 'Undisclosed' }), expected: { kind: 'unreadable', reason: 'no-sender' } },
  { name: 'a missing Message-ID does not change the kind', raw: headers({ 'Message-ID': undefined }), expected: { kind: 'human-reply' } },
  { name: 'an empty mail', raw: () => Buffer.alloc(0), expected: { kind: 'unreadable', reason: 'no-sender' } },
  { name: 'binary noise', raw: () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), expected: { kind: 'unreadable' } },
];

describe('classifyMail on table cases', () => {
  it('has at least 30 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases)('$name', async ({ raw, expected }) => {
    expect(await classifyRaw(raw())).toMatchObject(expected);
  });
});

describe('classifyMail on the sample mails', () => {
  it.each([
    ['reply-de-outlook.eml', { kind: 'human-reply' }],
    ['reply-en-gmail.eml', { kind: 'human-reply' }],
    ['reply-de-apple.eml', { kind: 'human-reply' }],
    // the forged own mail reads as a person's mail: whether its From is the rep is the receiving use case's check
    ['own-mail-forged.eml', { kind: 'human-reply' }],
    ['own-mail-rep.eml', { kind: 'human-reply' }],
    ['auto-de-exchange.eml', { kind: 'auto-reply', signal: 'auto-submitted', away: true, returnsOn: '2027-01-13' }],
    ['auto-de-abwesenheitsnotiz.eml', { kind: 'auto-reply', signal: 'subject', away: true, returnsOn: '2027-01-13' }],
    ['auto-en-gmail.eml', { kind: 'auto-reply', signal: 'auto-submitted', away: true, returnsOn: '2027-01-13' }],
    ['auto-en-back-on.eml', { kind: 'auto-reply', signal: 'x-autoreply', away: true, returnsOn: '2027-01-12' }],
    ['auto-fr.eml', { kind: 'auto-reply', signal: 'auto-submitted', away: true, returnsOn: '2027-01-11' }],
    ['auto-nl.eml', { kind: 'auto-reply', signal: 'x-autorespond', away: true, returnsOn: '2027-01-16' }],
    ['auto-pl.eml', { kind: 'auto-reply', signal: 'subject', away: true, returnsOn: '2027-01-13' }],
    ['report-delivery.eml', { kind: 'delivery-report', signal: 'multipart/report' }],
  ] as const)('%s', async (name, expected) => {
    const result = await classifyRaw(sample(name));
    expect(result).toEqual(expected);
  });
});

describe('classifyMail on the view model', () => {
  const base: ReadableInboundMail = {
    readable: true,
    messageId: '<a@example.com>',
    messageIdSource: 'header',
    size: 100,
    from: { address: 'anna.mueller@mueller-praezision.example', name: 'Anna Müller' },
    to: [],
    cc: [],
    replyTo: [],
    subject: 'Automatic reply',
    contentType: 'text/plain',
    automation: {},
    references: [],
    text: '',
    textTruncated: false,
    replyText: 'I am away until 12 January.',
    attachmentCount: 0,
  };

  it('answers an unreadable mail with its reason', () => {
    const mail: InboundMail = { readable: false, reason: 'timed-out', messageId: '<x@derived.invalid>', messageIdSource: 'derived', size: 5 };
    expect(classifyMail(mail)).toEqual({ kind: 'unreadable', reason: 'timed-out' });
  });

  it('reads a return date without a year against receivedAt when the mail has no date', () => {
    expect(classifyMail(base)).toEqual({ kind: 'auto-reply', signal: 'subject', away: true });
    expect(classifyMail(base, { receivedAt: '2026-12-30T10:00:00Z' })).toMatchObject({ returnsOn: '2027-01-13' });
  });

  it('passes monthFirst on to the return date (a US sender)', () => {
    const mail = { ...base, date: '2027-01-02T10:00:00Z', replyText: 'I will be back on 01/12/2027.' };
    expect(classifyMail(mail)).toMatchObject({ returnsOn: '2027-12-01' });
    expect(classifyMail(mail, { monthFirst: true })).toMatchObject({ returnsOn: '2027-01-12' });
  });

  it('calls an automatic mail with absence wording but no date or subject away', () => {
    const mail = { ...base, subject: 'Ihre Nachricht', automation: { autoSubmitted: 'auto-replied' }, replyText: 'Ich bin derzeit nicht im Büro.' };
    expect(classifyMail(mail)).toEqual({ kind: 'auto-reply', signal: 'auto-submitted', away: true });
    const receipt = { ...mail, replyText: 'Wir haben Ihre Anfrage erhalten. Ticket 4711.' };
    expect(classifyMail(receipt)).toEqual({ kind: 'auto-reply', signal: 'auto-submitted', away: false });
  });
});
