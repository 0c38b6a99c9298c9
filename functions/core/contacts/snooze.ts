// A snooze says "not before": until its date the planner passes the contact by (counted as `snoozed`), the
// coverage report counts it apart from the silent, and `contacts show` says until when and why. It never changes
// the contact's due date, so when it ends the contact is due exactly as its cadence says.
import { addDays } from '../ids';
import { calendarDay, localMoment, startOfLocalDay } from '../local-day';
import type { Contact, Snooze } from '../model';

/** Reasons presence sets itself; a person may give any short text of their own instead. */
export const SNOOZE_REASONS = {
  /** a rep rejected a draft and said when to ask again (core/approval/reject-draft.ts) */
  rejected: 'rejected',
  /** the customer's automatic reply says they are away */
  away: 'away',
  /** set by hand (`presence contacts snooze`) */
  manual: 'manual',
} as const;

/** A snooze ends at most this many days ahead: as far as the longest cadence reaches. */
export const MAX_SNOOZE_DAYS = 3650;

/** "Not in this campaign" holds for a year: a rep's no stays an answer, and the customer is not forgotten forever. */
export const NOT_IN_CAMPAIGN_DAYS = 365;

/**
 * The snooze that holds the contact back at `at`: for this campaign when one is named (a snooze of another campaign
 * does not), or, without a campaign (the coverage report, the contact list), any snooze. Undefined when none holds:
 * a snooze ends at its `until` (a run at that very moment drafts the contact).
 */
export function snoozeHolding(contact: Pick<Contact, 'snooze'>, at: Date, campaignId?: string): Snooze | undefined {
  const s = contact.snooze;
  if (!s || Date.parse(s.until) <= at.getTime()) return undefined;
  if (campaignId !== undefined && s.campaignId !== undefined && s.campaignId !== campaignId) return undefined;
  return s;
}

/** A snooze as people are shown it: with its end in the rep's time zone (local-day.ts localMoment). */
export interface ShownSnooze extends Snooze {
  /** "2026-04-01" (drafted again from that day on), or "2026-04-01 08:30" when it does not end at midnight. */
  untilLocal: string;
}

export function showSnooze(snooze: Snooze, timeZone: string): ShownSnooze {
  return { ...snooze, untilLocal: localMoment(snooze.until, timeZone) };
}

/** An ISO 8601 time with its offset (2026-04-01T08:00:00+02:00, or Z), as the contact schema's times are written. */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * The moment a snooze given as `raw` ends, or the problem with it: a calendar day begins in `timeZone`; an ISO time
 * is taken as it is. It must lie after `now` and at most MAX_SNOOZE_DAYS ahead.
 */
export function resolveUntil(raw: string, timeZone: string, now: Date): { until: string } | { problem: string } {
  const day = calendarDay(raw);
  let until: Date;
  if (day) until = startOfLocalDay(day, timeZone);
  else if (ISO_TIME.test(raw) && calendarDay(raw.slice(0, 10)) && Number.isFinite(Date.parse(raw))) until = new Date(raw);
  else return { problem: `"${raw}" is not a date; use YYYY-MM-DD such as 2026-04-01` };
  if (until.getTime() <= now.getTime()) return { problem: `${raw} lies in the past; give a later date` };
  if (until.toISOString() > addDays(now, MAX_SNOOZE_DAYS)) return { problem: `${raw} lies more than ${MAX_SNOOZE_DAYS} days ahead` };
  return { until: until.toISOString() };
}

/**
 * The contact with `snooze` set, or unchanged (the same object) when `keepLonger` and a snooze already holds it at
 * `now` for every campaign until at least as long.
 */
export function withSnooze(contact: Contact, snooze: Snooze, opts: { now: Date; keepLonger?: boolean }): Contact {
  const current = snoozeHolding(contact, opts.now);
  if (opts.keepLonger && current && current.campaignId === undefined && current.until >= snooze.until) return contact;
  return { ...contact, snooze, updatedAt: snooze.at };
}
