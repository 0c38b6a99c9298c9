// The recipient block of a letter, built from the contact: company, name line, street, postal code and city,
// and for letters abroad the country's name (never its code) in capitals in the sender's language (as the post of
// the sending country reads it, DIN 5008), on the last line. Letters to the United Kingdom (and the Crown
// Dependencies) are in Royal Mail's order instead: the post town in capitals on its own line, then the postcode on
// its own line, then the country.
import { checkPostcode } from '../contacts/postal-address';
import { languageOf, type Contact, type Language } from '../model';

/** city: postal code and city on one line; town and postalCode: the two lines of a UK address. */
export type AddressField = 'company' | 'name' | 'street' | 'city' | 'town' | 'postalCode' | 'country';

/** Destinations addressed the Royal Mail way: town, then postcode, each on a line of its own. */
const ROYAL_MAIL_ORDER = new Set(['GB', 'GG', 'JE', 'IM']);

export interface RecipientAddress {
  lines: string[];
  /** Where each line came from, so a problem can name the field to fix. */
  fields: AddressField[];
  /** The address is in another country than the sender's. */
  foreign: boolean;
  /** The country as stored on the contact (upper case), or '' for domestic. */
  country: string;
  /** Where the letter goes: the contact's country, else the home country (upper case; '' when neither is known). */
  destination: string;
  /** The printed country line, when the country code could be named. */
  countryLine?: string;
}

const displayNames = new Map<string, Intl.DisplayNames>();
const names = new Map<string, string | undefined>();

/** The country's name in `locale`, or undefined when the code is not an ISO 3166 region. */
export function countryName(code: string, locale: string): string | undefined {
  const upper = code.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(upper) || upper === 'ZZ') return undefined;
  const key = `${locale}|${upper}`;
  if (names.has(key)) return names.get(key);
  let display = displayNames.get(locale);
  if (!display) {
    display = new Intl.DisplayNames([locale], { type: 'region', fallback: 'none' });
    displayNames.set(locale, display);
  }
  const name = display.of(upper);
  names.set(key, name);
  return name;
}

/** "Frau Dr. Anna Müller" / "Dr. Anna Müller" / "Ms Anna Miller": the person line in the letter's language. */
export function nameLineOf(contact: Contact, language: Language): string {
  const name = [contact.firstName, contact.lastName].map((s) => s.trim()).filter(Boolean).join(' ');
  if (!name) return '';
  const title = contact.title.trim();
  if (language === 'de') {
    const form = contact.salutation === 'ms' ? 'Frau' : contact.salutation === 'mr' ? 'Herr' : '';
    return [form, title, name].filter(Boolean).join(' ');
  }
  // English addresses use the academic title instead of Ms/Mr
  const form = title || (contact.salutation === 'ms' ? 'Ms' : contact.salutation === 'mr' ? 'Mr' : '');
  return [form, name].filter(Boolean).join(' ');
}

export function recipientAddressOf(
  contact: Contact,
  opts: { homeCountry: string; letterLocale: string; senderLocale: string },
): RecipientAddress {
  const a = contact.address;
  const country = a.country.trim().toUpperCase();
  const foreign = country !== '' && country !== opts.homeCountry.trim().toUpperCase();
  const lines: string[] = [];
  const fields: AddressField[] = [];
  const add = (field: AddressField, text: string) => {
    // an imported value may hold line breaks ("c/o ...\nHauptstraße 1"): each is a line of its own in the window
    for (const part of text.split(/\r?\n/)) {
      const line = part.replace(/\s+/g, ' ').trim();
      if (line) {
        lines.push(line);
        fields.push(field);
      }
    }
  };
  add('company', contact.company);
  add('name', nameLineOf(contact, languageOf(opts.letterLocale)));
  add('street', a.street);
  const destination = country || opts.homeCountry.trim().toUpperCase();
  // printed the way the destination's post writes it ("eh22pf" as EH2 2PF); one that does not fit stays as stored
  const fit = checkPostcode(destination, a.postalCode.trim());
  const postalCode = fit.ok ? fit.postcode : a.postalCode.trim();
  if (ROYAL_MAIL_ORDER.has(destination)) {
    add('town', a.city.trim().toLocaleUpperCase('en-GB'));
    add('postalCode', postalCode);
  } else {
    add('city', [postalCode, a.city.trim()].filter(Boolean).join(' '));
  }
  let countryLine: string | undefined;
  if (foreign) {
    const name = countryName(country, opts.senderLocale);
    if (name) {
      countryLine = name.toLocaleUpperCase(opts.senderLocale);
      add('country', countryLine);
    }
  }
  return { lines, fields, foreign, country, destination, countryLine };
}
