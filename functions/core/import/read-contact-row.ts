// One row of a contacts file -> the values it gives (a patch), or the reasons it cannot be used.
// Only the columns the file has are in the patch: a file without a phone column leaves stored phones alone.
import { emailSchema, idSchema, type Address, type Channel, type Consent, type Salutation } from '../model';
import { CONTACT_FIELDS, type ContactField } from './columns';
import { MAX_ROW_CHARS } from './import-source';
import {
  parseCadence,
  parseChannel,
  parseCountry,
  parseDateTime,
  parseFormal,
  parseLocale,
  parseSalutation,
  parseTags,
  parseTimeZone,
  parseYesNo,
  type Problems,
} from './parse-values';
import { parseRegion, type RegionVocabulary } from './regions';
import type { RepDirectory } from './rep-directory';
import type { ResolvedHeader } from './resolve-header';
import { cellText } from './cell-text';

export interface ContactPatch {
  id?: string;
  salutation?: Salutation;
  title?: string;
  firstName?: string;
  lastName?: string;
  company?: string;
  email?: string;
  phone?: string;
  address: Partial<Address>;
  /** ISO 3166-2 code (DE-BY, DE-BY-A); '' removes a stored region */
  region?: string;
  /** IANA time zone; '' removes a stored one */
  timeZone?: string;
  channel?: Channel;
  locale?: string;
  formal?: boolean;
  cadenceDays?: number;
  repId?: string;
  tags?: string[];
  /** custom column -> value; an empty value removes the custom field */
  custom: Record<string, string>;
  consent: Partial<Consent>;
  optedOut?: boolean;
  lastTouchAt?: string;
}

const TEXT_FIELDS = ['title', 'firstName', 'lastName', 'company', 'phone'] as const;
const ADDRESS_FIELDS = ['street', 'postalCode', 'city'] as const;
const CONSENT_FIELDS = { consentEmail: 'email', consentLetter: 'letter', consentCall: 'call', consentVisit: 'visit' } as const;

export interface ReadContactRow {
  patch: ContactPatch;
  problems: Problems;
  /** Fields whose cell could not be used: the whole-contact rules do not judge what is already refused. */
  invalid: Set<ContactField>;
}

export function readContactRow(
  header: ResolvedHeader<ContactField>,
  record: readonly string[],
  ctx: { reps: RepDirectory; now: Date; regions?: RegionVocabulary },
): ReadContactRow {
  const problems: Problems = [];
  const invalid = new Set<ContactField>();
  const patch: ContactPatch = { address: {}, custom: {}, consent: {} };
  const size = record.reduce((n, cell) => n + cell.length, 0);
  if (size > MAX_ROW_CHARS) {
    problems.push(`the row holds ${size} characters, more than ${MAX_ROW_CHARS}: shorten its longest values`);
    return { patch, problems, invalid: new Set(CONTACT_FIELDS) };
  }
  const label = header.label;
  /** Runs `use` on the field's cell when the file has the column; notes the field when it added a problem. */
  const take = (field: ContactField, use: (value: string) => void) => {
    const i = header.index.get(field);
    if (i === undefined) return;
    const before = problems.length;
    use(cellText(record[i]));
    if (problems.length > before) invalid.add(field);
  };

  take('id', (id) => {
    if (!id) problems.push(`${label('id')} is empty: fill it, or leave out the whole column to match contacts by email`);
    else if (!idSchema.safeParse(id).success) problems.push(`${label('id')} "${id}" cannot be used as an id: use 1-64 letters, digits, dot, dash or underscore`);
    else patch.id = id;
  });
  take('email', (email) => {
    if (email && !emailSchema.safeParse(email).success) problems.push(`${label('email')} "${email}" is not a valid address`);
    else patch.email = email;
  });
  for (const field of TEXT_FIELDS) take(field, (value) => (patch[field] = value));
  for (const field of ADDRESS_FIELDS) take(field, (value) => (patch.address[field] = value));
  take('country', (value) => (patch.address.country = parseCountry(value, label('country'), problems)));
  take('region', (value) => {
    if (!value) patch.region = '';
    else if (!ctx.regions) problems.push(`${label('region')} cannot be checked: this import was started without the list of regions`);
    // the row's own country completes "BY"; without a usable country cell the home country does (merge judges the result)
    else patch.region = parseRegion(ctx.regions, value, label('region'), problems, { country: invalid.has('country') ? undefined : patch.address.country });
  });
  take('timeZone', (value) => (patch.timeZone = parseTimeZone(value, label('timeZone'), problems)));
  take('salutation', (value) => (patch.salutation = parseSalutation(value, label('salutation'), problems)));
  take('channel', (value) => (patch.channel = parseChannel(value, label('channel'), problems)));
  take('locale', (value) => (patch.locale = parseLocale(value, label('locale'), problems)));
  take('formal', (value) => (patch.formal = parseFormal(value, label('formal'), problems)));
  take('cadenceDays', (value) => (patch.cadenceDays = parseCadence(value, label('cadenceDays'), problems)));
  take('tags', (value) => (patch.tags = parseTags(value)));
  take('lastTouchAt', (value) => (patch.lastTouchAt = parseDateTime(value, label('lastTouchAt'), ctx.now, problems)));
  for (const [field, channelName] of Object.entries(CONSENT_FIELDS) as Array<[keyof typeof CONSENT_FIELDS, keyof Consent]>) {
    take(field, (value) => (patch.consent[channelName] = parseYesNo(value, label(field), problems)));
  }
  take('optedOut', (value) => (patch.optedOut = parseYesNo(value, label('optedOut'), problems)));
  take('repId', (rep) => {
    if (!rep) problems.push(`${label('repId')} is empty: fill it with the id or email of the contact's rep`);
    else {
      patch.repId = ctx.reps.resolve(rep);
      if (!patch.repId) problems.push(`rep "${rep}" is not known: import reps first or fix ${label('repId')}`);
    }
  });

  header.columns.forEach((target, i) => {
    if (target.kind === 'custom') patch.custom[target.name] = cellText(record[i]);
  });
  return { patch, problems, invalid };
}
