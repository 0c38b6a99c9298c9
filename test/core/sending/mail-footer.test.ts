// A sent customer mail carries the opt-out line with the contact's own signed unsubscribe link and the company's
// particulars once, in the text and the HTML part, below the words the rep approved, whatever the rep edited.
import { describe, expect, it } from 'vitest';
import { editedContent } from '../../../functions/core/approval/decision';
import { hashEmail } from '../../../functions/core/ids';
import { UNSUBSCRIBE_MARKER } from '../../../functions/core/render/mail-footer';
import { sendDraft } from '../../../functions/core/sending/send-draft';
import { verifyUnsubscribeToken } from '../../../functions/core/sending/unsubscribe-token';
import { contactOf, crisisUpdate, repOf, RUN_AT } from '../campaign-fixtures';
import { aWorld, SIGNING_KEY } from './sending-fixtures';

const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;

const VARIANTS = [
  { locale: 'de-DE', formal: true, optOut: 'Sie möchten keine Nachrichten mehr von uns erhalten?', directors: 'Geschäftsführung: Julia Beispiel, Markus Muster' },
  { locale: 'de-DE', formal: false, optOut: 'Du möchtest keine Nachrichten mehr von uns bekommen?', directors: 'Geschäftsführung: Julia Beispiel, Markus Muster' },
  { locale: 'en-GB', formal: true, optOut: 'If you would rather not receive these messages', directors: 'Managing directors: Julia Beispiel, Markus Muster' },
  { locale: 'en-GB', formal: false, optOut: 'Rather not get these messages?', directors: 'Managing directors: Julia Beispiel, Markus Muster' },
] as const;

async function sentMailOf(v: (typeof VARIANTS)[number], edit?: (draft: { text: string }) => string) {
  const w = await aWorld();
  const contact = contactOf({ id: 'c-7', locale: v.locale, formal: v.formal, email: 'anna@customer.example', repId: 'rep-1' });
  await w.ledger.putContact(contact);
  const { templates } = await crisisUpdate();
  const rendered = templates.render({ contact, rep: repOf({ id: 'rep-1' }), runAt: RUN_AT });
  let draft = await w.approvedDraft('c-7', { locale: v.locale, content: rendered.content });
  if (edit) {
    // what a rep's save does to the stored content (approval/save-draft-edit.ts)
    const content = editedContent(draft, { subject: draft.content.subject, text: edit(draft.content) });
    draft = { ...draft, content, version: draft.version + 1 };
    await w.ledger.putDrafts([draft]);
  }
  expect((await sendDraft(w.deps, draft.id)).result).toBe('sent');
  const mail = w.mailer.sent[0]!;
  const header = mail.headers?.find((h) => h.name === 'List-Unsubscribe')?.value ?? '';
  const url = /^<(https:\/\/u\.presence\.example\/u\/[^>]+)>$/.exec(header)?.[1];
  expect(url).toBeDefined();
  return { mail, url: url!, token: decodeURIComponent(url!.split('/u/')[1]!) };
}

describe('the footer of a sent mail', () => {
  for (const v of VARIANTS) {
    it(`${v.locale}, ${v.formal ? 'Sie' : 'Du'}: the opt-out line with the contact's link and the particulars, once in each part`, async () => {
      const { mail, url, token } = await sentMailOf(v);
      expect(verifyUnsubscribeToken(SIGNING_KEY, token)).toEqual({ contactId: 'c-7', emailHash: hashEmail('anna@customer.example') });
      const text = mail.text!;
      const html = mail.html!;
      expect(count(text, v.optOut)).toBe(1);
      expect(count(html, v.optOut)).toBe(1);
      expect(count(text, url)).toBe(1);
      expect(count(html, `href="${url.replace(/&/g, '&amp;')}"`)).toBe(1);
      for (const part of [text, html]) {
        expect(part).not.toContain(UNSUBSCRIBE_MARKER);
        expect(count(part, 'Presence Beispiel GmbH · Hafenweg 2 · 20457 Hamburg')).toBe(1);
        expect(count(part, v.directors)).toBe(1);
        expect(count(part, 'HRB 123456')).toBe(1);
      }
      // below the signature
      expect(text.indexOf('jan.weber@example.com')).toBeLessThan(text.indexOf(v.optOut));
      expect(text.indexOf(v.optOut)).toBeLessThan(text.indexOf('Presence Beispiel GmbH'));
      expect(html.indexOf(v.optOut)).toBeLessThan(html.lastIndexOf('</body>'));
    });
  }

  it('stays when the rep rewrites every word', async () => {
    const { mail, url } = await sentMailOf(VARIANTS[0], () => 'Sehr geehrte Frau Müller,\n\nkurz und knapp: alles gut.\n\nJan Weber');
    expect(mail.text!.startsWith('Sehr geehrte Frau Müller,\n\nkurz und knapp: alles gut.\n\nJan Weber\n\nSie möchten keine Nachrichten mehr')).toBe(true);
    expect(count(mail.text!, url)).toBe(1);
    expect(count(mail.html!, VARIANTS[0].optOut)).toBe(1);
    expect(count(mail.html!, 'Presence Beispiel GmbH')).toBe(1);
    expect(mail.html).toContain('kurz und knapp: alles gut.');
  });
});
