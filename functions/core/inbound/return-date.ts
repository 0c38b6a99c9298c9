// When is the person back? An out-of-office answer says it in words: "bis einschließlich 12.01.", "ab dem 13. Januar
// wieder", "until January 12", "back on 12/01/2027", "jusqu'au 8 janvier inclus", "tot en met 15 januari",
// "do 12.01.2027". This finds every date in the text, keeps those that a nearby word marks as the end of the absence
// (bis, until, jusqu'au, tot en met, do ...: the person is back the day after) or as the day back (a date in a
// clause with wieder, zurück, back, return, retour, terug, ponownie ...: the person is back that day), and answers
// the latest of them. Dates nothing marks ("Ihre Mail vom 10.01.") are not return dates.
//
// Reading a date:
// - 12.01. / 12.01.2027 / 12.1.27: always day first (the German and Polish way).
// - 12/01/2027: day first, unless the caller says the sender writes month first (options.monthFirst, e.g. for a
//   contact whose locale is en-US), or only month first makes a date (01/13/2027).
// - 2027-01-12, "12. Januar", "12 January", "January 12th, 2027", "12 janvier", "12 januari", "12 stycznia".
// - No year: the year of the mail. A date earlier in the year than the mail is next year ("bis 12.01." written on
//   21 December means 12 January of the next year), except a date at most STALE_DAYS before the mail: that is a
//   notice left switched on after the absence ended, and gives no return date (nor does a stated year that lies
//   in the past).

/** A date at most this many days before the mail is an old notice, not next year's. */
export const STALE_DAYS = 90;
/** A return more than this far ahead of the mail is a typo, not a plan. */
const MAX_DAYS_AHEAD = 2 * 366;
/** Only the top of a long text is read: an absence notice says it in its first lines. */
const MAX_SCANNED_CHARS = 20_000;
/** How far around a date a marking word is looked for. */
const WINDOW = 60;

export interface ReturnDateOptions {
  /** The sender writes numeric dates month first (US): 01/12/2027 is 12 January. Default: day first. */
  monthFirst?: boolean;
}

const MONTHS: Record<string, number> = {};
const monthNames: Array<[number, string[]]> = [
  [1, ['januar', 'jänner', 'january', 'jan', 'janvier', 'janv', 'januari', 'stycznia', 'sty']],
  [2, ['februar', 'feber', 'february', 'feb', 'févr', 'février', 'fevrier', 'februari', 'lutego', 'lut']],
  [3, ['märz', 'maerz', 'mär', 'march', 'mar', 'mars', 'maart', 'marca']],
  [4, ['april', 'apr', 'avril', 'avr', 'kwietnia', 'kwi']],
  [5, ['mai', 'may', 'mei', 'maja']],
  [6, ['juni', 'jun', 'june', 'juin', 'czerwca', 'cze']],
  [7, ['juli', 'jul', 'july', 'juillet', 'juil', 'lipca', 'lip']],
  [8, ['august', 'aug', 'août', 'aout', 'augustus', 'sierpnia', 'sie']],
  [9, ['september', 'sep', 'sept', 'septembre', 'września', 'wrz']],
  [10, ['oktober', 'okt', 'october', 'oct', 'octobre', 'października', 'paź']],
  [11, ['november', 'nov', 'novembre', 'listopada', 'lis']],
  [12, ['dezember', 'dez', 'december', 'dec', 'décembre', 'decembre', 'déc', 'grudnia', 'gru']],
];
for (const [month, names] of monthNames) for (const name of names) MONTHS[name] = month;
const MONTH = Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join('|');

const WEEKDAY = [
  'montag', 'dienstag', 'mittwoch', 'donnerstag', 'freitag', 'samstag', 'sonnabend', 'sonntag',
  'mo\\.', 'di\\.', 'mi\\.', 'do\\.', 'fr\\.', 'sa\\.', 'so\\.',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday',
  'mon', 'tue', 'tues', 'wed', 'thu', 'thur', 'thurs', 'fri', 'sat', 'sun',
  'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche',
  'maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag', 'zondag',
  'poniedziałku', 'poniedziałek', 'wtorku', 'wtorek', 'środy', 'środa', 'czwartku', 'czwartek', 'piątku', 'piątek',
  'soboty', 'sobota', 'niedzieli', 'niedziela',
].join('|');

const NOT_LETTER_BEFORE = '(?<![\\p{L}\\d])';
const NOT_LETTER_AFTER = '(?![\\p{L}])';

/** 12.01. / 12.01.2027 / 12/01/27: separator kept to tell day-first dots from ambiguous slashes. */
const NUMERIC = /(?<![\d./])(\d{1,2})([./])(\d{1,2})(?:\2(\d{4}|\d{2}))?\.?(?![\d]|[./]\d)(?!\s?(?:uhr|h\b|hrs\b|a\.m|p\.m|pm\b))/giu;
const ISO = /(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d])/gu;
/** 13. Januar 2027 / 13 January / 13th of January / 1er janvier / 12 stycznia. */
const DAY_MONTH = new RegExp(
  `${NOT_LETTER_BEFORE}(\\d{1,2})(?:\\.|st|nd|rd|th|er|e)? ?(?:of )?(${MONTH})\\.?${NOT_LETTER_AFTER}(?:,? (\\d{4})(?!\\d))?`,
  'giu',
);
/** January 12 / Jan. 12th, 2027. */
const MONTH_DAY = new RegExp(`${NOT_LETTER_BEFORE}(${MONTH})\\.? (\\d{1,2})(?:st|nd|rd|th)?(?![\\d\\p{L}])(?:,? (\\d{4})(?!\\d))?`, 'giu');

/** Words right before a date that make it the last day away: the person is back the day after. */
const END_BEFORE = new RegExp(
  `(?:${NOT_LETTER_BEFORE}bis(?: (?:einschließlich|einschliesslich|einschl\\.|inkl\\.|inklusive|zum|zur|ende))*` +
    `|${NOT_LETTER_BEFORE}(?:until|till|til|through|thru)(?: and including)?|up to and including` +
    `|${NOT_LETTER_BEFORE}after|${NOT_LETTER_BEFORE}nach(?: dem)?` +
    `|jusqu'(?:au|à|a)(?: et y compris)?|${NOT_LETTER_BEFORE}après(?: le)?` +
    `|${NOT_LETTER_BEFORE}tot en met|${NOT_LETTER_BEFORE}t/m|${NOT_LETTER_BEFORE}tot` +
    `|${NOT_LETTER_BEFORE}do(?: dnia)?|${NOT_LETTER_BEFORE}po)` +
    `(?: (?:${WEEKDAY}),?)?(?: (?:den|dem|the|le|de|dnia))?$`,
  'iu',
);
/** Between two dates, a range: the second one is the last day away ("vom 2.1. bis 12.1.", "2 to 8 January"). */
const RANGE_BETWEEN = new RegExp(
  `^ ?(?:-|–|—|to|bis|au|tot|t/m|do|until|till)(?: (?:${WEEKDAY}),?)?(?: (?:den|dem|the|le|de))? ?$`,
  'iu',
);
/** A bare day before a range connector: "2 to 8 January", "4.–8. Januar", "du 2 au 8 janvier". */
const DAY_RANGE_BEFORE = /(?<![\d./])\d{1,2}\.? ?(?:-|–|—|to|bis|au|tot|t\/m|do|until|till) ?$/iu;
/** The words before a date that a back word after it needs ("ab dem 13. Januar wieder", "am 13.01. zurück"). */
const START_BEFORE = new RegExp(
  `(?:^|${NOT_LETTER_BEFORE}(?:ab|am|an|from|on|starting|le|dès le|à partir du|op|vanaf|per|od|dnia|w dniu)(?: (?:${WEEKDAY}),?)?(?: (?:den|dem|the|le))?) ?$`,
  'iu',
);
/** A word in the same clause that makes a date the day back. */
const BACK = new RegExp(
  `${NOT_LETTER_BEFORE}(?:wieder|zurück|zurueck|rückkehr|rueckkehr|back|return|returning|returns|again|retour|reviens|reviendrai|de nouveau|à nouveau|terug|weer|powrót|powrocie|wracam|powrócę|ponownie)${NOT_LETTER_AFTER}`,
  'iu',
);

interface Found {
  start: number;
  end: number;
  year?: number;
  month: number;
  day: number;
}

/**
 * The first day the person is back, as `YYYY-MM-DD`, or undefined when the text states none. `writtenAt` is the
 * mail's date (ISO timestamp): it resolves a date without a year; without it only dates with a year count.
 */
export function findReturnDate(text: string, writtenAt: string | undefined, options: ReturnDateOptions = {}): string | undefined {
  const flat = flatten(text.slice(0, MAX_SCANNED_CHARS));
  const reference = writtenAt ? calendarDay(writtenAt) : undefined;
  let best: number | undefined;
  const dates = datesIn(flat, options);
  for (const [i, found] of dates.entries()) {
    const type = typeOf(flat, found, dates[i - 1]?.end ?? -1, dates[i + 1]?.start ?? flat.length);
    if (!type) continue;
    const day = resolve(found, reference);
    if (day === undefined) continue;
    const back = type === 'end' ? day + 1 : day;
    if (best === undefined || back > best) best = back;
  }
  return best === undefined ? undefined : isoDay(best);
}

/** One space for every run of white space, a line wrap included; a paragraph break stays a `\n`. */
function flatten(text: string): string {
  return text
    .replace(/[’‘`´]/g, "'")
    .split(/\n[ \t\u00A0]*\n/)
    .map((paragraph) => paragraph.replace(/\s+/g, ' ').trim())
    .filter((paragraph) => paragraph !== '')
    .join('\n');
}

function typeOf(text: string, found: Found, previousEnd: number, nextStart: number): 'end' | 'back' | undefined {
  const before = clauseBefore(text, found.start);
  const trimmed = before.trimEnd();
  if (END_BEFORE.test(trimmed) || DAY_RANGE_BEFORE.test(trimmed)) return 'end';
  if (previousEnd >= 0 && found.start - previousEnd <= 30 && RANGE_BETWEEN.test(text.slice(previousEnd, found.start))) return 'end';
  if (BACK.test(before)) return 'back';
  // A back word after the date counts only where the date opens the clause or follows "ab", "am", "from", "on" ...:
  // in "Ihre Mail vom 10.01. wird nach meiner Rückkehr bearbeitet" the date is another one.
  if (START_BEFORE.test(trimmed) && BACK.test(clauseAfter(text, found.end, nextStart))) return 'back';
  return undefined;
}

function clauseBefore(text: string, at: number): string {
  const window = text.slice(Math.max(0, at - WINDOW), at);
  let cut = 0;
  for (let i = 0; i < window.length; i += 1) if (isClauseEnd(window, i)) cut = i + 1;
  return window.slice(cut);
}

/** The clause after a date, up to the next date at most. */
function clauseAfter(text: string, at: number, nextStart: number): string {
  const window = text.slice(at, Math.min(at + WINDOW, nextStart));
  for (let i = 0; i < window.length; i += 1) if (isClauseEnd(window, i)) return window.slice(0, i);
  return window;
}

/** Where a clause ends: a paragraph break, `;`, `!`, `?`, or a full stop after a word. */
function isClauseEnd(text: string, i: number): boolean {
  const c = text[i];
  if (c === ';' || c === '!' || c === '?' || c === '\n') return true;
  if (c !== '.') return false;
  // A full stop after a word, followed by a space: "... im Büro. Ab ..." but not "13. Januar" or "12.01. wieder".
  return text[i + 1] === ' ' && /\p{L}{2}$/u.test(text.slice(Math.max(0, i - 2), i));
}

function datesIn(text: string, options: ReturnDateOptions): Found[] {
  const all: Found[] = [];
  for (const m of text.matchAll(NUMERIC)) {
    const a = Number(m[1]);
    const b = Number(m[3]);
    const year = m[4] === undefined ? undefined : fullYear(m[4]);
    let day = a;
    let month = b;
    if (m[2] === '/') {
      const monthFirst = options.monthFirst ? b <= 31 && a <= 12 : b <= 12 ? false : a <= 12;
      if (monthFirst) [day, month] = [b, a];
    }
    all.push({ start: m.index, end: m.index + m[0].length, day, month, ...(year === undefined ? {} : { year }) });
  }
  for (const m of text.matchAll(ISO)) {
    all.push({ start: m.index, end: m.index + m[0].length, year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) });
  }
  for (const m of text.matchAll(DAY_MONTH)) {
    const year = m[3] === undefined ? undefined : Number(m[3]);
    all.push({ start: m.index, end: m.index + m[0].length, day: Number(m[1]), month: MONTHS[m[2]!.toLowerCase()]!, ...(year === undefined ? {} : { year }) });
  }
  for (const m of text.matchAll(MONTH_DAY)) {
    const year = m[3] === undefined ? undefined : Number(m[3]);
    all.push({ start: m.index, end: m.index + m[0].length, day: Number(m[2]), month: MONTHS[m[1]!.toLowerCase()]!, ...(year === undefined ? {} : { year }) });
  }
  all.sort((x, y) => x.start - y.start || y.end - x.end);
  const dates: Found[] = [];
  let coveredTo = -1;
  for (const found of all) {
    if (found.start < coveredTo) continue; // "12. Januar 2027" is one date, not also "12." of something
    coveredTo = found.end;
    if (found.month >= 1 && found.month <= 12 && found.day >= 1 && found.day <= 31) dates.push(found);
  }
  return dates;
}

function fullYear(digits: string): number {
  return digits.length === 2 ? 2000 + Number(digits) : Number(digits);
}

/** The date as a day number (days since 1970-01-01, UTC), or undefined when it is no date or not a return date. */
function resolve(found: Found, reference: number | undefined): number | undefined {
  if (found.year !== undefined) {
    const day = dayNumber(found.year, found.month, found.day);
    if (day === undefined) return undefined;
    if (reference !== undefined && (day < reference || day > reference + MAX_DAYS_AHEAD)) return undefined;
    return day;
  }
  if (reference === undefined) return undefined;
  const today = new Date(reference * 86_400_000);
  const year = today.getUTCFullYear();
  const laterInYear = found.month * 100 + found.day >= (today.getUTCMonth() + 1) * 100 + today.getUTCDate();
  if (laterInYear) return dayNumber(year, found.month, found.day); // 29.02. in a year without one: no date
  if (reference - Date.UTC(year, found.month - 1, found.day) / 86_400_000 <= STALE_DAYS) return undefined;
  return dayNumber(year + 1, found.month, found.day);
}

function dayNumber(year: number, month: number, day: number): number | undefined {
  const ms = Date.UTC(year, month - 1, day);
  const date = new Date(ms);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return ms / 86_400_000;
}

function calendarDay(iso: string): number | undefined {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 86_400_000);
}

function isoDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}
