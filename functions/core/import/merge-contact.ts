// A row's patch laid over the stored contact (or a new one), checked as a whole: the rules that need more
// than one cell (a letter needs an address, an email contact needs an address to write to) look at the
// result, so a file that only changes the channel is judged with the stored address. All problems of a row
// are reported together, so one round of fixing is enough.
import { checkPostcode, postcodeProblem } from '../contacts/postal-address';
import { addDays } from '../ids';
import { contactSchema, type Contact } from '../model';
import type { ContactField } from './columns';
import type { ReadContactRow } from './read-contact-row';
import { countryOfRegion } from './regions';
import type { ResolvedHeader } from './resolve-header';

export type MergeResult = { contact: Contact; problems: [] } | { contact?: undefined; problems: string[] };

export function mergeContact(
  stored: Contact | undefined,
  row: Pick<ReadContactRow, 'patch' | 'problems' | 'invalid'>,
  ctx: { id: string; now: Date; header: ResolvedHeader<ContactField>; homeCountry?: string },
): MergeResult {
  const now = ctx.now.toISOString();
  const { address, consent, custom, lastTouchAt, id: _id, ...fields } = row.patch;
  const mergedCustom = { ...(stored?.custom ?? {}) };
  for (const [name, value] of Object.entries(custom)) {
    if (value) mergedCustom[name] = value;
    else delete mergedCustom[name];
  }
  const input = {
    ...(stored ?? {}),
    ...defined(fields),
    id: ctx.id,
    address: { ...(stored?.address ?? {}), ...defined(address) },
    consent: { ...(stored?.consent ?? {}), ...defined(consent) },
    custom: mergedCustom,
    createdAt: stored?.createdAt ?? now,
    // new contacts are due at once; the due date moves below when a last touch is known
    nextDueAt: stored?.nextDueAt ?? now,
  } as Record<string, unknown> & Partial<Contact>;
  // an empty region or time zone cell removes the stored one (they have no default to fall back to)
  for (const key of ['region', 'timeZone'] as const) if (input[key] === '') delete input[key];
  const cadenceDays = input.cadenceDays ?? 30;
  if (lastTouchAt && (!stored?.lastTouchAt || lastTouchAt > stored.lastTouchAt)) {
    // the CRM knows a later touch than the ledger: it counts; a touch never moves back in time
    input.lastTouchAt = lastTouchAt;
    input.lastTouchChannel = undefined;
    input.nextDueAt = addDays(lastTouchAt, cadenceDays);
  } else if (stored?.lastTouchAt && cadenceDays !== stored.cadenceDays) {
    input.nextDueAt = addDays(stored.lastTouchAt, cadenceDays);
  }

  const problems = [
    ...row.problems,
    ...wholeContactProblems(input, row.invalid, ctx.header),
    ...regionProblems(input, row.invalid, ctx.header, ctx.homeCountry),
    ...postcodeProblems(input, row.invalid, ctx.header, ctx.homeCountry),
  ];
  if (problems.length) return { problems };
  const parsed = contactSchema.safeParse(input);
  if (!parsed.success) {
    return { problems: parsed.error.issues.map((i) => `${labelOfPath(i.path, ctx.header)}: ${i.message}`) };
  }
  const contact = parsed.data;
  // fields the schema does not know (written by a newer version) are carried over, not lost by the import
  for (const [key, value] of Object.entries(stored ?? {})) {
    if (!(key in contactSchema.shape)) (contact as Record<string, unknown>)[key] = value;
  }
  return { contact, problems: [] };
}

function wholeContactProblems(c: Partial<Contact>, invalid: ReadonlySet<ContactField>, header: ResolvedHeader<ContactField>): string[] {
  const label = header.label;
  const problems: string[] = [];
  const named = ['firstName', 'lastName', 'company'] as const;
  if (!named.some((f) => c[f]) && !named.some((f) => invalid.has(f))) {
    problems.push(`there is no name and no company: fill ${label('firstName')}/${label('lastName')} or ${label('company')}`);
  }
  const channel = c.channel ?? 'email';
  if (invalid.has('channel')) return problems;
  if (channel === 'email' && !c.email && !invalid.has('email')) {
    problems.push(`channel email needs an email address: fill ${label('email')} or choose another ${label('channel')}`);
  }
  if (channel === 'letter') {
    const missing = (['street', 'postalCode', 'city'] as const).filter((f) => !c.address?.[f]).map((f) => label(f));
    if (missing.length) problems.push(`channel letter needs a full postal address: fill ${missing.join(', ')}`);
  }
  return problems;
}

/** The region lies in the contact's country (empty: the home country), whether either comes from the file or the ledger. */
function regionProblems(c: Partial<Contact>, invalid: ReadonlySet<ContactField>, header: ResolvedHeader<ContactField>, homeCountry: string | undefined): string[] {
  // a file that says nothing about where the contact is does not judge what the ledger already holds
  if (!header.has('region') && !header.has('country')) return [];
  if (!c.region || invalid.has('region') || invalid.has('country')) return [];
  const label = header.label;
  const country = (c.address?.country || homeCountry || '').toUpperCase();
  const regionCountry = countryOfRegion(c.region);
  if (!country || regionCountry === country) return [];
  const whose = c.address?.country ? `the contact's country is ${country}` : `the contact's country is ${country} (${label('country')} is empty: the home country)`;
  if (header.has('region')) return [`${label('region')} "${c.region}" lies in ${regionCountry}, but ${whose}: fix ${label('region')} or ${label('country')}`];
  return [
    `the stored region "${c.region}" lies in ${regionCountry}, but ${whose}: add a column region with the contact's new region, or leave its cell empty to remove the region`,
  ];
}

/**
 * The postcode fits the contact's country (empty: the home country), whichever of the two the file gives; a fitting
 * one is stored in its printed form (UK "eh22pf" as EH2 2PF, NL "1012ab" as 1012 AB). Any contact with a postcode is
 * judged, not only letter contacts: the address is the same when the channel changes.
 */
function postcodeProblems(c: Partial<Contact>, invalid: ReadonlySet<ContactField>, header: ResolvedHeader<ContactField>, homeCountry: string | undefined): string[] {
  // a file that says nothing about the address does not judge what the ledger already holds
  if (!header.has('postalCode') && !header.has('country')) return [];
  if (invalid.has('postalCode') || invalid.has('country') || !c.address?.postalCode) return [];
  const label = header.label;
  const country = (c.address.country || homeCountry || '').toUpperCase();
  const check = checkPostcode(country, c.address.postalCode);
  if (check.ok) {
    c.address.postalCode = check.postcode;
    return [];
  }
  const countryNote = c.address.country ? undefined : `${label('country')} is empty: the home country`;
  const problem = postcodeProblem(country, c.address.postalCode, { countryNote })!;
  if (header.has('postalCode')) return [`${label('postalCode')} ${problem}; fix ${label('postalCode')}${header.has('country') ? ` or ${label('country')}` : ''}`];
  return [`the stored postcode ${problem}: add a column ${label('postalCode')} with the contact's postcode in ${country}`];
}

function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function labelOfPath(path: readonly PropertyKey[], header: ResolvedHeader<ContactField>): string {
  const leaf = String(path[path.length - 1] ?? path[0] ?? 'row');
  const field = path[0] === 'consent' ? (`consent${leaf[0]!.toUpperCase()}${leaf.slice(1)}` as ContactField) : (leaf as ContactField);
  return header.has(field) ? header.label(field) : String(path.join('.'));
}
