// What the local SMTP receiver does with each mail, as receive-mail does in AWS: parse it (the same limits), then
// the same use case. Locally there is no SPF or DKIM: a mail handed over on the machine's loopback counts as
// authenticated (`presence mail receive --verdict fail` tries the other case).
import { parseInboundMail } from '../adapters/mail/parse-inbound-mail';
import { receiveMail, type ReceiveOutcome } from '../core/inbound/receive-mail';
import type { Runtime } from './runtime';

export async function receiveLocalMail(runtime: Runtime, raw: Buffer, recipients: readonly string[]): Promise<string> {
  const mail = await parseInboundMail(raw);
  const outcome = await receiveMail(runtime, { mail, recipients, verdicts: { spf: 'PASS', dkim: 'PASS' } });
  return describeOutcome(outcome);
}

/** One line for a person: what presence did with the mail, in the outcome's own words. */
export function describeOutcome(o: ReceiveOutcome): string {
  const what = o.kind ? `${o.kind}: ` : '';
  switch (o.result) {
    case 'recorded':
      return `${what}recorded ${o.touches} touch${o.touches === 1 ? '' : 'es'}${o.withdrawn ? `, withdrew ${o.withdrawn} open draft(s)` : ''}${o.forwarded ? ', forwarded to the rep' : ''}`;
    case 'snoozed':
      return `${what}the contact is away: snoozed (${o.reason})${o.withdrawn ? `, withdrew ${o.withdrawn} open draft(s)` : ''}`;
    case 'duplicate':
      return `${what}received before: nothing changed${o.forwarded ? ' (forwarded to the rep now, which the first delivery had not done)' : ''}`;
    case 'ignored':
      return `${what}nothing to do (${o.reason})`;
    case 'dropped':
      return `dropped: ${o.reason}${DROP_HINTS[o.reason ?? ''] ?? ''}`;
  }
}

const DROP_HINTS: Record<string, string> = {
  'unknown-address': ' (no recipient is a presence reply or logging address; give one with --to, --reply-to or --bcc)',
  'no-date': ' (its Date header is missing or in the future, so the time of the touch is not known)',
  'not-from-rep': ' (own mail counts only when it comes from the rep’s own address)',
  unauthenticated: ' (neither SPF nor DKIM passed)',
};
