// Scheduled runs that fall on a public holiday where a rep works move, for that rep, to the rep's next business day:
// a crisis update drafted on Fronleichnam waits in a Bavarian rep's inbox over the long weekend while the Bremen rep
// has it the same morning. The slot plans the other reps as always and writes which reps it deferred to which day
// (DeferralStore); a daily "shifted run" schedule at the slot's time of day plans them on that day, under the slot's
// own run id, so drafts, digests and idempotency are the slot's. Runs started by hand (`presence campaign run`) move
// nobody. docs/calendar.md.
import { wallClockOf } from '../local-day';
import type { Rep } from '../model';
import type { HolidayCalendar } from '../ports';
import { nextBusinessDay } from './business-day';

export interface HolidayMove {
  holidays: HolidayCalendar;
  /** Where reps without a region work (config.homeCountry). */
  homeCountry: string;
  /** The campaign's time zone: the slot's day is read there. */
  timeZone: string;
}

/** The day the rep's part of a slot at `slotAt` runs on instead, or undefined when it runs as scheduled. */
export function movedRunDay(rep: Pick<Rep, 'region'>, slotAt: Date, move: HolidayMove): string | undefined {
  const day = wallClockOf(slotAt, move.timeZone).day;
  const region = rep.region ?? move.homeCountry;
  if (!region || !move.holidays.isPublicHoliday(day, region)) return undefined;
  return nextBusinessDay(day, region, move.holidays);
}

/**
 * The daily schedule that runs moved parts of slots: the campaign's own time of day, Monday to Friday, in its time
 * zone. Only for cron schedules with one fixed minute and hour (cron(0 8 ? * MON *)); a rate(...) schedule or one
 * that fires at several times of day has no time of day to move to, and its slots do not move.
 */
export function shiftedRunSchedule(schedule: { expression: string; timeZone: string }): { expression: string; timeZone: string } | undefined {
  const m = /^cron\(\s*(\d{1,2})\s+(\d{1,2})\s+\S+\s+\S+\s+\S+(\s+\S+)?\s*\)$/.exec(schedule.expression.trim());
  if (!m) return undefined;
  return { expression: `cron(${Number(m[1])} ${Number(m[2])} ? * MON-FRI *)`, timeZone: schedule.timeZone };
}
