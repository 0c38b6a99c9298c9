// The mail that brings a customer's reply to the rep. It comes from presence's own sender address (a mail "from"
// the customer's domain sent by us would fail the customer's DMARC), with the customer's name in the display name
// and the customer's address as Reply-To, so the rep answers from their own mail client straight to the customer.
// Plain text only: the customer's HTML is never passed on, and no header of the inbound mail is copied except the
// From address (checked as a plain address) and the subject (cleaned by the parser, checked again here).
import type { PresenceConfig } from '../config';
import { languageOf, type Contact, type Rep } from '../model';
import type { OutgoingMail } from '../ports';
import { formatMailbox } from '../sending/mail-headers';
import type { ReadableInboundMail } from './inbound-mail';

const MAX_SUBJECT = 200;
/** A forwarded text this long is cut: the rep has the rest in the conversation, and SES has a size limit. */
const MAX_TEXT = 50_000;
const PLAIN_ADDRESS = /^[^\s@<>(),;:"\\[\]]+@[A-Za-z0-9.-]+$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/g;

export function forwardedReply(input: {
  config: Pick<PresenceConfig, 'senderAddress' | 'configurationSet'>;
  rep: Rep;
  contact: Contact;
  mail: ReadableInboundMail;
}): OutgoingMail {
  const { config, rep, contact, mail } = input;
  const german = languageOf(rep.locale) === 'de';
  const person = [contact.firstName, contact.lastName].filter(Boolean).join(' ') || mail.from?.name.replace(CONTROL, '') || contact.company || contact.id;
  const who = contact.company && contact.company !== person ? `${person} (${contact.company})` : person;
  const from = mail.from && PLAIN_ADDRESS.test(mail.from.address) ? mail.from.address : undefined;
  const subject = (mail.subject.replace(CONTROL, ' ').trim() || (german ? 'Antwort auf Ihr Update' : 'Reply to your update')).slice(0, MAX_SUBJECT);
  const text = mail.text.length > MAX_TEXT ? `${mail.text.slice(0, MAX_TEXT)}\n[…]` : mail.text;
  const intro = german
    ? [
        `${who} hat auf Ihr Update geantwortet.`,
        from ? 'Antworten Sie einfach auf diese Mail: Ihre Antwort geht direkt an den Kunden.' : 'Die Antwortadresse war nicht lesbar; antworten Sie bitte aus der Kontaktliste.',
        'presence hat die Antwort im Verlauf vermerkt und weitere Entwürfe für diesen Kontakt zurückgezogen.',
      ]
    : [
        `${who} replied to your update.`,
        from ? 'Just reply to this mail: your answer goes straight to the customer.' : 'The reply address could not be read; please answer from the contact list.',
        'presence recorded the reply in the history and withdrew further drafts for this contact.',
      ];
  const sender = german ? `${person} über presence` : `${person} via presence`;
  return {
    from: formatMailbox(sender.replace(CONTROL, ' '), config.senderAddress),
    to: [rep.email],
    ...(from ? { replyTo: [formatMailbox(person.replace(CONTROL, ' '), from)] } : {}),
    subject,
    text: `${intro.join('\n')}\n\n----\n${text}`,
    ...(config.configurationSet ? { configurationSet: config.configurationSet } : {}),
    tags: { presence: 'reply-forward' },
  };
}
