// The rep approves every word: the draft page's preview shows the mail's footer (opt-out line, legal particulars)
// below the words, with a placeholder for the customer's own unsubscribe link, while the edit field holds only the words.
import { describe, expect, it } from 'vitest';
import type { DraftView } from '../../../functions/core/approval/view-draft';
import { UNSUBSCRIBE_MARKER } from '../../../functions/core/render/mail-footer';
import { draftPage } from '../../../functions/web/approval/draft-page';
import { aContact, aDraft, aRep } from '../../support/factories';

const footer = {
  text: `Sie möchten keine Nachrichten mehr von uns erhalten? Mit einem Klick abmelden: ${UNSUBSCRIBE_MARKER}\n\nPresence Beispiel GmbH · Hafenweg 2`,
  html: `<p style="margin:32px 0 0;font-size:12px;">Sie möchten keine Nachrichten mehr von uns erhalten? <a href="${UNSUBSCRIBE_MARKER}">Mit einem Klick abmelden</a></p>\n<p style="margin:12px 0 0;font-size:12px;">Presence Beispiel GmbH · Hafenweg 2</p>`,
};

function pageOf(html: string) {
  const view: DraftView = {
    draft: aDraft({ content: { subject: 'Kurzes Update', html, text: 'Hallo Anna,\n\nbis bald.', footer } }),
    rep: aRep(),
    contact: aContact(),
    nonce: 'n0nce',
    linkExpiresAt: '2026-11-30T08:00:00.000Z',
  };
  return draftPage(view);
}

describe('draft page: the mail footer', () => {
  it.each([
    ['the drafted HTML', '<!DOCTYPE html>\n<html><body><p>Hallo Anna,</p><p>bis bald.</p>\n</body></html>'],
    ['the HTML rebuilt from the text', ''],
  ])('the preview of %s shows the footer below the words, the link a placeholder; the edit field holds only the words', (_what, html) => {
    const page = pageOf(html);
    const srcdoc = /srcdoc="([^"]*)"/.exec(page.html)![1]!;
    expect(srcdoc).toContain('Sie möchten keine Nachrichten mehr von uns erhalten? &lt;a href=&quot;#&quot;&gt;Mit einem Klick abmelden&lt;/a&gt;');
    expect(srcdoc).toContain('Presence Beispiel GmbH · Hafenweg 2');
    expect(srcdoc.indexOf('bis bald.')).toBeLessThan(srcdoc.indexOf('Sie möchten keine'));
    expect(srcdoc.indexOf('Presence Beispiel GmbH')).toBeLessThan(srcdoc.indexOf('&lt;/body&gt;'));
    expect(page.html).not.toContain(UNSUBSCRIBE_MARKER);
    const textarea = /<textarea id="text"[^>]*>([^<]*)<\/textarea>/.exec(page.html)![1]!;
    expect(textarea).toBe('Hallo Anna,\n\nbis bald.');
  });
});
