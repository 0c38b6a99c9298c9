// Business days: Monday to Friday, not a public holiday of the region. A letter printed on a Saturday or on
// Fronleichnam in Bavaria goes to the post the next business day and is dated with it.
import type { HolidayCalendar } from '../ports';

const addDay = (day: string, n: number) => new Date(Date.parse(`${day}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

export function isBusinessDay(day: string, region: string | undefined, holidays: HolidayCalendar | undefined): boolean {
  const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  return !(region && holidays?.isPublicHoliday(day, region));
}

/** The day itself when it is a business day, else the next one. */
export function businessDayOnOrAfter(day: string, region: string | undefined, holidays: HolidayCalendar | undefined): string {
  let d = day;
  // at most a long weekend plus a run of holidays: a few days; 30 is a bound against a calendar that says always
  for (let i = 0; i < 30 && !isBusinessDay(d, region, holidays); i++) d = addDay(d, 1);
  return d;
}

/** The next business day after `day`. */
export function nextBusinessDay(day: string, region: string | undefined, holidays: HolidayCalendar | undefined): string {
  return businessDayOnOrAfter(addDay(day, 1), region, holidays);
}
