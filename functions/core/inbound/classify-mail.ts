// What kind of mail came in: a person's reply, a machine's answer, a report about delivery, or nothing readable.
// Pure: it reads the InboundMail the adapter built and nothing else. The checks run from the surest to the weakest:
// a report is told by its structure before anything else (bounces often carry Auto-Submitted too), an automatic
// answer by its headers before its subject, and only a mail that shows no sign of a machine is a human reply. When
// in doubt the mail is not a human reply: a false "replied" withdraws the customer's next update, a false
// "automatic" only leaves it for later.
import type { InboundMail, ReadableInboundMail, UnreadableReason } from './inbound-mail';
import { findReturnDate, type ReturnDateOptions } from './return-date';

export type MailKind = 'human-reply' | 'auto-reply' | 'delivery-report' | 'unreadable';

/** What made a mail automatic. Short words, safe to log and count. */
export type AutoReplySignal =
  | 'auto-submitted'
  | 'x-autoreply'
  | 'x-autorespond'
  | 'precedence'
  | 'no-reply-sender'
  | 'subject';
export type ReportSignal = 'multipart/report' | 'mailer-daemon' | 'x-failed-recipients' | 'subject';

export type MailClassification =
  | { kind: 'human-reply' }
  | {
      kind: 'auto-reply';
      signal: AutoReplySignal;
      /**
       * An absence notice (out of office, vacation): the person will be back. False for other automatic mail
       * (a list or bulk mail, a ticket system's receipt), which is neither a reply nor a reason to wait.
       */
      away: boolean;
      /** The first day the person is back (`YYYY-MM-DD`), when the notice says so. */
      returnsOn?: string;
    }
  | { kind: 'delivery-report'; signal: ReportSignal }
  | { kind: 'unreadable'; reason: UnreadableReason | 'no-sender' };

export interface ClassifyOptions extends ReturnDateOptions {
  /** When the mail has no usable Date header: the time it was received, to read a return date without a year. */
  receivedAt?: string;
}

export function classifyMail(mail: InboundMail, options: ClassifyOptions = {}): MailClassification {
  if (!mail.readable) return { kind: 'unreadable', reason: mail.reason };
  const report = reportSignal(mail);
  if (report) return { kind: 'delivery-report', signal: report };
  if (!mail.from) return { kind: 'unreadable', reason: 'no-sender' };
  const automatic = autoReplySignal(mail);
  if (!automatic) return { kind: 'human-reply' };

  const returnsOn = findReturnDate(`${mail.subject}\n\n${mail.replyText}`, mail.date ?? options.receivedAt, options);
  const away = returnsOn !== undefined || automatic.absence || ABSENCE_TEXT.test(mail.replyText.slice(0, 4_000));
  return { kind: 'auto-reply', signal: automatic.signal, away, ...(returnsOn ? { returnsOn } : {}) };
}

// Reports ------------------------------------------------------------------------------------------------------

/** The senders of delivery reports (RFC 3464's mailer daemon and the postmaster). */
const REPORT_SENDER = /^(?:mailer-daemon|mailerdaemon|mail-daemon|postmaster)@/;
/** Bounce subjects of servers that send no multipart/report (older Exchange, qmail, some hosted mail). */
const REPORT_SUBJECT = new RegExp(
  '^(?:undeliverable|undelivered mail|unzustellbar|nicht zustellbar|delivery status notification|delivery failure|' +
    'mail delivery failed|failure notice|returned mail|non remis|non distribuable|onbestelbaar|niet bezorgd|' +
    'niedostarczon)',
  'iu',
);

function reportSignal(mail: ReadableInboundMail): ReportSignal | undefined {
  // multipart/report covers delivery-status (bounces, delays), disposition-notification (read receipts) and
  // feedback-report (complaints): none of them is the customer speaking. SES events already handle bounces.
  if (mail.contentType === 'multipart/report' || mail.contentType === 'message/delivery-status') return 'multipart/report';
  if (mail.from && REPORT_SENDER.test(mail.from.address)) return 'mailer-daemon';
  if (mail.automation.xFailedRecipients) return 'x-failed-recipients';
  if (REPORT_SUBJECT.test(mail.subject)) return 'subject';
  return undefined;
}

// Automatic answers --------------------------------------------------------------------------------------------

/** Header values that say "not automatic" where a header is present anyway. */
const NEGATIVE = new Set(['no', 'false', '0', 'off', 'none']);

/** Senders that say they take no answer: a system, not a person. */
const NO_REPLY_SENDER = /^(?:no-?reply|do-?not-?reply|donotreply|noreply-[^@]*)@/;

/**
 * Subjects of absence notices, de/en/fr/nl/pl: what Outlook, Exchange, Notes, Gmail and other clients put in front
 * of the original subject, or use alone. Only set phrases, no single words a person might start a subject with
 * ("Absence of spare parts"). Matched at the start of the subject (after an optional tag in brackets) or as a tag
 * in brackets anywhere, so "AW: Out of office hours" (a person's reply about opening hours) stays a human reply.
 */
export const ABSENCE_SUBJECT_PHRASES = [
  // de
  'Abwesenheitsnotiz', 'Abwesenheitsmeldung', 'Abwesend', 'Automatische Antwort', 'Automatische Rückantwort',
  'Autom. Antwort', 'Außer Haus', 'Ausser Haus', 'Nicht im Büro',
  // en
  'Out of Office', 'Out of the Office', 'Automatic reply', 'Automatic response', 'Auto reply', 'Auto-Reply', 'Autoreply',
  'Auto response', 'Auto-Response', 'Away from the office',
  // fr
  'Réponse automatique', 'Reponse automatique', "Message d'absence", 'Absence du bureau', 'Absent du bureau',
  'Absente du bureau',
  // nl
  'Afwezig', 'Afwezigheidsbericht', 'Automatisch antwoord', 'Automatische antwoord', 'Niet op kantoor',
  // pl
  'Odpowiedź automatyczna', 'Automatyczna odpowiedź', 'Autoodpowiedź', 'Nieobecność', 'Poza biurem',
] as const;
const PHRASES = ABSENCE_SUBJECT_PHRASES.map((phrase) => phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+')).join('|');
const ABSENCE_SUBJECT = new RegExp(
  `^\\s*(?:\\[[^\\]]{0,40}\\]\\s*)?(?:${PHRASES})(?![\\p{L}])|[\\[(]\\s*(?:${PHRASES})\\s*[\\])]`,
  'iu',
);

/** Absence wording in an automatic mail's text: it is a notice of absence even without a date. */
const ABSENCE_TEXT = new RegExp(
  '(?<![\\p{L}])(?:nicht im büro|abwesend|abwesenheit|im urlaub|urlaubsbedingt|außer haus|ausser haus|elternzeit|' +
    'out of (?:the )?office|on (?:annual )?leave|on vacation|on holiday|away from (?:the |my )?(?:office|desk)|' +
    'absente?|en congés?|en vacances|afwezig|met vakantie|niet op kantoor|nieobecn\\p{L}*|na urlopie|poza biurem)(?![\\p{L}])',
  'iu',
);

function autoReplySignal(mail: ReadableInboundMail): { signal: AutoReplySignal; absence: boolean } | undefined {
  const { automation } = mail;
  // RFC 3834: any Auto-Submitted value but "no" is a machine's mail. The value may carry parameters or a comment.
  const autoSubmitted = automation.autoSubmitted?.split(/[;(\s]/)[0]?.toLowerCase();
  const precedence = automation.precedence?.toLowerCase();
  // X-Autoreply, X-Autorespond and Precedence: auto_reply are set by vacation responders; so is a notice subject.
  const subject = ABSENCE_SUBJECT.test(mail.subject);
  const absence = present(automation.xAutoreply) || present(automation.xAutorespond) || precedence === 'auto_reply' || subject;
  if (autoSubmitted && autoSubmitted !== 'no') return { signal: 'auto-submitted', absence };
  if (present(automation.xAutoreply)) return { signal: 'x-autoreply', absence };
  if (present(automation.xAutorespond)) return { signal: 'x-autorespond', absence };
  // bulk, junk and list mark mass mail (and what old vacation programs send): not a person answering.
  if (precedence === 'auto_reply' || precedence === 'bulk' || precedence === 'junk' || precedence === 'list') {
    return { signal: 'precedence', absence };
  }
  if (subject) return { signal: 'subject', absence };
  if (mail.from && NO_REPLY_SENDER.test(mail.from.address)) return { signal: 'no-reply-sender', absence };
  return undefined;
}

function present(value: string | undefined): boolean {
  return value !== undefined && value !== '' && !NEGATIVE.has(value.toLowerCase());
}
