// Bounces and complaints keep an address out of every later run. SES publishes them through the configuration
// set's EventBridge destination as events with source "aws.ses", detail-type "Email Bounced" /
// "Email Complaint Received", and the SES event record as `detail`:
//   detail.eventType: "Bounce" | "Complaint" | ...
//   detail.bounce: { bounceType: "Permanent" | "Transient" | "Undetermined", bounceSubType, bouncedRecipients: [{ emailAddress }] }
//   detail.complaint: { complainedRecipients: [{ emailAddress }], complaintFeedbackType? }
// The same record shape also arrives through SNS or Firehose, so a bare record (no envelope) is accepted too.
// Only permanent bounces suppress: a full mailbox or a greylisting server is no reason to drop a customer.
import { hashEmail } from '../ids';
import { normaliseEmail } from '../model';
import type { Clock, Ledger, Logger } from '../ports';

export interface SesEventResult {
  kind: 'bounce' | 'complaint' | 'ignored';
  /** Addresses suppressed by this event. */
  suppressed: number;
  /** Addresses that were suppressed before (the same event twice, or an earlier one). */
  already: number;
}

interface Recipient {
  emailAddress?: unknown;
}
interface SesRecord {
  eventType?: unknown;
  notificationType?: unknown;
  bounce?: { bounceType?: unknown; bounceSubType?: unknown; bouncedRecipients?: Recipient[] };
  complaint?: { complainedRecipients?: Recipient[]; complaintFeedbackType?: unknown };
}

function recordOf(event: unknown): SesRecord | undefined {
  if (!event || typeof event !== 'object') return undefined;
  const e = event as Record<string, unknown>;
  const inner = e.detail && typeof e.detail === 'object' ? (e.detail as SesRecord) : (e as SesRecord);
  return inner;
}

/** `"Name" <a@b>` or `a@b` -> `a@b` (feedback reports sometimes carry the display form). */
function addressOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /<([^<>\s]+@[^<>\s]+)>/.exec(value);
  const address = normaliseEmail(m ? m[1]! : value);
  return /^[^\s@]+@[^\s@]+$/.test(address) ? address : undefined;
}

export async function applySesEvent(deps: { ledger: Pick<Ledger, 'suppress'>; clock: Clock; logger: Logger }, event: unknown): Promise<SesEventResult> {
  const record = recordOf(event);
  const type = String(record?.eventType ?? record?.notificationType ?? '');
  let reason: 'bounce' | 'complaint';
  let recipients: Recipient[];
  let detail: string;
  if (type === 'Bounce' && record?.bounce) {
    if (record.bounce.bounceType !== 'Permanent') return { kind: 'ignored', suppressed: 0, already: 0 };
    reason = 'bounce';
    recipients = record.bounce.bouncedRecipients ?? [];
    detail = `Permanent/${String(record.bounce.bounceSubType ?? 'General')}`;
  } else if (type === 'Complaint' && record?.complaint) {
    reason = 'complaint';
    recipients = record.complaint.complainedRecipients ?? [];
    detail = `complaint/${String(record.complaint.complaintFeedbackType ?? 'unspecified')}`;
  } else {
    return { kind: 'ignored', suppressed: 0, already: 0 };
  }
  const at = deps.clock.now().toISOString();
  const result: SesEventResult = { kind: reason, suppressed: 0, already: 0 };
  const addresses = new Set(recipients.map((r) => addressOf(r.emailAddress)).filter((a): a is string => !!a));
  for (const address of addresses) {
    // suppress is a conditional create: the second delivery of the same event finds the record and changes nothing
    const fresh = await deps.ledger.suppress({ emailHash: hashEmail(address), reason, at, detail: detail.slice(0, 200) });
    if (fresh) result.suppressed++;
    else result.already++;
  }
  deps.logger.info('ses event applied', { kind: reason, suppressed: result.suppressed, already: result.already });
  return result;
}
