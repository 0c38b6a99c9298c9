// Cell values as people type them, turned into the model's values. Each parser gets the column label as
// written in the file and adds a reason a person can act on to `problems` when it cannot understand the cell.
// An empty cell is `undefined` (not given) for the enumerated fields, so the default or the stored value stays.
import type { Channel, Salutation } from '../model';
import { timeZoneProblem } from '../schedule';
import { countryCode } from './countries';
import { foldKey } from './fold-key';

export type Problems = string[];

const SALUTATIONS: Record<string, Salutation> = {
  frau: 'ms',
  ms: 'ms',
  mrs: 'ms',
  miss: 'ms',
  w: 'ms',
  weiblich: 'ms',
  female: 'ms',
  herr: 'mr',
  mr: 'mr',
  m: 'mr',
  mannlich: 'mr',
  male: 'mr',
  divers: 'none',
  d: 'none',
  none: 'none',
  neutral: 'none',
};

/** Frau/Herr/Ms/Mrs/Mr/Divers; empty means a neutral greeting. */
export function parseSalutation(raw: string, label: string, problems: Problems): Salutation {
  return parseWord(SALUTATIONS, raw, label, problems, 'is not known: use Frau, Herr, Divers (or Ms, Mr) or leave it empty') ?? 'none';
}

const CHANNELS: Record<string, Channel> = {
  email: 'email',
  mail: 'email',
  brief: 'letter',
  letter: 'letter',
  post: 'letter',
  besuch: 'visit',
  visit: 'visit',
  anruf: 'call',
  telefon: 'call',
  call: 'call',
  phone: 'call',
};

export function parseChannel(raw: string, label: string, problems: Problems): Channel | undefined {
  return parseWord(CHANNELS, raw, label, problems, 'is not a known channel: use E-Mail, Brief, Besuch or Anruf (email, letter, visit, call)');
}

const LANGUAGE_NAMES: Record<string, string> = {
  de: 'de',
  deu: 'de',
  ger: 'de',
  deutsch: 'de',
  german: 'de',
  en: 'en',
  eng: 'en',
  englisch: 'en',
  english: 'en',
};

/** de, en, de-AT, en_GB, Deutsch, English ... -> a locale with templates. */
export function parseLocale(raw: string, label: string, problems: Problems): string | undefined {
  const text = raw.trim();
  if (!text) return undefined;
  const regional = /^([A-Za-z]{2})[-_]([A-Za-z]{2})$/.exec(text);
  const language = regional ? LANGUAGE_NAMES[regional[1]!.toLowerCase()] : LANGUAGE_NAMES[foldKey(text)];
  if (!language) {
    problems.push(`${label} "${text}" has no templates: use de or en, or a regional form such as de-AT or en-GB`);
    return undefined;
  }
  return regional ? `${language}-${regional[2]!.toUpperCase()}` : language;
}

const FORMAL: Record<string, boolean> = {
  sie: true,
  formal: true,
  formell: true,
  formlich: true,
  ja: true,
  j: true,
  yes: true,
  y: true,
  true: true,
  wahr: true,
  '1': true,
  du: false,
  informal: false,
  informell: false,
  nein: false,
  n: false,
  no: false,
  false: false,
  falsch: false,
  '0': false,
};

/** Sie/Du, formal/informal, ja/nein, true/false. */
export function parseFormal(raw: string, label: string, problems: Problems): boolean | undefined {
  return parseWord(FORMAL, raw, label, problems, 'is not understood: use Sie or Du');
}

/** A cell looked up, folded, in a table of the words it may hold; an empty cell is undefined, an unknown word a problem. */
function parseWord<T>(table: Record<string, T>, raw: string, label: string, problems: Problems, problem: string): T | undefined {
  const key = foldKey(raw);
  if (!key) return undefined;
  const value = Object.hasOwn(table, key) ? table[key] : undefined;
  if (value === undefined) problems.push(`${label} "${raw.trim()}" ${problem}`);
  return value;
}

const YES_NO: Record<string, boolean> = {
  ja: true,
  j: true,
  yes: true,
  y: true,
  true: true,
  wahr: true,
  x: true,
  '1': true,
  nein: false,
  n: false,
  no: false,
  false: false,
  falsch: false,
  '0': false,
};

export function parseYesNo(raw: string, label: string, problems: Problems): boolean | undefined {
  return parseWord(YES_NO, raw, label, problems, 'is not understood: use ja or nein (yes or no)');
}

export function parseCountry(raw: string, label: string, problems: Problems): string {
  const code = countryCode(raw);
  if (code === undefined) {
    problems.push(`${label} "${raw.trim()}" is not a known country: use the name (Deutschland, Österreich, Schweiz) or the ISO code (DE, AT, CH)`);
    return '';
  }
  return code;
}

let zoneNames: Map<string, string> | undefined;

/**
 * An IANA time zone (Europe/Berlin, europe/vienna, UTC) in the runtime's spelling; empty is '' (no zone: the cell
 * removes a stored one). What the runtime does not know is a problem, so a send window is never read in a zone
 * nobody can compute.
 */
export function parseTimeZone(raw: string, label: string, problems: Problems): string | undefined {
  const text = raw.trim();
  if (!text) return '';
  if (text.length > 64 || timeZoneProblem(text) !== undefined) {
    const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
    problems.push(`${label} "${shown}" is not a time zone: use an IANA name such as Europe/Berlin, Europe/Vienna or Europe/Zurich`);
    return undefined;
  }
  zoneNames ??= new Map(Intl.supportedValuesOf('timeZone').map((z) => [z.toLowerCase(), z]));
  // the canonical spelling when the runtime lists the zone; a valid alias (Asia/Kolkata) as written
  return zoneNames.get(text.toLowerCase()) ?? text;
}

/** A whole number of days, 1 to 3650; "30", "30 Tage" and "30 days" all mean 30. */
export function parseCadence(raw: string, label: string, problems: Problems): number | undefined {
  const text = raw.trim();
  if (!text) return undefined;
  const m = /^(\d{1,5})\s*(tage?|days?|d)?$/i.exec(text);
  const days = m ? Number(m[1]) : NaN;
  if (!Number.isInteger(days) || days < 1 || days > 3650) {
    problems.push(`${label} "${text}" is not a whole number of days: use a number from 1 to 3650, for example 30`);
    return undefined;
  }
  return days;
}

/** Split on | , ; and drop empties and repeats, keeping the order. */
export function parseTags(raw: string): string[] {
  return [...new Set(raw.split(/[|,;]/).map((t) => t.trim()).filter(Boolean))];
}

/**
 * A date or date-time: 2025-03-01, 2025-03-01T09:30:00+01:00, 01.03.2025, 1.3.2025 14:30. Dates without a
 * zone are read as UTC; a date in the future is refused (a last touch cannot be ahead of now).
 */
export function parseDateTime(raw: string, label: string, now: Date, problems: Problems): string | undefined {
  const text = raw.trim();
  if (!text) return undefined;
  let ms = NaN;
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  const isoDate = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/.exec(text);
  if (german) {
    const [, d, mo, y, h = '0', mi = '0', s = '0'] = german;
    ms = utc(+y!, +mo!, +d!, +h, +mi, +s);
  } else if (isoDate) {
    const [, y, mo, d, h = '0', mi = '0', s = '0'] = isoDate;
    ms = utc(+y!, +mo!, +d!, +h, +mi, +s);
  } else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(text)) {
    ms = Date.parse(text);
  }
  if (Number.isNaN(ms)) {
    problems.push(`${label} "${text}" is not a date: use 2025-03-01 or 01.03.2025`);
    return undefined;
  }
  if (ms > now.getTime()) {
    problems.push(`${label} "${text}" lies in the future: a last touch must be today or earlier`);
    return undefined;
  }
  return new Date(ms).toISOString();
}

/**
 * A calendar day, past or future: 2027-01-12, 12.01.2027 or 12.1.2027 -> "2027-01-12". Not a real day (31.02.)
 * or another form is a problem; empty is undefined.
 */
export function parseDay(raw: string, label: string, problems: Problems): string | undefined {
  const text = raw.trim();
  if (!text) return undefined;
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const [y, mo, d] = german ? [german[3]!, german[2]!, german[1]!] : isoDate ? [isoDate[1]!, isoDate[2]!, isoDate[3]!] : [];
  const ms = y ? utc(+y, +mo!, +d!, 0, 0, 0) : NaN;
  if (Number.isNaN(ms)) {
    const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
    problems.push(`${label} "${shown}" is not a date: use 2027-01-12 or 12.01.2027`);
    return undefined;
  }
  return new Date(ms).toISOString().slice(0, 10);
}

/** Milliseconds of a UTC calendar time; NaN when the parts do not form a real date (31.02.). */
function utc(y: number, mo: number, d: number, h: number, mi: number, s: number): number {
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  const real = back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d && h < 24 && mi < 60 && s < 60;
  return real ? ms : NaN;
}
