// Required fields: what a template or a campaign declares a contact must have. A contact lacking one gets a
// `needs_fix` draft naming it instead of a mail with a hole in it. A letter also needs an address the envelope
// window shows and the post can read: the export's address check (letters/check-address.ts) runs when the letter
// is drafted, so the rep never approves a letter the export would send back to needs_fix.
import { recipientAddressOf } from '../letters/address-lines';
import { checkAddress } from '../letters/check-address';
import { geometryOf } from '../letters/geometry';
import { addressWindowMeasure } from '../letters/window-measure';
import { LANGUAGES, type Channel, type Contact } from '../model';

export const REQUIRABLE_FIELDS = [
  'salutation',
  'title',
  'firstName',
  'lastName',
  'company',
  'email',
  'phone',
  'address.street',
  'address.postalCode',
  'address.city',
  'address.country',
  'lastTouchAt',
] as const;

const CUSTOM_FIELD = /^custom\.[A-Za-z0-9_-]{1,64}$/;

/**
 * Not a field but a requirement of every letter: its address passes the window and postcode check. Campaigns cannot
 * name it; missingFields answers it with the check's sentences (`company: line 1 "…" is 96 mm wide ...`).
 */
export const LETTER_ADDRESS = 'letter address';

/** What every draft of a channel needs whatever the campaign says: a mail needs an address, a letter a postal one. */
export const CHANNEL_NEEDS: Record<Channel, readonly string[]> = {
  email: ['email'],
  letter: ['address.street', 'address.postalCode', 'address.city', LETTER_ADDRESS],
  visit: [],
  call: [],
};

export function requiredFieldProblem(field: string): string | undefined {
  if ((REQUIRABLE_FIELDS as readonly string[]).includes(field) || CUSTOM_FIELD.test(field)) return undefined;
  return `unknown field ${JSON.stringify(field)}; use ${REQUIRABLE_FIELDS.join(', ')} or custom.<name>`;
}

function valueOf(contact: Contact, field: string): unknown {
  if (field.startsWith('custom.')) {
    const key = field.slice('custom.'.length);
    return Object.prototype.hasOwnProperty.call(contact.custom, key) ? contact.custom[key] : undefined;
  }
  if (field.startsWith('address.')) return contact.address[field.slice('address.'.length) as keyof Contact['address']];
  return contact[field as keyof Contact];
}

/**
 * The fields (in the given order, without repeats) the contact lacks. Blank text counts as missing, so does salutation
 * "none". LETTER_ADDRESS adds the letter address problems last, leaving out those of fields already named; `letter`
 * says what the export will know (the sender's home country, the writer's locale), see letterAddressProblems.
 */
export function missingFields(contact: Contact, fields: readonly string[], letter: { homeCountry?: string; senderLocale?: string } = {}): string[] {
  const missing: string[] = [];
  for (const field of fields) {
    if (missing.includes(field) || field === LETTER_ADDRESS) continue;
    const value = valueOf(contact, field);
    const absent =
      value === undefined ||
      value === null ||
      (typeof value === 'string' && value.trim() === '') ||
      (field === 'salutation' && value === 'none');
    if (absent) missing.push(field);
  }
  if (fields.includes(LETTER_ADDRESS)) {
    // "address.postalCode: the address has no postal code" says again what the field name already says
    missing.push(...letterAddressProblems(contact, letter).filter((reason) => !missing.includes(reason.slice(0, reason.indexOf(':')))));
  }
  return missing;
}

/**
 * What the export's address check would say about a letter to this contact (letters/check-address.ts), measured
 * with the letter font's widths (letters/window-measure.ts); both letter forms have the same address zone.
 * Without `homeCountry` any country on the contact counts as abroad (its line is counted and checked), and a
 * postcode without a country is not judged. Without `senderLocale` the country line is checked in every language a
 * rep may write in. Each unknown makes the check stricter, never laxer.
 */
export function letterAddressProblems(contact: Contact, opts: { homeCountry?: string; senderLocale?: string } = {}): string[] {
  const geometry = geometryOf('B');
  for (const senderLocale of opts.senderLocale ? [opts.senderLocale] : LANGUAGES) {
    const address = recipientAddressOf(contact, { homeCountry: opts.homeCountry ?? '', letterLocale: contact.locale, senderLocale });
    const reasons = checkAddress(contact, address, geometry, addressWindowMeasure);
    if (reasons.length > 0) return reasons;
  }
  return [];
}
