// The shipped crisis-update templates, rendered for real contacts: every language, register and channel, the
// fallbacks for missing data, required fields, and hostile values in every part.
import { describe, expect, it } from 'vitest';
import { compilingEngine } from '../../../functions/core/render/compiling-engine';
import { splitFrontMatter } from '../../../functions/core/render/front-matter';
import { TemplateLibrary } from '../../../functions/core/render/template-library';
import { RUN_AT, contactOf, crisisUpdate, repOf } from '../campaign-fixtures';

const render = async (over: Parameters<typeof contactOf>[0], rep = repOf()) => {
  const { templates } = await crisisUpdate();
  return templates.render({ contact: contactOf(over), rep, runAt: RUN_AT });
};

describe('crisis-update email', () => {
  it('German, Sie', async () => {
    const d = await render({ salutation: 'ms', title: 'Dr.', channel: 'email' });
    expect(d.kind).toBe('email');
    expect(d.missing).toEqual([]);
    expect(d.content.subject).toBe('Ein kurzes Update zur aktuellen Lage für Müller Maschinenbau GmbH');
    expect(d.content.text.startsWith('Sehr geehrte Frau Dr. Müller,\n\ndie letzten Wochen')).toBe(true);
    expect(d.content.text).toContain('Wie geht es Ihnen?');
    expect(d.content.text).toContain('rufen Sie mich direkt an: +49 30 555 0100.');
    expect(d.content.text.endsWith('Mit freundlichen Grüßen\nJan Weber\nKey Account Manager\n+49 30 555 0100\njan.weber@example.com')).toBe(true);
    expect(d.content.html).toContain('<html lang="de">');
    expect(d.content.html).toContain('<p style="margin:0 0 16px;">Sehr geehrte Frau Dr. Müller,</p>');
    expect(d.content.html).toContain('Mit freundlichen Grüßen<br>\n<strong>Jan Weber</strong>');
  });

  it("prints the name once when the rep's own signature block starts with it (as the sample reps' blocks do)", async () => {
    const rep = repOf({ signature: 'Jan Weber\nKey Account Management Süd\nTelefon +49 30 555 0100' });
    for (const locale of ['de-DE', 'en-GB']) {
      const d = await render({ locale }, rep);
      expect(d.content.text.match(/Jan Weber/g), locale).toHaveLength(1);
      expect(d.content.text.endsWith('\nJan Weber\nKey Account Management Süd\nTelefon +49 30 555 0100'), locale).toBe(true);
      expect(d.content.html.match(/Jan Weber/g), locale).toHaveLength(1);
      expect(d.content.html).toContain('<strong>Jan Weber</strong><br>\nKey Account Management Süd<br>\nTelefon +49 30 555 0100</p>');
    }
    // a signature without the name is printed whole, below the name
    const other = await render({}, repOf({ signature: 'Vertrieb Süd' }));
    expect(other.content.text.endsWith('\nJan Weber\nVertrieb Süd')).toBe(true);
  });

  it('German, Du', async () => {
    const d = await render({ salutation: 'mr', firstName: 'Jan', lastName: 'Becker', formal: false });
    expect(d.missing).toEqual([]);
    expect(d.content.subject).toBe('Jan, kurzes Update – wie geht es dir?');
    expect(d.content.text.startsWith('Lieber Jan,\n\n')).toBe(true);
    expect(d.content.text).toContain('Wie geht es dir?');
    expect(d.content.text).not.toMatch(/\bSie\b|\bIhnen\b/);
    expect(d.content.text).toContain('Viele Grüße\nJan Weber');
    expect(d.content.html).toContain('Lieber Jan,</p>');
  });

  it('English, formal and informal', async () => {
    const formal = await render({ locale: 'en-GB', firstName: 'Jane', lastName: 'Smith', company: '' });
    expect(formal.content.subject).toBe('A short update on the current situation');
    expect(formal.content.text.startsWith('Dear Ms Smith,\n\nThe past few weeks')).toBe(true);
    expect(formal.content.text).toContain('Kind regards\nJan Weber');
    expect(formal.content.html).toContain('<html lang="en">');
    const informal = await render({ locale: 'en-GB', firstName: 'Anna', lastName: 'Smith', formal: false });
    expect(informal.content.subject).toBe('Anna, a quick update – how are you doing?');
    expect(informal.content.text.startsWith('Dear Anna,\n\n')).toBe(true);
    expect(informal.content.text).toContain('Best wishes\nJan Weber');
  });

  it('falls back sensibly for a missing title or first name', async () => {
    const noTitle = await render({ title: '' });
    expect(noTitle.content.text.startsWith('Sehr geehrte Frau Müller,')).toBe(true);
    const noFirstName = await render({ firstName: '' });
    expect(noFirstName.missing).toEqual([]);
    expect(noFirstName.content.text.startsWith('Sehr geehrte Frau Müller,')).toBe(true);
    const noName = await render({ salutation: 'none', firstName: '', lastName: '' });
    expect(noName.missing).toEqual([]);
    expect(noName.content.text.startsWith('Sehr geehrte Damen und Herren,')).toBe(true);
    const englishNoName = await render({ locale: 'en-GB', salutation: 'none', firstName: '', lastName: '' });
    expect(englishNoName.content.text.startsWith('Dear Sir or Madam,')).toBe(true);
  });

  it('a Du contact without a first name needs a fix instead of "Hallo ,"', async () => {
    const d = await render({ formal: false, firstName: '' });
    expect(d.missing).toEqual(['firstName']);
    const en = await render({ locale: 'en-GB', formal: false, firstName: ' ' });
    expect(en.missing).toEqual(['firstName']);
  });

  it('an email contact without an address needs a fix', async () => {
    expect((await render({ email: '' })).missing).toEqual(['email']);
  });

  it('uses the signature block of the rep when there is one', async () => {
    const d = await render({}, repOf({ signature: 'Vertrieb Süd & Service\nMusterstraße 1' }));
    expect(d.content.text.endsWith('Mit freundlichen Grüßen\nJan Weber\nVertrieb Süd & Service\nMusterstraße 1')).toBe(true);
    expect(d.content.html).toContain('Vertrieb Süd &amp; Service<br>\nMusterstraße 1');
  });
});

describe('crisis-update letter', () => {
  it('keeps greeting, body and closing apart for the letter layout', async () => {
    const d = await render({ channel: 'letter', title: 'Dr.' });
    expect(d.kind).toBe('letter');
    expect(d.missing).toEqual([]);
    expect(d.content.subject).toBe('Ein kurzes Update zur aktuellen Lage');
    expect(d.content.salutation).toBe('Sehr geehrte Frau Dr. Müller,');
    expect(d.content.closing).toBe('Mit freundlichen Grüßen');
    expect(d.content.text.startsWith('die letzten Wochen')).toBe(true);
    expect(d.content.text).toContain('unter +49 30 555 0100 oder per E-Mail an jan.weber@example.com');
    expect(d.content.html).toBe('');
  });

  it('Du and English variants', async () => {
    const du = await render({ channel: 'letter', formal: false });
    expect(du.content.salutation).toBe('Liebe Anna,');
    expect(du.content.closing).toBe('Viele Grüße');
    expect(du.content.text).toContain('von dir zu hören');
    const en = await render({ channel: 'letter', locale: 'en-GB', salutation: 'mr', lastName: 'Smith' });
    expect(en.content.salutation).toBe('Dear Mr Smith,');
    expect(en.content.closing).toBe('Kind regards');
  });

  it('needs a postal address', async () => {
    const d = await render({ channel: 'letter', address: { street: '', postalCode: '80331', city: '', country: '' } });
    expect(d.missing).toEqual(['address.street', 'address.city']);
  });
});

describe('crisis-update tasks', () => {
  const lastTouchAt = new Date(RUN_AT.getTime() - 94 * 86_400_000).toISOString();

  it('call: in the rep language, with the days since the last touch', async () => {
    const d = await render({ channel: 'call', lastTouchAt });
    expect(d.kind).toBe('task');
    expect(d.missing).toEqual([]);
    expect(d.content.subject).toBe('Frau Müller anrufen, letzter Kontakt vor 94 Tagen');
    expect(d.content.text).toBe(
      'Frau Müller anrufen, letzter Kontakt vor 94 Tagen\nFirma: Müller Maschinenbau GmbH\nTelefon: +49 89 1234567\n' +
        'Anlass: persönliches Update zur aktuellen Lage. Nachfragen, wie es geht und ob sich Bedarf, Termine oder Ansprechpersonen geändert haben.',
    );
    const en = await render({ channel: 'call', lastTouchAt, locale: 'de-DE' }, repOf({ locale: 'en-GB' }));
    expect(en.content.subject).toBe('Call Ms Müller, last contact 94 days ago');
  });

  it('visit: with the address; never touched says so', async () => {
    const d = await render({ channel: 'visit', lastTouchAt: undefined, salutation: 'mr', firstName: 'Jan', lastName: 'Weber', company: '' });
    // German grammar: the object of "besuchen" is "Herrn Weber"
    expect(d.content.subject).toBe('Herrn Weber besuchen, bisher kein Kontakt erfasst');
    expect(d.content.text).toContain('Adresse: Hauptstraße 5, 80331 München');
    expect(d.content.text).not.toContain('Firma:');
  });

  it('declared task fields: a call needs a phone number, a visit an address', async () => {
    expect((await render({ channel: 'call', phone: '' })).missing).toEqual(['phone']);
    expect((await render({ channel: 'visit', address: { street: '', postalCode: '', city: '', country: '' } })).missing).toEqual([
      'address.street',
      'address.city',
    ]);
  });
});

describe('hostile values', () => {
  const hostile = {
    salutation: 'none' as const,
    formal: false,
    firstName: '<script>alert(1)</script>\r\nBcc: evil@example.com',
    lastName: '{{constructor}}',
    company: `O'Brien & Co\u0000\u001b[31m`,
    phone: '__proto__\r\n',
    title: '',
    address: { street: '<img src=x onerror=alert(1)>', postalCode: '1\r\n2', city: '__proto__', country: '' },
  };
  const noControls = (s: string) => expect(s).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);

  it('email: subject single-line, HTML escaped, text literal without control characters', async () => {
    const d = await render({ ...hostile, channel: 'email' });
    expect(d.content.subject).not.toMatch(/[\r\n]/);
    expect(d.content.subject).toBe('<script>alert(1)</script> Bcc: evil@example.com, kurzes Update – wie geht es dir?');
    expect(d.content.html).not.toContain('<script>');
    expect(d.content.html).toContain('Hallo &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(d.content.html).toContain('O&#x27;Brien &amp; Co');
    expect(d.content.text).toContain("O'Brien & Co[31m");
    expect(d.content.text).toContain('Hallo <script>alert(1)</script> Bcc: evil@example.com,');
    noControls(d.content.text);
    noControls(d.content.html);
    noControls(d.content.subject);
  });

  it('letter: salutation and subject single-line, body literal', async () => {
    const d = await render({ ...hostile, channel: 'letter' });
    expect(d.content.salutation).toBe('Hallo <script>alert(1)</script> Bcc: evil@example.com,');
    expect(d.content.text).toContain("O'Brien & Co[31m");
    noControls(d.content.text);
    noControls(d.content.salutation!);
  });

  it('task: literal text, no control characters, a single-line headline', async () => {
    const d = await render({ ...hostile, channel: 'visit', formal: true, salutation: 'ms' });
    expect(d.content.subject).toBe('Frau {{constructor}} besuchen, letzter Kontakt vor 93 Tagen');
    expect(d.content.text).toContain('Adresse: <img src=x onerror=alert(1)>, 1\n2 __proto__');
    noControls(d.content.text);
    const call = await render({ ...hostile, channel: 'call' });
    expect(call.content.text).toContain('Telefon: __proto__');
    noControls(call.content.text);
  });

  it('a value in a subject template cannot add a header line', async () => {
    const library = new TemplateLibrary(
      new Map([
        ['partials/greeting.text.hbs', '{{greeting}},'],
        ['partials/greeting.html.hbs', '<p>{{greeting}},</p>'],
        ...['formal', 'informal'].flatMap((r): Array<[string, string]> => [
          [`t/de/${r}/email.subject.hbs`, 'Update für {{contact.company}}'],
          [`t/de/${r}/email.html.hbs`, '{{> greeting}}'],
          [`t/de/${r}/email.text.hbs`, '{{> greeting}}'],
        ]),
      ]),
      splitFrontMatter,
      compilingEngine(),
    );
    const { campaign } = await crisisUpdate();
    const templates = library.forCampaign({ ...campaign, id: 'tiny', audience: { ...campaign.audience, channels: ['email'] }, templates: { ...campaign.templates, folder: 't', languages: ['de'] } });
    const d = templates.render({ contact: contactOf({ company: 'ACME\r\nBcc: evil@example.com\u2028X-Y: z' }), rep: repOf(), runAt: RUN_AT });
    expect(d.content.subject).toBe('Update für ACME Bcc: evil@example.com X-Y: z');
  });
});

describe('TemplateLibrary', () => {
  it('names every missing or broken template of a campaign at once', async () => {
    const { campaign } = await crisisUpdate();
    const library = new TemplateLibrary(new Map([['crisis-update/de/formal/email.subject.hbs', '{{contact.nickname}}']]), splitFrontMatter, compilingEngine());
    let message = '';
    try {
      library.forCampaign(campaign);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('campaign crisis-update: templates not usable:');
    expect(message).toContain('templates/crisis-update/de/formal/email.subject.hbs: unknown variable "contact.nickname"');
    expect(message).toContain('templates/crisis-update/en/informal/letter.body.hbs: missing');
    expect(message).toContain('templates/crisis-update/de/task.call.hbs: missing');
  });

  it('a contact language without templates is drafted in the first language and flagged', async () => {
    const { campaign, library } = await crisisUpdate();
    const germanOnly = library.forCampaign({ ...campaign, templates: { ...campaign.templates, languages: ['de'] } });
    const d = germanOnly.render({ contact: contactOf({ locale: 'en-GB' }), rep: repOf(), runAt: RUN_AT });
    expect(d.missing).toEqual(['locale']);
    expect(d.content.text.startsWith('Sehr geehrte')).toBe(false); // greeting follows the contact's locale
    expect(d.content.text).toContain('die letzten Wochen');
  });

  it('a custom field the template uses but the contact lacks makes a needs_fix draft', async () => {
    const { campaign } = await crisisUpdate();
    const library = new TemplateLibrary(
      new Map(
        ['formal', 'informal'].flatMap((r): Array<[string, string]> => [
          [`t/de/${r}/email.subject.hbs`, 'Update'],
          [`t/de/${r}/email.html.hbs`, '<p>{{contact.custom.region}}</p>'],
          [`t/de/${r}/email.text.hbs`, '{{contact.custom.region}}'],
        ]),
      ),
      splitFrontMatter,
      compilingEngine(),
    );
    const templates = library.forCampaign({ ...campaign, id: 'tiny', audience: { ...campaign.audience, channels: ['email'] }, templates: { ...campaign.templates, folder: 't', languages: ['de'] } });
    const ok = templates.render({ contact: contactOf({ custom: { region: 'Süd' } }), rep: repOf(), runAt: RUN_AT });
    expect(ok).toMatchObject({ missing: [], content: { text: 'Süd' } });
    const fix = templates.render({ contact: contactOf(), rep: repOf(), runAt: RUN_AT });
    expect(fix.missing).toEqual(['custom.region']);
  });
});
