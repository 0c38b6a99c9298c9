// Postcodes per country: whether a postcode fits the country the letter goes to, in the form its post prints it.
// The formats of about 190 countries come from the postcode-validator package (pinned; one regular expression
// per country, no dependencies). Here are only what a person needs in a message (the expected format of the
// countries our customers live in) and the harmless forms a CRM export holds that are turned into the printed
// one: any case and spacing of a UK postcode, "1234ab" in the Netherlands, "75 001" in France, an old country
// prefix such as "D-10115". A country the package does not know accepts any postcode: nothing to check it by.
import { postcodeValidator, postcodeValidatorExistsForCountry } from 'postcode-validator';

export type PostcodeCheck =
  /** `postcode` is the form to store and print (normalised). */
  | { ok: true; postcode: string }
  /** `expected` describes the country's format, with an example, for a message. */
  | { ok: false; expected: string };

/** The countries whose format a message spells out; others are named by the country only. */
const EXPECTED: Record<string, string> = {
  DE: '5 digits, e.g. 10115 (a spreadsheet may have dropped a leading 0: 1067 is 01067)',
  AT: '4 digits, e.g. 1010',
  CH: '4 digits, e.g. 8001',
  LI: '4 digits, e.g. 9490',
  DK: '4 digits, e.g. 1050',
  BE: '4 digits, e.g. 1000',
  LU: '4 digits, e.g. 1611',
  PL: '2 digits, a dash and 3 digits, e.g. 00-950',
  GB: 'the outward code (area and district, e.g. EH2 or SW1A), a space and the inward code (a digit and two letters), e.g. EH2 2PF',
  NL: '4 digits, a space and 2 letters, e.g. 1012 AB',
  FR: '5 digits, e.g. 75001',
  IT: '5 digits, e.g. 00184',
  ES: '5 digits, e.g. 28001',
};

/** Countries where a CRM may still carry the old prefix ("D-10115", "CH-8001"): ISO code or car code, a dash. */
const OLD_PREFIX: Record<string, RegExp> = {
  DE: /^(?:DE?)-(?=\d)/,
  AT: /^(?:AT?)-(?=\d)/,
  CH: /^CH-(?=\d)/,
  LI: /^(?:FL|LI)-(?=\d)/,
  FR: /^(?:FR?)-(?=\d)/,
  IT: /^(?:IT?)-(?=\d)/,
  BE: /^(?:BE?)-(?=\d)/,
  LU: /^(?:LU?)-(?=\d)/,
  DK: /^DK-(?=\d)/,
  NL: /^NL-(?=\d)/,
  PL: /^PL-(?=\d)/,
};

/** UK and the Crown Dependencies write the inward code (the last three characters) after one space. */
const UK_STYLE = new Set(['GB', 'GG', 'JE', 'IM']);

/** The Girobank postcode: a real one, outside the outward/inward pattern that the package checks. */
const GIROBANK = 'GIR 0AA';

/** Upper case, one space between parts, and the country's own spacing where it has one. */
function printedForm(country: string, raw: string): string {
  let text = raw.normalize('NFKC').trim().replace(/\s+/g, ' ').toUpperCase();
  const prefix = OLD_PREFIX[country];
  if (prefix) text = text.replace(prefix, '');
  if (UK_STYLE.has(country)) {
    const compact = text.replace(/ /g, '');
    return compact.length >= 5 && compact.length <= 7 ? `${compact.slice(0, -3)} ${compact.slice(-3)}` : text;
  }
  if (country === 'NL') return text.replace(/^(\d{4}) ?([A-Z]{2})$/, '$1 $2');
  if (country === 'FR') return text.replace(/^(\d{2}) (\d{3})$/, '$1$2');
  return text;
}

/**
 * Whether `postcode` fits `country` (ISO 3166-1 alpha-2), and its printed form. An empty postcode or country, or a
 * country without a known format, is not judged here (it is ok, as given).
 */
export function checkPostcode(country: string, postcode: string): PostcodeCheck {
  const code = country.trim().toUpperCase();
  if (!postcode.trim() || !/^[A-Z]{2}$/.test(code) || !postcodeValidatorExistsForCountry(code)) return { ok: true, postcode };
  const printed = printedForm(code, postcode);
  if ((code === 'GB' && printed === GIROBANK) || postcodeValidator(printed, code)) return { ok: true, postcode: printed };
  return { ok: false, expected: expectedFormat(code) };
}

let englishNames: Intl.DisplayNames | undefined;

/**
 * `"1234" is not a postcode of Germany (DE): write 5 digits, e.g. 10115 ...` for a postcode that does not fit its
 * country; undefined when it fits (or cannot be judged). The caller puts the field or column in front.
 */
export function postcodeProblem(country: string, postcode: string, opts: { countryNote?: string } = {}): string | undefined {
  const check = checkPostcode(country, postcode);
  if (check.ok) return undefined;
  const code = country.trim().toUpperCase();
  englishNames ??= new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });
  const note = opts.countryNote ? `; ${opts.countryNote}` : '';
  return `"${postcode.trim()}" is not a postcode of ${englishNames.of(code)} (${code}${note}): write ${check.expected}`;
}

/** The format a message asks for: spelled out for the usual countries, else "the format of postcodes in XY". */
export function expectedFormat(country: string): string {
  return EXPECTED[country] ?? `the format of postcodes in ${country}`;
}
