// Required fields: what a template or a campaign declares a contact must have. A contact lacking one gets a
// `needs_fix` draft naming it instead of a mail with a hole in it.
import type { Channel, Contact } from '../model';

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

/** What every draft of a channel needs whatever the campaign says: a mail needs an address, a letter a postal one. */
export const CHANNEL_NEEDS: Record<Channel, readonly string[]> = {
  email: ['email'],
  letter: ['address.street', 'address.postalCode', 'address.city'],
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

/** The fields (in the given order, without repeats) the contact lacks. Blank text counts as missing, so does salutation "none". */
export function missingFields(contact: Contact, fields: readonly string[]): string[] {
  const missing: string[] = [];
  for (const field of fields) {
    if (missing.includes(field)) continue;
    const value = valueOf(contact, field);
    const absent =
      value === undefined ||
      value === null ||
      (typeof value === 'string' && value.trim() === '') ||
      (field === 'salutation' && value === 'none');
    if (absent) missing.push(field);
  }
  return missing;
}
