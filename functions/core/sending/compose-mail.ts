// Turns an approved email draft into the mail that leaves, written as the rep: the rep's name on a verified
// sender (or the rep's own verified address), replies going to the rep (through presence when it receives mail), and the one-click unsubscribe headers
// that mailbox providers require of bulk senders (RFC 8058).
import type { PresenceConfig } from '../config';
import { ValidationError } from '../errors';
import { escapeHtml } from '../escape-html';
import { senderOf, type Contact, type Draft, type Rep } from '../model';
import type { OutgoingMail } from '../ports';
import { assertHeaderName, assertHeaderValue, formatMailbox } from './mail-headers';

/**
 * Drafting may leave this marker in the text or HTML where the unsubscribe link belongs; the link is only known
 * at send time (it is signed per recipient), so it is filled in here.
 */
export const UNSUBSCRIBE_MARKER = '%%UNSUBSCRIBE_URL%%';

export interface ComposeInput {
  draft: Draft;
  contact: Contact;
  rep: Rep;
  config: PresenceConfig;
  unsubscribeUrl: string;
  /**
   * The update's own Reply-To at the receiving domain (core/inbound/inbound-addresses.ts): the customer's answer
   * comes back to presence, which records it and forwards it to the rep. Without it replies go to the rep directly.
   */
  replyAddress?: string;
}

/** SES tag values allow letters, digits, underscore and dash only, at most 256 characters. */
export function tagValue(value: string): string {
  return value.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 256) || '_';
}

export function composeMail({ draft, contact, rep, config, unsubscribeUrl, replyAddress }: ComposeInput): OutgoingMail {
  const subject = assertHeaderValue('subject', draft.content.subject);
  if (!subject.trim()) throw new ValidationError('the draft has no subject', [{ path: 'content.subject', message: 'write a subject' }]);
  if (!draft.content.text.trim() && !draft.content.html.trim()) {
    throw new ValidationError('the draft has no text', [{ path: 'content.text', message: 'write the text' }]);
  }
  if (!/^https?:\/\/[^\s<>]+$/.test(unsubscribeUrl)) {
    throw new ValidationError('the unsubscribe URL is not a plain http(s) URL', [{ path: 'unsubscribeUrl', message: 'check the base URL' }]);
  }
  const fromAddress = config.sendAsRepAddress ? rep.email : config.senderAddress;
  const headers = [
    // One HTTPS URL: RFC 8058 one-click needs it, and a mailto alternative would need a mailbox we read.
    { name: 'List-Unsubscribe', value: `<${unsubscribeUrl}>` },
    { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
  ];
  for (const h of headers) {
    assertHeaderName(h.name);
    assertHeaderValue(h.name, h.value);
  }
  const html = draft.content.html.split(UNSUBSCRIBE_MARKER).join(escapeHtml(unsubscribeUrl));
  const text = draft.content.text.split(UNSUBSCRIBE_MARKER).join(unsubscribeUrl);
  return {
    from: formatMailbox(rep.name, fromAddress),
    to: [assertHeaderValue('recipient', contact.email)],
    // the customer still sees the rep's name when answering
    replyTo: [formatMailbox(rep.name, replyAddress ?? rep.email)],
    subject,
    html: html.trim() ? html : undefined,
    text,
    headers,
    configurationSet: config.configurationSet,
    tags: { campaign: tagValue(draft.campaignId), rep: tagValue(senderOf(draft)), channel: 'email' },
  };
}
