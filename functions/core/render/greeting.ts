// How a letter or mail opens and closes, and how a contact is named in a rep's task. A wrong or blank greeting
// ("Hallo ,") is the most visible mistake a personal update can make, so the rules live in one place.
import { languageOf, type Salutation } from '../model';

export interface Addressee {
  salutation: Salutation;
  title: string;
  firstName: string;
  lastName: string;
  locale: string;
  /** true: Sie / formal English. */
  formal: boolean;
}

const clean = (s: string | undefined | null) => (s ?? '').replace(/\s+/g, ' ').trim();

/** US English writes "Ms." and "Dr."; British and international English write "Ms" and "Dr". */
const usesPeriods = (locale: string) => locale === 'en-US';

/** English keeps only the titles English uses in a salutation (Dr, Professor); "Mag." or "Dipl.-Ing." are dropped. */
function englishTitle(title: string, locale: string): string | undefined {
  if (/prof/i.test(title)) return 'Professor';
  if (/\bdr\b/i.test(title)) return usesPeriods(locale) ? 'Dr.' : 'Dr';
  return undefined;
}

function englishHonorific(salutation: Salutation, locale: string): string | undefined {
  if (salutation === 'none') return undefined;
  const h = salutation === 'ms' ? 'Ms' : 'Mr';
  return usesPeriods(locale) ? `${h}.` : h;
}

/**
 * German: "Frau Dr. Müller" ("Herrn Weber" as the object of a sentence). English: "Dr Smith", "Ms Smith".
 * Undefined when there is no surname or no form.
 */
function formalName(a: Addressee, accusative = false): string | undefined {
  const last = clean(a.lastName);
  if (!last) return undefined;
  const title = clean(a.title);
  if (languageOf(a.locale) === 'de') {
    if (a.salutation === 'none') return undefined;
    return [a.salutation === 'ms' ? 'Frau' : accusative ? 'Herrn' : 'Herr', title, last].filter(Boolean).join(' ');
  }
  const form = englishTitle(title, a.locale) ?? englishHonorific(a.salutation, a.locale);
  return form ? `${form} ${last}` : undefined;
}

/**
 * The greeting line without the trailing comma.
 * de, Sie: "Sehr geehrte Frau Dr. Müller", "Sehr geehrter Herr Weber", no salutation form but a full name:
 *   "Guten Tag Alex Müller", otherwise "Sehr geehrte Damen und Herren".
 * de, Du: "Liebe Anna", "Lieber Jan", "Hallo Alex"; without a first name "Hallo Frau Müller" or "Hallo".
 * en, formal: "Dear Ms Smith", "Dear Dr Smith", "Dear Alex Smith", otherwise "Dear Sir or Madam".
 * en, informal: "Dear Anna"; without a first name the formal line.
 */
export function greetingOf(a: Addressee): string {
  const first = clean(a.firstName);
  const last = clean(a.lastName);
  const title = clean(a.title);
  if (languageOf(a.locale) === 'de') {
    if (!a.formal) {
      if (first) return a.salutation === 'ms' ? `Liebe ${first}` : a.salutation === 'mr' ? `Lieber ${first}` : `Hallo ${first}`;
      const name = formalName(a);
      return name ? `Hallo ${name}` : 'Hallo';
    }
    if (last && a.salutation === 'ms') return `Sehr geehrte ${formalName(a)}`;
    if (last && a.salutation === 'mr') return `Sehr geehrter ${formalName(a)}`;
    if (first && last) return `Guten Tag ${[title, first, last].filter(Boolean).join(' ')}`;
    return 'Sehr geehrte Damen und Herren';
  }
  if (!a.formal && first) return `Dear ${first}`;
  const name = formalName(a);
  if (name) return `Dear ${name}`;
  if (first && last) return `Dear ${first} ${last}`;
  return 'Dear Sir or Madam';
}

/**
 * The line a deputy's mail or letter opens its text with while the rep is away: who is away, until when, and that
 * the writer stands in. `until` is the last day away, already formatted for the reader.
 */
export function standInLineOf(locale: string, formal: boolean, repName: string, until: string): string {
  if (languageOf(locale) === 'de') {
    return `${repName} ist bis einschließlich ${until} nicht im Haus; in dieser Zeit bin ich für ${formal ? 'Sie' : 'dich'} da.`;
  }
  return formal ? `${repName} is away until ${until}; in the meantime I am looking after you.` : `${repName} is away until ${until}; till then I'm here for you.`;
}

/** The closing formula above the signature. */
export function closingOf(locale: string, formal: boolean): string {
  if (languageOf(locale) === 'de') return formal ? 'Mit freundlichen Grüßen' : 'Viele Grüße';
  return formal ? 'Kind regards' : 'Best wishes';
}

/**
 * The contact as a rep would name them in a to-do, in the rep's language: "Frau Dr. Müller", "Ms Smith";
 * first-name terms: "Anna Schmidt". Falls back to the company, then to the contact id. `accusative` for the
 * object of a German sentence: "Herrn Weber anrufen".
 */
export function contactNameOf(a: Addressee & { company: string; id: string }, repLocale: string, accusative = false): string {
  const first = clean(a.firstName);
  const last = clean(a.lastName);
  if (!a.formal && first) return [first, last].filter(Boolean).join(' ');
  const name = formalName({ ...a, locale: repLocale }, accusative);
  if (name) return name;
  if (first || last) return [first, last].filter(Boolean).join(' ');
  return clean(a.company) || a.id;
}
