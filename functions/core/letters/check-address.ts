// The address pre-check: a letter whose address does not fit the envelope window, or that the post cannot
// deliver, is not printed. Each problem is a sentence that names the contact field and what to change, because a
// person fixes it in the contact data and not in the letter.
import { postcodeProblem } from '../contacts/postal-address';
import type { Contact } from '../model';
import type { RecipientAddress } from './address-lines';
import type { LetterGeometry } from './geometry';
import type { TextMeasure } from './text-measure';

const FIELD_LABEL = {
  company: 'company',
  name: 'title/firstName/lastName',
  street: 'address.street',
  city: 'address.postalCode/address.city',
  town: 'address.city',
  postalCode: 'address.postalCode',
  country: 'address.country',
} as const;

export function checkAddress(
  contact: Contact,
  address: RecipientAddress,
  geometry: LetterGeometry,
  measure: TextMeasure,
): string[] {
  const reasons: string[] = [];
  const { maxLines, maxWidth, size } = geometry.address;
  if (!contact.address.postalCode.trim()) {
    reasons.push('address.postalCode: the address has no postal code; add it to the contact.');
  }
  // a postcode the destination's post does not know (a German one of 4 digits) sends the letter on a detour or back
  const wrongPostcode = contact.address.postalCode.trim() ? postcodeProblem(address.destination, contact.address.postalCode) : undefined;
  if (wrongPostcode) reasons.push(`address.postalCode: ${wrongPostcode}; fix it in the contact.`);
  if (!contact.address.city.trim()) {
    reasons.push('address.city: the address has no city; add it to the contact.');
  }
  if (address.foreign && !address.countryLine) {
    reasons.push(
      `address.country: "${contact.address.country.trim()}" is not a country the letter can name, so the letter abroad would ` +
        'have no country line; use the two-letter ISO code, e.g. AT, CH or FR.',
    );
  }
  if (address.lines.length > maxLines) {
    reasons.push(
      `address: ${address.lines.length} lines, but the envelope window shows ${maxLines}; ` +
        'leave a line out (e.g. a second street line) or join two.',
    );
  }
  address.lines.forEach((line, i) => {
    const width = measure(line, { size });
    if (width > maxWidth) {
      const field = FIELD_LABEL[address.fields[i] ?? 'name'];
      reasons.push(
        `${field}: line ${i + 1} "${line}" is ${Math.ceil(width)} mm wide, but the envelope window holds ` +
          `${Math.floor(maxWidth)} mm at ${size} pt; shorten or abbreviate it.`,
      );
    }
  });
  return reasons;
}
