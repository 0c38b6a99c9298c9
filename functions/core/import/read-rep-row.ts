// One row of a reps file -> the values it gives, or the reasons it cannot be used.
import { emailSchema, idSchema } from '../model';
import type { RepField } from './columns';
import { MAX_ROW_CHARS } from './import-source';
import { parseLocale, type Problems } from './parse-values';
import { parseRegion, type RegionVocabulary } from './regions';
import type { ResolvedHeader } from './resolve-header';
import { cellText } from './cell-text';

export interface RepPatch {
  id?: string;
  name?: string;
  email?: string;
  phone?: string;
  title?: string;
  locale?: string;
  timeZone?: string;
  /** DE, DE-BY, DE-BY-A; '' removes a stored region */
  region?: string;
  signature?: string;
}

export function readRepRow(
  header: ResolvedHeader<RepField>,
  record: readonly string[],
  ctx: { regions?: RegionVocabulary } = {},
): { patch: RepPatch; problems: Problems } {
  const problems: Problems = [];
  const patch: RepPatch = {};
  const size = record.reduce((n, cell) => n + cell.length, 0);
  if (size > MAX_ROW_CHARS) {
    problems.push(`the row holds ${size} characters, more than ${MAX_ROW_CHARS}: shorten its longest values`);
    return { patch, problems };
  }
  const cell = (field: RepField): string | undefined => {
    const i = header.index.get(field);
    // a signature keeps its inner line breaks; only the ends are trimmed
    return i === undefined ? undefined : cellText(record[i]);
  };
  const label = header.label;

  const id = cell('id') ?? '';
  if (!id) problems.push(`${label('id')} is empty: every rep needs an id (short, e.g. the initials)`);
  else if (!idSchema.safeParse(id).success) problems.push(`${label('id')} "${id}" cannot be used as an id: use 1-64 letters, digits, dot, dash or underscore`);
  else patch.id = id;

  const name = cell('name') ?? '';
  if (!name) problems.push(`${label('name')} is empty: fill in the rep's full name`);
  else patch.name = name;

  const email = cell('email') ?? '';
  if (!email) problems.push(`${label('email')} is empty: the rep's address receives the drafts to approve`);
  else if (!emailSchema.safeParse(email).success) problems.push(`${label('email')} "${email}" is not a valid address`);
  else patch.email = email;

  for (const field of ['phone', 'title', 'signature'] as const) {
    const value = cell(field);
    if (value !== undefined) patch[field] = value;
  }
  const locale = cell('locale');
  if (locale !== undefined) patch.locale = parseLocale(locale, label('locale'), problems);
  const timeZone = cell('timeZone');
  if (timeZone) {
    if (isTimeZone(timeZone)) patch.timeZone = timeZone;
    else problems.push(`${label('timeZone')} "${timeZone}" is not a time zone: use a name such as Europe/Berlin or Europe/Vienna`);
  }
  const region = cell('region');
  if (region === '') patch.region = '';
  else if (region !== undefined) {
    if (!ctx.regions) problems.push(`${label('region')} cannot be checked: this import was started without the list of regions`);
    // a rep's calendar may be a whole country (DE); codes without a country are read in the home country
    else patch.region = parseRegion(ctx.regions, region, label('region'), problems, { allowCountry: true });
  }
  return { patch, problems };
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
