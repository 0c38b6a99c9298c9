// receiveMail: one inbound mail, already parsed (adapters/mail/parse-inbound-mail.ts), reaches the ledger. What it
// belongs to is read from the address it was delivered to (inbound-addresses.ts), never from its headers:
//   r-...@   a reply to one sent update. A person's reply is recorded as a touch, the contact's drafts that are not
//            yet being sent are withdrawn (reason `replied`: the rep answers the person, not a template), the reply
//            is forwarded to the rep and shown in the rep's next digest. An absence notice snoozes the contact until
//            one business day after the return date (or for config.awayDefaultDays), withdraws its unsent drafts
//            (reason `away`) and is shown in the digest. Other automatic mail and delivery reports change nothing.
//   log-...@ the rep's own mail, BCC'd to the rep's logging address: a touch for each of the rep's contacts among
//            its To and Cc, accepted only when it is from the rep's own address and SES saw SPF or DKIM pass.
// Anything else (another address, a tampered one, an unknown contact) is dropped and counted; the caller logs the
// outcome's words, never an address, a name or a body.
//
// Idempotent: SES and S3 deliver at least once. A reply's inbox entry (keyed by the Message-ID's hash) is written
// first and holds the time the touch is recorded at; a second delivery finds it, redoes the steps that are
// idempotent anyway (touch by id, withdrawals, snooze) and forwards only when the first delivery did not get that
// far. Own-mail touches are keyed by the Message-ID's hash and recorded at the mail's Date.
import type { PresenceConfig } from '../config';
import { DraftConflict, NotFound, VersionConflict } from '../errors';
import { sha256Hex } from '../ids';
import { senderOf, WITHDRAWABLE_STATUSES, type Contact, type Draft } from '../model';
import type { Clock, InboxEntry, Ledger, Logger, Mailer, Secrets } from '../ports';
import { localMoment } from '../local-day';
import { snoozeContact } from '../contacts/snooze-contact';
import { classifyMail } from './classify-mail';
import { forwardedReply } from './forward-reply';
import { parseInboundAddress, replyAddressMatches, type InboundAddress } from './inbound-addresses';
import type { InboundMail, ReadableInboundMail } from './inbound-mail';

export interface ReceiveMailDeps {
  ledger: Pick<
    Ledger,
    | 'getContact'
    | 'putContact'
    | 'getRep'
    | 'listDraftsOfContact'
    | 'updateDraft'
    | 'recordTouch'
    | 'findContactsByEmail'
    | 'addInboxEntry'
    | 'getInboxEntry'
    | 'markInboxForwarded'
  >;
  mailer: Mailer;
  secrets: Secrets;
  clock: Clock;
  logger: Logger;
  config: Pick<PresenceConfig, 'receivingDomain' | 'senderAddress' | 'configurationSet' | 'awayDefaultDays'>;
}

/** SES's verdicts (`PASS`, `FAIL`, `GRAY`, `PROCESSING_FAILED`); locally the receiver's. */
export interface MailVerdicts {
  spf?: string;
  dkim?: string;
}

export interface ReceiveMailInput {
  mail: InboundMail;
  /** The envelope recipients (SES receipt recipients, SMTP RCPT TO). */
  recipients: readonly string[];
  verdicts?: MailVerdicts;
}

export type ReceiveResult = 'recorded' | 'snoozed' | 'ignored' | 'duplicate' | 'dropped';

export interface ReceiveOutcome {
  result: ReceiveResult;
  /** human-reply, auto-reply, delivery-report, unreadable, own-mail; absent when dropped before reading. */
  kind?: string;
  /** Why, in a word safe to log and count. */
  reason?: string;
  /** Touches recorded (own mail: one per matched contact). */
  touches: number;
  /** Drafts withdrawn because of this mail. */
  withdrawn: number;
  /** The reply was forwarded to the rep by this delivery. */
  forwarded: boolean;
}

/** A reply's first lines in the digest: enough to know what it is about. */
export const EXCERPT_CHARS = 300;
/** Own mail to more of the rep's customers than this is a mailing, not a conversation: the rest is not recorded. */
export const MAX_OWN_MAIL_CONTACTS = 20;
/** A Date header further in the future than this is not believed. */
const CLOCK_SKEW_MS = 10 * 60_000;

const outcome = (result: ReceiveResult, more: Partial<ReceiveOutcome> = {}): ReceiveOutcome => ({ result, touches: 0, withdrawn: 0, forwarded: false, ...more });

export async function receiveMail(deps: ReceiveMailDeps, input: ReceiveMailInput): Promise<ReceiveOutcome> {
  const domain = deps.config.receivingDomain;
  if (!domain) return outcome('dropped', { reason: 'no-receiving-domain' });
  const key = await deps.secrets.signingKey();
  const address = input.recipients.map((r) => parseInboundAddress(key, domain, r.trim())).find((a): a is InboundAddress => a !== undefined);
  if (!address) return outcome('dropped', { reason: 'unknown-address' });
  return address.kind === 'log' ? receiveOwnMail(deps, input, address.repId) : receiveReply(deps, input, address, key);
}

// Replies -------------------------------------------------------------------------------------------------------

async function receiveReply(deps: ReceiveMailDeps, input: ReceiveMailInput, address: Extract<InboundAddress, { kind: 'reply' }>, key: Buffer): Promise<ReceiveOutcome> {
  const { ledger, logger } = deps;
  const contact = await ledger.getContact(address.contactId);
  if (!contact) return outcome('dropped', { reason: 'unknown-contact' });
  const drafts = await ledger.listDraftsOfContact(contact.id);
  const draft = drafts.find((d) => d.kind === 'email' && replyAddressMatches(key, address, d.id));
  if (!draft) return outcome('dropped', { reason: 'tampered-address' });

  const now = deps.clock.now();
  const classification = classifyMail(input.mail, { receivedAt: now.toISOString() });
  const kind = classification.kind;
  if (classification.kind === 'unreadable') return outcome('ignored', { kind, reason: classification.reason });
  if (classification.kind === 'delivery-report') return outcome('ignored', { kind, reason: classification.signal });
  if (classification.kind === 'auto-reply' && !classification.away) return outcome('ignored', { kind, reason: classification.signal });
  const mail = input.mail as ReadableInboundMail;
  const mailHash = sha256Hex(mail.messageId);

  if (classification.kind === 'auto-reply') {
    const rep = await ledger.getRep(contact.repId);
    const until = classification.returnsOn ? nextBusinessDay(classification.returnsOn) : dayIn(now, deps.config.awayDefaultDays);
    const entry: InboxEntry = { mailHash, contactId: contact.id, repId: senderOf(draft), kind: 'away', at: now.toISOString(), draftId: draft.id, until };
    const created = await ledger.addInboxEntry(entry);
    // an absence set by hand that lasts longer stays (keepLonger); a day already past snoozes nothing
    let snoozed = false;
    if (until > localDay(now, rep?.timeZone)) {
      await snoozeContact({ ledger, clock: deps.clock }, { contactId: contact.id, until, reason: 'away', by: 'inbound', keepLonger: true });
      snoozed = true;
    }
    const withdrawn = await withdrawOpenDrafts(deps, drafts, 'away', now.toISOString());
    logger.info('inbound: absence notice', { snoozed, withdrawn, duplicate: !created });
    return outcome(created ? 'snoozed' : 'duplicate', { kind, reason: classification.returnsOn ? 'return-date' : 'default-days', withdrawn });
  }

  // a person's reply
  const entry: InboxEntry = {
    mailHash,
    contactId: contact.id,
    // the writer of the mail replied to hears of it: the deputy, while one stood in
    repId: senderOf(draft),
    kind: 'reply',
    at: now.toISOString(),
    draftId: draft.id,
    excerpt: excerptOf(mail.replyText || mail.text),
  };
  const created = await ledger.addInboxEntry(entry);
  const stored = created ? entry : ((await ledger.getInboxEntry(contact.id, mailHash)) ?? entry);
  const touched = await ledger.recordTouch({
    touch: {
      id: `reply:${mailHash}`,
      contactId: contact.id,
      at: stored.at,
      channel: 'email',
      repId: senderOf(draft),
      campaignId: draft.campaignId,
      draftId: draft.id,
      source: 'reply',
    },
  });
  const withdrawn = await withdrawOpenDrafts(deps, drafts, 'replied', now.toISOString());
  let forwarded = false;
  if (!stored.forwardedAt) {
    const rep = await ledger.getRep(senderOf(draft));
    if (rep) {
      // a failure here throws: the delivery is retried, and the entry (without forwardedAt) makes it forward then
      await deps.mailer.send(forwardedReply({ config: deps.config, rep, contact, mail }));
      await ledger.markInboxForwarded(contact.id, mailHash, deps.clock.now().toISOString());
      forwarded = true;
    }
  }
  logger.info('inbound: reply', { touched, withdrawn, forwarded, duplicate: !created });
  return outcome(created ? 'recorded' : 'duplicate', { kind, touches: touched ? 1 : 0, withdrawn, forwarded });
}

/** Withdraws the contact's drafts that no sender has claimed; a draft being sent is left to finish. */
async function withdrawOpenDrafts(deps: ReceiveMailDeps, drafts: readonly Draft[], reason: string, at: string): Promise<number> {
  let withdrawn = 0;
  for (const d of drafts) {
    if (!WITHDRAWABLE_STATUSES.includes(d.status)) continue;
    try {
      // only from the status read: a draft claimed for sending meanwhile goes out as the rep approved it
      await deps.ledger.updateDraft(d.id, { fromStatuses: [d.status], kind: d.kind, set: { status: 'withdrawn', withdrawnReason: reason, updatedAt: at } });
      withdrawn += 1;
    } catch (error) {
      if (!(error instanceof DraftConflict)) throw error;
    }
  }
  return withdrawn;
}

function excerptOf(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const joined = lines.join('\n');
  return joined.length > EXCERPT_CHARS ? `${joined.slice(0, EXCERPT_CHARS - 1).trimEnd()}…` : joined;
}

// Own mail ------------------------------------------------------------------------------------------------------

async function receiveOwnMail(deps: ReceiveMailDeps, input: ReceiveMailInput, repId: string): Promise<ReceiveOutcome> {
  const { ledger, logger } = deps;
  const kind = 'own-mail';
  const rep = await ledger.getRep(repId);
  if (!rep) return outcome('dropped', { kind, reason: 'unknown-rep' });
  if (!input.mail.readable) return outcome('dropped', { kind, reason: input.mail.reason });
  const mail = input.mail;
  // the logging address is in the rep's own mails: anyone who saw one could write to it. Only a mail from the rep's
  // address that SES authenticated counts.
  if (mail.from?.address !== rep.email.trim().toLowerCase()) return outcome('dropped', { kind, reason: 'not-from-rep' });
  const verdicts = input.verdicts ?? {};
  if (verdicts.spf?.toUpperCase() !== 'PASS' && verdicts.dkim?.toUpperCase() !== 'PASS') return outcome('dropped', { kind, reason: 'unauthenticated' });
  const now = deps.clock.now();
  const sentAt = mail.date && Date.parse(mail.date) <= now.getTime() + CLOCK_SKEW_MS ? new Date(Math.min(Date.parse(mail.date), now.getTime())).toISOString() : undefined;
  // without a believable Date the touch time would differ per delivery, and a second delivery would count twice
  if (!sentAt) return outcome('dropped', { kind, reason: 'no-date' });

  const domain = deps.config.receivingDomain!;
  const addresses = [...new Set([...mail.to, ...mail.cc].map((a) => a.address))].filter((a) => !a.endsWith(`@${domain}`) && a !== mail.from!.address);
  const contacts: Contact[] = [];
  for (const a of addresses) {
    if (contacts.length >= MAX_OWN_MAIL_CONTACTS) break;
    for (const c of await ledger.findContactsByEmail(a)) {
      if (c.repId === rep.id && !contacts.some((x) => x.id === c.id)) contacts.push(c);
    }
  }
  if (contacts.length === 0) return outcome('ignored', { kind, reason: 'no-contact' });
  const mailHash = sha256Hex(mail.messageId);
  let touches = 0;
  for (const c of contacts.slice(0, MAX_OWN_MAIL_CONTACTS)) {
    try {
      const recorded = await ledger.recordTouch({
        touch: { id: `own-mail:${mailHash}`, contactId: c.id, at: sentAt, channel: 'email', repId: rep.id, source: 'own-mail' },
      });
      if (recorded) touches += 1;
    } catch (error) {
      // the contact was erased meanwhile: nothing to record for it
      if (!(error instanceof VersionConflict) && !(error instanceof NotFound)) throw error;
    }
  }
  logger.info('inbound: own mail', { contacts: contacts.length, touches });
  return outcome(touches > 0 ? 'recorded' : 'duplicate', { kind, touches });
}

// Days ----------------------------------------------------------------------------------------------------------

/** The day after `day` that is a weekday (public holidays are the calendar's: docs/calendar.md). */
export function nextBusinessDay(day: string): string {
  const d = new Date(`${day}T12:00:00Z`);
  do d.setUTCDate(d.getUTCDate() + 1);
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6);
  return d.toISOString().slice(0, 10);
}

function dayIn(now: Date, days: number): string {
  return new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

function localDay(now: Date, timeZone = 'Europe/Berlin'): string {
  return localMoment(now.toISOString(), timeZone).slice(0, 10);
}
