// One row of a reps file -> the values it gives, or the reasons it cannot be used.
import { emailSchema, idSchema } from '../model';
import type { RepField } from './columns';
import { MAX_ROW_CHARS } from './import-source';
import { parseDay, parseLocale, type Problems } from './parse-values';
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
  /**
   * The absence the row gives (columns awayFrom, awayUntil, deputy): the dates and the deputy, checked against the
   * other reps by the import; null when the file has the date columns and the row leaves them empty (removes a
   * stored absence); undefined when the file has no date columns (the stored absence stays).
   */
  away?: { from: string; until: string; deputy?: string } | null;
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
  readAbsence(header, cell, patch, problems);
  return { patch, problems };
}

/** awayFrom and awayUntil come together; a deputy only with them. All three empty: no absence. */
function readAbsence(header: ResolvedHeader<RepField>, cell: (field: RepField) => string | undefined, patch: RepPatch, problems: Problems): void {
  const label = header.label;
  const fromText = cell('awayFrom') ?? '';
  const untilText = cell('awayUntil') ?? '';
  const deputyText = cell('deputy') ?? '';
  const missing = (field: RepField) => (header.has(field) ? `${label(field)} is empty` : `the file has no column ${field}`);
  const from = parseDay(fromText, label('awayFrom'), problems);
  const until = parseDay(untilText, label('awayUntil'), problems);
  let deputy: string | undefined;
  if (deputyText && !idSchema.safeParse(deputyText).success) problems.push(`${label('deputy')} "${deputyText.slice(0, 40)}" cannot be a rep id: write the deputy's id (1-64 letters, digits, dot, dash or underscore)`);
  else if (deputyText) deputy = deputyText;
  if (!fromText && !untilText) {
    if (deputyText) problems.push(`${label('deputy')} "${deputyText.slice(0, 40)}" is filled, but there is no absence: fill ${label('awayFrom')} and ${label('awayUntil')}, or leave ${label('deputy')} empty`);
    // a file with the date columns says the rep is not away; a file without them says nothing
    else if (header.has('awayFrom') || header.has('awayUntil')) patch.away = null;
    return;
  }
  if (!fromText) problems.push(`${missing('awayFrom')}, but ${label('awayUntil')} is filled: an absence needs both dates, e.g. 2027-01-12`);
  if (!untilText) problems.push(`${missing('awayUntil')}, but ${label('awayFrom')} is filled: an absence needs both dates, e.g. 2027-01-26`);
  if (from && until && (deputy || !deputyText)) patch.away = { from, until, ...(deputy ? { deputy } : {}) };
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
