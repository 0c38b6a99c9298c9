// The Mailer port on Amazon SES v2 (locally the same API from the SES v2 emulator).
// Simple content keeps SES in charge of MIME: it encodes the subject and bodies (UTF-8) and adds our extra
// headers (List-Unsubscribe ...). Errors come back as MailerError kinds (see ses-errors.ts).
//
// The client must not retry on its own: the SDK's default strategy repeats timed-out and 5xx requests, and a
// repeated SendEmail can be a second mail. Build it with createSesClient; the sender retries only what provably
// did not go out.
import { GetAccountCommand, SendEmailCommand, SESv2Client, type SESv2ClientConfig } from '@aws-sdk/client-sesv2';
import { MailerError } from '../../core/errors';
import type { Mailer, OutgoingMail, SendQuota } from '../../core/ports';
import { toMailerError } from './ses-errors';

/**
 * The SES client for sending:
 *  - maxAttempts 1: no hidden retries (see above);
 *  - no keep-alive: a pooled connection that the server (or a Lambda freeze) has closed fails the next request
 *    with "socket hang up", which cannot be told apart from a request that was processed; with the SDK's retries
 *    off, every such race would flag a mail possibly_sent. A fresh connection per mail costs a handshake, at a
 *    rate of at most a few dozen mails per second;
 *  - a connection timeout (surely not sent: retried) and a request timeout (maybe sent: flagged), so that a hung
 *    request does not hold its claim until the Lambda dies.
 */
export function createSesClient(config: SESv2ClientConfig = {}): SESv2Client {
  return new SESv2Client({
    requestHandler: {
      connectionTimeout: 3_000,
      requestTimeout: 20_000,
      throwOnRequestTimeout: true,
      httpAgent: { keepAlive: false },
      httpsAgent: { keepAlive: false },
    },
    ...config,
    maxAttempts: 1,
  });
}

const PRINTABLE_ASCII = /^[\x20-\x7E]*$/;
const CRLF = /[\r\n]/;

export interface SesMailerOptions {
  /** Returned by quota() when the endpoint cannot tell (the emulator without an account configured). */
  fallbackQuota?: SendQuota;
}

export class SesMailer implements Mailer {
  constructor(
    private readonly client: SESv2Client,
    private readonly options: SesMailerOptions = {},
  ) {}

  async send(mail: OutgoingMail): Promise<{ messageId: string }> {
    // Last line of defence: a bad value is refused here, before anything leaves, so the outcome is certain.
    checkMail(mail);
    let out;
    try {
      out = await this.client.send(
        new SendEmailCommand({
          FromEmailAddress: mail.from,
          Destination: { ToAddresses: mail.to },
          ReplyToAddresses: mail.replyTo,
          ConfigurationSetName: mail.configurationSet,
          EmailTags: mail.tags ? Object.entries(mail.tags).map(([Name, Value]) => ({ Name, Value })) : undefined,
          Content: {
            Simple: {
              Subject: { Data: mail.subject, Charset: 'UTF-8' },
              Body: {
                ...(mail.text ? { Text: { Data: mail.text, Charset: 'UTF-8' } } : {}),
                ...(mail.html ? { Html: { Data: mail.html, Charset: 'UTF-8' } } : {}),
              },
              Headers: mail.headers?.map((h) => ({ Name: h.name, Value: h.value })),
            },
          },
        }),
      );
    } catch (error) {
      throw toMailerError(error);
    }
    if (!out.MessageId) throw new MailerError('SES accepted the mail without a message id', 'unknown');
    return { messageId: out.MessageId };
  }

  async quota(): Promise<SendQuota> {
    try {
      const out = await this.client.send(new GetAccountCommand({}));
      const q = out.SendQuota;
      if (!q || q.MaxSendRate === undefined) throw new MailerError('SES returned no send quota', 'transient');
      return { maxSendRate: q.MaxSendRate, max24HourSend: q.Max24HourSend ?? -1, sentLast24Hours: q.SentLast24Hours ?? 0 };
    } catch (error) {
      if (this.options.fallbackQuota) return { ...this.options.fallbackQuota };
      throw toMailerError(error);
    }
  }
}

function checkMail(mail: OutgoingMail): void {
  const refuse = (what: string) => {
    throw new MailerError(`refused before sending: ${what}`, 'rejected');
  };
  for (const [what, value] of [['from', mail.from], ['subject', mail.subject], ...mail.to.map((t) => ['to', t]), ...(mail.replyTo ?? []).map((r) => ['reply-to', r])] as Array<[string, string]>) {
    if (CRLF.test(value)) refuse(`${what} contains a line break`);
  }
  if (!mail.to.length) refuse('no recipient');
  if (!mail.text && !mail.html) refuse('no body');
  for (const h of mail.headers ?? []) {
    if (!/^[!-9;-~]{1,126}$/.test(h.name)) refuse(`header name ${JSON.stringify(h.name)}`);
    if (!PRINTABLE_ASCII.test(h.value) || h.name.length + h.value.length > 996) refuse(`header ${h.name} has characters SES does not accept`);
  }
  for (const [name, value] of Object.entries(mail.tags ?? {})) {
    if (!/^[A-Za-z0-9_-]{1,256}$/.test(name) || !/^[A-Za-z0-9_-]{1,256}$/.test(value)) refuse(`tag ${name}`);
  }
}
