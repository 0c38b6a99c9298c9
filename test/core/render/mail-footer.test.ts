// The footer below every customer mail (core/render/mail-footer.ts): the opt-out line and the company's
// particulars, rendered from the shipped partials with the draft, in the contact's language and register, kept
// apart from the words the rep edits, and escaped like every value.
import { describe, expect, it } from 'vitest';
import { readCompanySettingsFile } from '../../../functions/adapters/settings/company-settings-file';
import { compilingEngine } from '../../../functions/core/render/compiling-engine';
import { splitFrontMatter } from '../../../functions/core/render/front-matter';
import { UNSUBSCRIBE_MARKER, withMailFooter } from '../../../functions/core/render/mail-footer';
import { TemplateLibrary } from '../../../functions/core/render/template-library';
import { escapeHtml } from '../../../functions/core/escape-html';
import { assets, contactOf, crisisUpdate, repOf, RUN_AT } from '../campaign-fixtures';

const company = readCompanySettingsFile('.');
const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;

const VARIANTS = [
  { locale: 'de-DE', formal: true, optOut: 'Sie möchten keine Nachrichten mehr von uns erhalten?', register: 'Registergericht: Amtsgericht Hamburg, HRB 123456' },
  { locale: 'de-DE', formal: false, optOut: 'Du möchtest keine Nachrichten mehr von uns bekommen?', register: 'Registergericht: Amtsgericht Hamburg, HRB 123456' },
  { locale: 'en-GB', formal: true, optOut: 'If you would rather not receive these messages, you can unsubscribe with one click', register: 'Register court: Amtsgericht Hamburg, HRB 123456' },
  { locale: 'en-GB', formal: false, optOut: 'Rather not get these messages?', register: 'Register court: Amtsgericht Hamburg, HRB 123456' },
] as const;

describe('the mail footer', () => {
  for (const v of VARIANTS) {
    it(`${v.locale}, ${v.formal ? 'formal' : 'informal'}: opt-out line with the link marker, then the particulars, apart from the words`, async () => {
      const { templates } = await crisisUpdate();
      const d = templates.render({ contact: contactOf({ locale: v.locale, formal: v.formal, firstName: 'Anna' }), rep: repOf(), runAt: RUN_AT });
      expect(d.missing).toEqual([]);
      const footer = d.content.footer!;
      expect(footer).toBeDefined();
      for (const part of [footer.text, footer.html]) {
        expect(count(part, v.optOut), part).toBe(1);
        expect(count(part, UNSUBSCRIBE_MARKER), part).toBe(1);
        expect(count(part, 'Presence Beispiel GmbH · Hafenweg 2 · 20457 Hamburg'), part).toBe(1);
        expect(count(part, v.register), part).toBe(1);
        expect(part).toContain('Julia Beispiel, Markus Muster');
        expect(part).toContain('DE123456789');
      }
      expect(footer.text.indexOf(v.optOut)).toBeLessThan(footer.text.indexOf('Presence Beispiel GmbH'));
      expect(footer.html).toContain(`<a href="${UNSUBSCRIBE_MARKER}"`);
      // the words the rep edits hold neither
      expect(d.content.text).not.toContain(UNSUBSCRIBE_MARKER);
      expect(d.content.text).not.toContain('Presence Beispiel GmbH');
      expect(d.content.html).not.toContain('Presence Beispiel GmbH');
    });
  }

  it('is not drafted for letters or tasks', async () => {
    const { templates } = await crisisUpdate();
    for (const channel of ['letter', 'visit', 'call'] as const) {
      expect(templates.render({ contact: contactOf({ channel }), rep: repOf(), runAt: RUN_AT }).content.footer, channel).toBeUndefined();
    }
  });

  it('escapes the configured values in the HTML part', async () => {
    const files = await assets.loadTemplateFiles();
    const library = new TemplateLibrary(files, splitFrontMatter, compilingEngine(), {
      ...company,
      name: 'Böse <img src=x onerror=alert(1)> & Co. KG',
      managingDirectors: ['"Eve" <script>'],
    });
    const templates = library.forCampaign(await assets.loadCampaign('crisis-update'));
    const footer = templates.render({ contact: contactOf(), rep: repOf(), runAt: RUN_AT }).content.footer!;
    expect(footer.html).toContain('Böse &lt;img src&#x3D;x onerror&#x3D;alert(1)&gt; &amp; Co. KG');
    expect(footer.html).toContain('&quot;Eve&quot; &lt;script&gt;');
    expect(footer.html).not.toMatch(/<img|<script/);
    // the text part is plain text: the value as written
    expect(footer.text).toContain('Böse <img src=x onerror=alert(1)> & Co. KG');
  });

  it('a campaign without the footer partials is not usable for mails', async () => {
    const files = new Map(await assets.loadTemplateFiles());
    files.delete('partials/opt-out-en.html.hbs');
    const library = new TemplateLibrary(files, splitFrontMatter, compilingEngine(), company);
    const { campaign } = await crisisUpdate();
    expect(() => library.forCampaign(campaign)).toThrow('templates/partials/opt-out-en.html.hbs: missing');
  });

  it('goes below the words in both parts, its markers filled in with the (escaped) link', () => {
    const mail = withMailFooter(
      {
        text: 'Hallo\n\nPetra\n',
        html: '<!DOCTYPE html>\n<html><body><p>Hallo</p>\n</body>\n</html>',
        footer: { text: `Abmelden: ${UNSUBSCRIBE_MARKER}\n\nFirma`, html: `<p><a href="${UNSUBSCRIBE_MARKER}">Abmelden</a></p>` },
      },
      'https://u.example/u/a&b',
      escapeHtml,
    );
    expect(mail.text).toBe('Hallo\n\nPetra\n\nAbmelden: https://u.example/u/a&b\n\nFirma');
    expect(mail.html).toBe('<!DOCTYPE html>\n<html><body><p>Hallo</p>\n<p><a href="https://u.example/u/a&amp;b">Abmelden</a></p>\n</body>\n</html>');
    // a draft made before footers existed leaves as it was
    expect(withMailFooter({ text: 'Hallo', html: '<p>Hallo</p>' }, 'https://u.example/u/t', escapeHtml)).toEqual({ text: 'Hallo', html: '<p>Hallo</p>' });
  });
});
