// An in-memory Mailer for unit tests: keeps what was sent and can be told to fail the next calls.
import { MailerError } from '../../core/errors';
import type { Mailer, OutgoingMail, SendQuota } from '../../core/ports';

export class MemoryMailer implements Mailer {
  readonly sent: Array<OutgoingMail & { messageId: string }> = [];
  /** Errors thrown by the next send calls, in order. */
  readonly failNext: MailerError[] = [];
  quotaValue: SendQuota = { maxSendRate: 14, max24HourSend: 50_000, sentLast24Hours: 0 };

  async send(mail: OutgoingMail) {
    const failure = this.failNext.shift();
    if (failure) throw failure;
    const messageId = `mem-${this.sent.length + 1}`;
    this.sent.push({ ...structuredClone(mail), messageId });
    return { messageId };
  }

  async quota() {
    return { ...this.quotaValue, sentLast24Hours: this.quotaValue.sentLast24Hours + this.sent.length };
  }
}

export function throttled(): MailerError {
  return new MailerError('Maximum sending rate exceeded.', 'throttled');
}
