// The shape of a coverage report: what every output format (table, csv, json, html, dashboard) renders.
import type { Channel } from '../model';

export interface CoverageFigures {
  /** Contacts counted: everyone assigned to the rep except those who opted out of all contact. */
  contacts: number;
  /** Contacts touched within their own cadence (lastTouchAt no more than cadenceDays before the report time). */
  covered: number;
  /** Contacts not covered and not snoozed: contacts - covered - snoozed. */
  silent: number;
  /**
   * Contacts not covered whose snooze holds at the report time (contacts/snooze.ts): a rep's rejection, the
   * customer's absence or a person's decision, not neglect. Counted apart from the silent; still not covered.
   */
  snoozed: number;
  /** covered / contacts, 0..1; 0 when there are no contacts. */
  share: number;
  /** Contacts left out of the figures because they asked not to be contacted at all. */
  optedOut: number;
  /** Touches recorded in the report's weeks (from the weekly statistics). */
  touches: number;
}

export interface RepCoverage extends CoverageFigures {
  repId: string;
  repName: string;
}

export interface SilentContact {
  contactId: string;
  /** "Dr. Anna Müller", or the company, or the id when neither is known. */
  name: string;
  company: string;
  repId: string;
  /** The contact's preferred channel: how the rep is expected to reach them. */
  channel: Channel;
  cadenceDays: number;
  lastTouchAt?: string;
  lastTouchChannel?: Channel;
  /** Whole days since the last touch, or since the contact was created when it was never touched. */
  silentDays: number;
  neverTouched: boolean;
}

/** A contact that is not covered but snoozed: when presence asks again, and why not before. */
export interface SnoozedContact {
  contactId: string;
  name: string;
  company: string;
  repId: string;
  channel: Channel;
  cadenceDays: number;
  lastTouchAt?: string;
  /** Whole days since the last touch (or since creation), as for the silent. */
  silentDays: number;
  neverTouched: boolean;
  /** When the snooze ends (ISO) and the same in the rep's time zone ("2026-04-01", or with the time). */
  until: string;
  untilLocal: string;
  reason: string;
  /** Set when only this campaign passes the contact by. */
  campaignId?: string;
}

export interface WeekTouches {
  /** ISO week, e.g. 2026-W48. */
  week: string;
  byChannel: Record<Channel, number>;
  total: number;
}

export interface CoverageReport {
  generatedAt: string;
  /** Set when the report is limited to one rep. */
  repId?: string;
  /** The ISO weeks covered by `touchesPerWeek`, oldest first, ending with the week of `generatedAt`. */
  weeks: string[];
  reps: RepCoverage[];
  total: CoverageFigures;
  /** Silent contacts, longest silence first (possibly cut to a limit; `silentCount` is the full number). */
  silentContacts: SilentContact[];
  silentCount: number;
  /** Snoozed contacts, the soonest to end first (cut to the same limit as the silent; `snoozedCount` is the full number). */
  snoozedContacts: SnoozedContact[];
  snoozedCount: number;
  touchesPerWeek: WeekTouches[];
}
