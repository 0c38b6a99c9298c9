// Turns an approved email draft into the mail that leaves, written as the rep: the rep's name on a verified
// sender (or the rep's own verified address), replies going to the rep (through presence when it receives mail), and the one-click unsubscribe headers
// that mailbox providers require of bulk senders (RFC 8058), and below the words the draft's footer with the visible
// opt-out link, signed for this recipient (render/mail-footer.ts).
import type { PresenceConfig } from '../config';
import { ValidationError } from '../errors';
import { escapeHtml } from '../escape-html';
import { senderOf, type Contact, type Draft, type Rep } from '../model';
import type { OutgoingMail } from '../ports';
import { assertHeaderName, assertHeaderValue, formatMailbox } from './mail-headers';
import { UNSUBSCRIBE_MARKER, withMailFooter } from '../render/mail-footer';

/**
 * Drafting leaves this marker where the unsubscribe link belongs (the opt-out line of the draft's footer, and
 * wherever a template or a rep wrote it); the link is only known at send time (it is signed per recipient), so it
 * is filled in here.
 */
export { UNSUBSCRIBE_MARKER };

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
  // the approved words, then the footer the rep saw below them (opt-out line, legal particulars), in both parts
  const { html, text } = withMailFooter(draft.content, unsubscribeUrl, escapeHtml);
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
