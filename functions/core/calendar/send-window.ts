// When a mail may go out: the campaign's send window (`sendWindow` in campaigns/<id>.yaml), read on the wall clock
// of the contact's time zone and the public holidays of the contact's region. A mail approved at 22:40 or on
// Fronleichnam in Bavaria waits for the next open slot instead of arriving when nobody reads it, and does not read
// as sent by a machine.
import { calendarDay, localWallTime, wallClockOf } from '../local-day';
import type { HolidayCalendar } from '../ports';
import type { SendWindow } from './send-window-schema';
import { WEEKDAYS } from './weekdays';

export type { SendWindow } from './send-window-schema';

/** Where the mail is read: the contact's time zone and, for holidays, its region (DE-BY) or country (DE). */
export interface SendPlace {
  timeZone: string;
  /** ISO 3166-2 (DE-BY), optionally with a library sub-region (DE-BY-A: Augsburg); or a country alone (DE). */
  region?: string;
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether mail may go out on this calendar day (YYYY-MM-DD) at all. */
export function isOpenDay(day: string, window: SendWindow, place: SendPlace, holidays: HolidayCalendar): boolean {
  const parts = calendarDay(day)!;
  const weekday = WEEKDAYS[new Date(Date.UTC(parts.year, parts.month - 1, parts.day)).getUTCDay()]!;
  if (!window.days.includes(weekday)) return false;
  if (window.closedOn.includes(day.slice(5))) return false;
  if (window.skipHolidays && place.region && holidays.isPublicHoliday(day, place.region)) return false;
  return true;
}

/** Days looked ahead for an open one: a window open on at least one weekday finds one within a few weeks. */
const HORIZON_DAYS = 400;

/**
 * The first moment at or after `now` when the window is open: `now` itself inside the window, else the opening
 * time of the next open day. Undefined only for a window with no open day in the next 400 days.
 */
export function nextOpenMoment(now: Date, window: SendWindow, place: SendPlace, holidays: HolidayCalendar): Date | undefined {
  const from = minutesOf(window.from);
  const to = minutesOf(window.to);
  const today = wallClockOf(now, place.timeZone);
  const start = calendarDay(today.day)!;
  for (let i = 0; i < HORIZON_DAYS; i++) {
    const d = new Date(Date.UTC(start.year, start.month - 1, start.day + i));
    const day = d.toISOString().slice(0, 10);
    if (!isOpenDay(day, window, place, holidays)) continue;
    const parts = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
    const opens = localWallTime(parts, from, place.timeZone);
    const closes = localWallTime(parts, to, place.timeZone);
    if (now < opens) return opens;
    if (now < closes) return now;
  }
  return undefined;
}
