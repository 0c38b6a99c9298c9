// A snooze says "not before": until its date the planner passes the contact by (counted as `snoozed`), the
// coverage report counts it apart from the silent, and `contacts show` says until when and why. It never changes
// the contact's due date, so when it ends the contact is due exactly as its cadence says.
import { localMoment } from '../local-day';
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
