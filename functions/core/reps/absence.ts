// A rep's absence (rep.away), read on a day: who gets the rep's drafts while the rep is away. With a deputy who is
// not away that day, the deputy stands in: the deputy's digest holds the rep's customers, the deputy approves and the
// mail goes out as the deputy with a line that says so. With `hold`, without a deputy, or when the deputy is away too
// (the absences were set apart and overlap after all), the rep's customers wait until the rep is back.
import { wallClockOf } from '../local-day';
import type { Rep } from '../model';

export type AbsenceOnDay =
  | { mode: 'present' }
  | { mode: 'deputy'; deputy: Rep; until: string }
  | { mode: 'hold'; until: string; why: 'hold' | 'no-deputy' | 'deputy-away' | 'deputy-unknown' };

/** Whether the rep's absence covers the day (YYYY-MM-DD). */
export function isAwayOn(rep: Pick<Rep, 'away'>, day: string): boolean {
  return !!rep.away && rep.away.from <= day && day <= rep.away.until;
}

/** The rep's day at a moment, in the rep's time zone. */
export function repDayAt(rep: Pick<Rep, 'timeZone'>, at: Date): string {
  return wallClockOf(at, rep.timeZone).day;
}

/** Who takes the rep's drafts at the moment `at`; `reps` finds the deputy. */
export function absenceAt(rep: Rep, at: Date, repOf: (id: string) => Rep | undefined): AbsenceOnDay {
  const day = repDayAt(rep, at);
  if (!rep.away || !isAwayOn(rep, day)) return { mode: 'present' };
  const until = rep.away.until;
  if (rep.away.hold) return { mode: 'hold', until, why: 'hold' };
  if (!rep.away.deputy) return { mode: 'hold', until, why: 'no-deputy' };
  const deputy = repOf(rep.away.deputy);
  if (!deputy) return { mode: 'hold', until, why: 'deputy-unknown' };
  if (isAwayOn(deputy, repDayAt(deputy, at))) return { mode: 'hold', until, why: 'deputy-away' };
  return { mode: 'deputy', deputy, until };
}
