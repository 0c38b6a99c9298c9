// The SES mailer against the SES v2 emulator: what we send is what SES stores, headers included.
import { describe, expect, it } from 'vitest';
import { MailerError } from '../../../functions/core/errors';
import { createSesClient, SesMailer } from '../../../functions/adapters/ses/ses-mailer';
import { toMailerError } from '../../../functions/adapters/ses/ses-errors';
import { LOCAL_REGION, localCredentials } from '../../../functions/local/local-clients';
import type { OutgoingMail } from '../../../functions/core/ports';
import { mailsTo, sesEndpoint } from '../../support/local-aws';

const mailer = () => new SesMailer(createSesClient({ endpoint: sesEndpoint(), region: LOCAL_REGION, credentials: localCredentials }));
const unique = () => `ses-mailer-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@customer.example`;

function aMail(to: string, over: Partial<OutgoingMail> = {}): OutgoingMail {
  return {
    from: '=?UTF-8?B?SsO8cmdlbiBTY2huZWlkZXI=?= <updates@presence.example>',
    to: [to],
    replyTo: ['"Jürgen Schneider" <juergen@presence.example>'.replace('ü', 'ue')],
    subject: 'Kurzes Update – Lieferlage',
    text: 'Guten Tag,\nkurz zur Lage.',
    html: '<p>Guten Tag,</p>',
    headers: [
      { name: 'List-Unsubscribe', value: '<https://u.presence.example/u/u1~c-1~abc>' },
      { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
    ],
    configurationSet: 'presence',
    tags: { campaign: 'crisis-update', rep: 'rep-1' },
    ...over,
  };
}

describe('SesMailer against SES v2 local', () => {
  it('sends one mail with sender, reply-to, subject, bodies and the extra headers', async () => {
    const to = unique();
    const { messageId } = await mailer().send(aMail(to));
    const stored = await mailsTo(to);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      messageId,
      from: '=?UTF-8?B?SsO8cmdlbiBTY2huZWlkZXI=?= <updates@presence.example>',
      replyTo: ['"Juergen Schneider" <juergen@presence.example>'],
      subject: 'Kurzes Update – Lieferlage',
      body: { text: 'Guten Tag,\nkurz zur Lage.', html: '<p>Guten Tag,</p>' },
    });
    expect(stored[0]!.headers).toEqual([
      { name: 'List-Unsubscribe', value: '<https://u.presence.example/u/u1~c-1~abc>' },
      { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
    ]);
  });

  it('refuses line breaks and non-ASCII header values before anything is sent', async () => {
    const to = unique();
    const bad = [
      aMail(to, { subject: 'Hi\r\nBcc: all@evil.example' }),
      aMail(to, { from: 'a@b.example\nBcc: all@evil.example' }),
      aMail(to, { headers: [{ name: 'List-Unsubscribe', value: '<https://x.example/ü>' }] }),
      aMail(to, { headers: [{ name: 'Bad Name', value: 'x' }] }),
      aMail(to, { tags: { campaign: 'crisis@update' } }),
    ];
    for (const mail of bad) {
      const error = await mailer().send(mail).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MailerError);
      expect((error as MailerError).kind).toBe('rejected');
    }
    expect(await mailsTo(to)).toEqual([]);
  });

  it('maps the emulator’s refusal to a rejected mail', async () => {
    const error = await mailer().send(aMail(unique(), { from: '' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailerError);
    expect((error as MailerError).kind).toBe('rejected');
  });

  it('reads the quota, or falls back when the endpoint has no account configured', async () => {
    const fallback = { maxSendRate: 7, max24HourSend: 200, sentLast24Hours: 0 };
    const withFallback = new SesMailer(createSesClient({ endpoint: sesEndpoint(), region: LOCAL_REGION, credentials: localCredentials }), { fallbackQuota: fallback });
    const quota = await withFallback.quota();
    expect(quota.maxSendRate).toBeGreaterThan(0);
    if (!process.env.AWS_SES_ACCOUNT) expect(quota).toEqual(fallback);
  });

  it('does not retry on its own', async () => {
    const client = createSesClient({ endpoint: 'http://127.0.0.1:9', region: LOCAL_REGION, credentials: localCredentials });
    expect(await client.config.maxAttempts()).toBe(1);
    const error = await new SesMailer(client).send(aMail(unique())).catch((e: unknown) => e);
    expect((error as MailerError).kind).toBe('transient'); // connection refused: nothing left this machine
  });
});

describe('toMailerError', () => {
  const err = (name: string, message = '', status?: number, code?: string) =>
    Object.assign(new Error(message), { name, ...(code ? { code } : {}), $metadata: { httpStatusCode: status } });

  it.each([
    [err('TooManyRequestsException', 'Too many requests', 429), 'throttled'],
    [err('Throttling', 'Maximum sending rate exceeded.', 400), 'throttled'],
    [err('Throttling', 'Daily message quota exceeded.', 400), 'daily_quota'],
    [err('LimitExceededException', 'limit', 400), 'daily_quota'],
    [err('MessageRejected', 'Email address is not verified.', 400), 'rejected'],
    [err('MailFromDomainNotVerifiedException', '', 400), 'rejected'],
    [err('BadRequestException', '', 400), 'rejected'],
    [err('AccountSuspendedException', '', 400), 'blocked'],
    [err('SendingPausedException', '', 400), 'blocked'],
    [err('NotFoundException', 'configuration set does not exist', 404), 'blocked'],
    [err('InternalServiceErrorException', '', 500), 'unknown'],
    [err('ServiceUnavailable', '', 503), 'transient'],
    [err('Error', 'connect ECONNREFUSED', undefined, 'ECONNREFUSED'), 'transient'],
    [err('Error', 'socket hang up', undefined, 'ECONNRESET'), 'unknown'],
    [err('TimeoutError', 'timed out'), 'unknown'],
    [err('TimeoutError', '@smithy/node-http-handler - the request socket did not establish a connection with the server within the configured timeout of 3000 ms.'), 'transient'],
    [err('TimeoutError', 'a request has exceeded the configured 20000 ms requestTimeout.', undefined, 'ETIMEDOUT'), 'unknown'],
    [new TypeError('boom'), 'unknown'],
  ] as const)('%s -> %s', (error, kind) => {
    expect(toMailerError(error).kind).toBe(kind);
  });
});
