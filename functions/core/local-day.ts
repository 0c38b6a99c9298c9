// Calendar days as people write them (2026-04-01) and the moment such a day begins in a time zone. A person who
// says "until 1 April" means "from the morning of 1 April", where they are, not midnight in UTC.

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The parts of a YYYY-MM-DD date that exists in the calendar (no 31 April); undefined otherwise. */
export function calendarDay(text: string): { year: number; month: number; day: number } | undefined {
  const m = DAY.exec(text);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return undefined;
  return { year, month, day };
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** How far the time zone's wall clock is ahead of UTC at `t` (ms); an unknown zone counts as UTC. */
function offsetAt(t: number, timeZone: string): number {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', hourCycle: 'h23' });
    } catch {
      return 0;
    }
    formatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return wall - Math.floor(t / 1000) * 1000;
}

/** 00:00 of the day in the time zone (Europe/Berlin: 2026-04-01 -> 2026-03-31T22:00:00.000Z). */
export function startOfLocalDay(day: { year: number; month: number; day: number }, timeZone: string): Date {
  const wall = Date.UTC(day.year, day.month - 1, day.day);
  // twice: the offset at the first guess may differ from the offset at midnight itself (a DST change that day)
  const guess = wall - offsetAt(wall, timeZone);
  return new Date(wall - offsetAt(guess, timeZone));
}

/**
 * The moment the wall clock of the time zone shows `minutes` after midnight on the day. A time that exists twice (the
 * autumn DST change) is its first occurrence; a time the clock skips (spring) is read with the offset before the
 * change, so 02:30 becomes 03:30 summer time.
 */
export function localWallTime(day: { year: number; month: number; day: number }, minutes: number, timeZone: string): Date {
  const wall = Date.UTC(day.year, day.month - 1, day.day) + minutes * 60_000;
  // the offsets half a day before and after: a change that day lies between them
  const before = wall - offsetAt(wall - 43_200_000, timeZone);
  const after = wall - offsetAt(wall + 43_200_000, timeZone);
  const shows = (t: number) => t + offsetAt(t, timeZone) === wall;
  const valid = [before, after].filter(shows);
  return new Date(valid.length ? Math.min(...valid) : before);
}

/** The day (YYYY-MM-DD), weekday (0 = Sunday) and minutes after midnight of a moment on the zone's wall clock. */
export function wallClockOf(t: Date, timeZone: string): { day: string; weekday: number; minutes: number } {
  const shifted = new Date(t.getTime() + offsetAt(t.getTime(), timeZone));
  return { day: shifted.toISOString().slice(0, 10), weekday: shifted.getUTCDay(), minutes: shifted.getUTCHours() * 60 + shifted.getUTCMinutes() };
}

/** The same time `months` calendar months later (UTC), on the month's last day when the day does not exist there. */
export function addCalendarMonths(at: Date, months: number): Date {
  const y = at.getUTCFullYear();
  const m = at.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const d = new Date(at.getTime());
  d.setUTCFullYear(y, m, Math.min(at.getUTCDate(), lastDay));
  return d;
}

/**
 * A moment as a person in the time zone reads it: the day alone when it is the start of that day ("2026-04-01", the
 * way a snooze until a day was given), otherwise day and time ("2026-04-01 08:30").
 */
export function localMoment(iso: string, timeZone: string): string {
  const t = Date.parse(iso);
  const shifted = new Date(t + offsetAt(t, timeZone));
  const text = shifted.toISOString();
  return text.slice(11, 16) === '00:00' ? text.slice(0, 10) : `${text.slice(0, 10)} ${text.slice(11, 16)}`;
}
