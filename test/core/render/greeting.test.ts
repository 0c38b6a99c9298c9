import { describe, expect, it } from 'vitest';
import { closingOf, contactNameOf, greetingOf, type Addressee } from '../../../functions/core/render/greeting';

const a = (over: Partial<Addressee>): Addressee => ({
  salutation: 'none',
  title: '',
  firstName: '',
  lastName: '',
  locale: 'de-DE',
  formal: true,
  ...over,
});

describe('greetingOf', () => {
  it.each<[Partial<Addressee>, string]>([
    // German, Sie
    [{ salutation: 'ms', title: 'Dr.', firstName: 'Anna', lastName: 'Müller' }, 'Sehr geehrte Frau Dr. Müller'],
    [{ salutation: 'mr', firstName: 'Jan', lastName: 'Weber' }, 'Sehr geehrter Herr Weber'],
    [{ salutation: 'ms', title: 'Prof. Dr.', lastName: 'Schulz' }, 'Sehr geehrte Frau Prof. Dr. Schulz'],
    [{ salutation: 'mr', title: '  Dr.  ', lastName: ' Weber ' }, 'Sehr geehrter Herr Dr. Weber'],
    [{ salutation: 'none', firstName: 'Alex', lastName: 'Kim' }, 'Guten Tag Alex Kim'],
    [{ salutation: 'ms', firstName: 'Anna' }, 'Sehr geehrte Damen und Herren'],
    [{ salutation: 'none', lastName: 'Kim' }, 'Sehr geehrte Damen und Herren'],
    [{}, 'Sehr geehrte Damen und Herren'],
    // German, Du
    [{ formal: false, salutation: 'ms', firstName: 'Anna', lastName: 'Müller' }, 'Liebe Anna'],
    [{ formal: false, salutation: 'mr', firstName: 'Jan' }, 'Lieber Jan'],
    [{ formal: false, salutation: 'none', firstName: 'Alex' }, 'Hallo Alex'],
    [{ formal: false, salutation: 'ms', lastName: 'Müller' }, 'Hallo Frau Müller'],
    [{ formal: false }, 'Hallo'],
    // English, formal
    [{ locale: 'en-GB', salutation: 'ms', firstName: 'Jane', lastName: 'Smith' }, 'Dear Ms Smith'],
    [{ locale: 'en-GB', salutation: 'mr', lastName: 'Smith' }, 'Dear Mr Smith'],
    [{ locale: 'en-GB', salutation: 'ms', title: 'Dr.', lastName: 'Smith' }, 'Dear Dr Smith'],
    [{ locale: 'en', salutation: 'none', title: 'Dr.', lastName: 'Smith' }, 'Dear Dr Smith'],
    [{ locale: 'en-GB', salutation: 'mr', title: 'Prof. Dr.', lastName: 'Smith' }, 'Dear Professor Smith'],
    [{ locale: 'en-GB', salutation: 'ms', title: 'Mag.', lastName: 'Smith' }, 'Dear Ms Smith'],
    [{ locale: 'en-US', salutation: 'ms', lastName: 'Smith' }, 'Dear Ms. Smith'],
    [{ locale: 'en-US', salutation: 'mr', title: 'Dr.', lastName: 'Smith' }, 'Dear Dr. Smith'],
    [{ locale: 'en-GB', firstName: 'Alex', lastName: 'Kim' }, 'Dear Alex Kim'],
    [{ locale: 'en-GB', salutation: 'ms', firstName: 'Jane' }, 'Dear Sir or Madam'],
    // English, informal
    [{ locale: 'en-GB', formal: false, salutation: 'ms', firstName: 'Anna', lastName: 'Smith' }, 'Dear Anna'],
    [{ locale: 'en-GB', formal: false, salutation: 'ms', lastName: 'Smith' }, 'Dear Ms Smith'],
  ])('%o -> %s', (over, expected) => {
    expect(greetingOf(a(over))).toBe(expected);
  });
});

describe('closingOf', () => {
  it('fits language and register', () => {
    expect(closingOf('de-DE', true)).toBe('Mit freundlichen Grüßen');
    expect(closingOf('de-AT', false)).toBe('Viele Grüße');
    expect(closingOf('en-GB', true)).toBe('Kind regards');
    expect(closingOf('en-US', false)).toBe('Best wishes');
  });
});

describe('contactNameOf', () => {
  const c = (over: Partial<Addressee & { company: string; id: string }>) => ({ ...a(over), company: '', id: 'c-9', ...over });
  it('names the contact the way the rep would in a to-do', () => {
    expect(contactNameOf(c({ salutation: 'ms', title: 'Dr.', firstName: 'Anna', lastName: 'Müller' }), 'de-DE')).toBe('Frau Dr. Müller');
    expect(contactNameOf(c({ salutation: 'ms', lastName: 'Müller' }), 'en-GB')).toBe('Ms Müller');
    expect(contactNameOf(c({ formal: false, salutation: 'mr', firstName: 'Jan', lastName: 'Weber' }), 'de-DE')).toBe('Jan Weber');
    expect(contactNameOf(c({ firstName: 'Alex', lastName: 'Kim' }), 'de-DE')).toBe('Alex Kim');
    expect(contactNameOf(c({ salutation: 'mr', lastName: 'Weber' }), 'de-DE')).toBe('Herr Weber');
    expect(contactNameOf(c({ salutation: 'mr', lastName: 'Weber' }), 'de-DE', true)).toBe('Herrn Weber');
    expect(contactNameOf(c({ salutation: 'ms', lastName: 'Müller' }), 'de-DE', true)).toBe('Frau Müller');
    expect(contactNameOf(c({ salutation: 'mr', lastName: 'Smith' }), 'en-GB', true)).toBe('Mr Smith');
    expect(contactNameOf(c({ company: 'Kim & Co' }), 'de-DE')).toBe('Kim & Co');
    expect(contactNameOf(c({}), 'de-DE')).toBe('c-9');
  });
});
