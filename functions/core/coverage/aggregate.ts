// Coverage as an aggregate: what each contact adds to its rep's coverage figures, kept per rep as a few counters
// and day histograms that every writer of a contact moves in the same transaction (docs/coverage.md, "How it reads
// the ledger"), so the view reads one small item per rep, whatever the number of contacts.
//
// A contact's figures change with time, not only with writes: coverage ends lastTouchAt + cadenceDays after the
// last touch, a snooze ends at its `until`. So the aggregate keeps those instants rather than the figures:
//   e  the end of coverage of every counted, touched contact
//   z  the end of the snooze of every counted contact whose snooze outlasts its coverage (or who was never touched)
//   y  the end of coverage of those same z-contacts
// counted per UTC day in the rep's summary, and to the millisecond in one item per rep and day. At `now` (day T):
//   covered = e ending after T + e of day T at or after now
//   snoozed = (z after T + z of day T after now) - (y after T + y of day T at or after now)
// A z-contact whose coverage still holds has a snooze that holds too (it outlasts the coverage), so the second line
// counts exactly the contacts that are not covered and snoozed; a snooze that ends before its coverage can never make
// a contact snoozed. These are the rules of silence.ts (isCovered) and contacts/snooze.ts (snoozeHolding).
import type { Contact } from '../model';

const DAY_MS = 86_400_000;
export const SERIES = ['e', 'y', 'z'] as const;
export type Series = (typeof SERIES)[number];

/** What one contact adds to its rep's aggregate. */
export interface Contribution {
  repId: string;
  /** false: opted out (by the contact's flag or a suppression of the address); only `optedOut` is counted. */
  counted: boolean;
  /** The instants (ms) the contact adds, by series. */
  instants: Array<{ series: Series; at: number }>;
}

/** The end of the contact's coverage in ms (isCovered: covered while now <= this), or undefined when never touched. */
export function coverageEndOf(contact: Pick<Contact, 'lastTouchAt' | 'cadenceDays'>): number | undefined {
  return contact.lastTouchAt ? Date.parse(contact.lastTouchAt) + contact.cadenceDays * DAY_MS : undefined;
}

export function contributionOf(contact: Contact, suppressed: boolean): Contribution {
  if (contact.optedOut || suppressed) return { repId: contact.repId, counted: false, instants: [] };
  const instants: Contribution['instants'] = [];
  const end = coverageEndOf(contact);
  if (end !== undefined) instants.push({ series: 'e', at: end });
  const until = contact.snooze ? Date.parse(contact.snooze.until) : undefined;
  if (until !== undefined && (end === undefined || until > end)) {
    instants.push({ series: 'z', at: until });
    if (end !== undefined) instants.push({ series: 'y', at: end });
  }
  return { repId: contact.repId, counted: true, instants };
}

/** UTC day of an instant as `YYYYMMDD`. */
export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10).replaceAll('-', '');
}

/**
 * A UTC day (YYYYMMDD) as the summary's counters name it: the day number since 1970 in base 36, three characters (to
 * the year 2097), so a summary of a few hundred days stays small and the names still sort as the days do.
 */
export function summaryDay(day: string): string {
  const n = Math.round(Date.UTC(+day.slice(0, 4), +day.slice(4, 6) - 1, +day.slice(6, 8)) / 86_400_000);
  return n.toString(36).padStart(3, '0');
}
export function dayOfSummary(compact: string): string {
  return dayOf(parseInt(compact, 36) * 86_400_000);
}

/** A change to one rep's aggregate: counters, and instants added (+1) or taken away (-1). */
export interface RepCoverageDelta {
  repId: string;
  contacts: number;
  optedOut: number;
  /** `<series><ms>` -> +n / -n; zero entries are left out. */
  instants: Record<string, number>;
}

/**
 * The deltas that turn the aggregate of `before` into that of `after` (either may be absent: a contact created or
 * deleted), one per rep concerned; empty when nothing changes.
 */
export function deltasBetween(before: Contribution | undefined, after: Contribution | undefined): RepCoverageDelta[] {
  const byRep = new Map<string, RepCoverageDelta>();
  const deltaOf = (repId: string) => {
    let d = byRep.get(repId);
    if (!d) byRep.set(repId, (d = { repId, contacts: 0, optedOut: 0, instants: {} }));
    return d;
  };
  const add = (c: Contribution, sign: 1 | -1) => {
    const d = deltaOf(c.repId);
    if (c.counted) d.contacts += sign;
    else d.optedOut += sign;
    for (const i of c.instants) {
      const key = `${i.series}${i.at}`;
      d.instants[key] = (d.instants[key] ?? 0) + sign;
      if (d.instants[key] === 0) delete d.instants[key];
    }
  };
  if (before) add(before, -1);
  if (after) add(after, 1);
  return [...byRep.values()].filter((d) => d.contacts !== 0 || d.optedOut !== 0 || Object.keys(d.instants).length > 0);
}

export function parseInstantKey(key: string): { series: Series; at: number } {
  return { series: key[0] as Series, at: Number(key.slice(1)) };
}

/** The summary's day counters of a delta: `<series><summaryDay>` -> n. */
export function dayCountsOf(instants: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, n] of Object.entries(instants)) {
    const { series, at } = parseInstantKey(key);
    const dayKey = `${series}${summaryDay(dayOf(at))}`;
    out[dayKey] = (out[dayKey] ?? 0) + n;
    if (out[dayKey] === 0) delete out[dayKey];
  }
  return out;
}

/** The instants of a delta grouped by their UTC day. */
export function instantsByDay(instants: Record<string, number>): Map<string, Record<string, number>> {
  const out = new Map<string, Record<string, number>>();
  for (const [key, n] of Object.entries(instants)) {
    const day = dayOf(parseInstantKey(key).at);
    const group = out.get(day) ?? {};
    group[key] = n;
    out.set(day, group);
  }
  return out;
}

/** One rep's aggregate as the view reads it: its summary and the instants of the report's day. */
export interface RepCoverageAggregate {
  repId: string;
  contacts: number;
  optedOut: number;
  /** `<series><summaryDay>` -> contacts. Days before the report's day may be missing or stale: they are never read. */
  days: Record<string, number>;
  /** The report day's instants: `<series><ms>` -> contacts. */
  today: Record<string, number>;
}

/** One rep's aggregate in full (what a recount writes): the summary and the instants of every day. */
export interface RepCoverageState {
  repId: string;
  contacts: number;
  optedOut: number;
  days: Record<string, number>;
  instants: Record<string, Record<string, number>>;
}

export function emptyState(repId: string): RepCoverageState {
  return { repId, contacts: 0, optedOut: 0, days: {}, instants: {} };
}

/** Applies a delta to a full state (the memory ledger, and a recount that adds contacts up one by one). */
export function applyDelta(state: RepCoverageState, delta: RepCoverageDelta): void {
  state.contacts += delta.contacts;
  state.optedOut += delta.optedOut;
  for (const [key, n] of Object.entries(dayCountsOf(delta.instants))) {
    state.days[key] = (state.days[key] ?? 0) + n;
    if (state.days[key] === 0) delete state.days[key];
  }
  for (const [day, group] of instantsByDay(delta.instants)) {
    const items = (state.instants[day] ??= {});
    for (const [key, n] of Object.entries(group)) {
      items[key] = (items[key] ?? 0) + n;
      if (items[key] === 0) delete items[key];
    }
    if (Object.keys(items).length === 0) delete state.instants[day];
  }
}

export function aggregateAt(state: RepCoverageState, day: string): RepCoverageAggregate {
  return { repId: state.repId, contacts: state.contacts, optedOut: state.optedOut, days: { ...state.days }, today: { ...(state.instants[day] ?? {}) } };
}

export interface AggregateFigures {
  contacts: number;
  covered: number;
  snoozed: number;
  silent: number;
  optedOut: number;
}

/**
 * The rep's figures at `now` from its aggregate. `held`: the rep is away with nobody standing in, so every contact
 * that is not covered is held back on purpose (coverage.ts heldWhileAway), none is silent.
 */
export function figuresAt(aggregate: RepCoverageAggregate, now: Date, held = false): AggregateFigures {
  const today = dayOf(now.getTime());
  const todayKey = summaryDay(today);
  const t = now.getTime();
  const sum = { e: 0, y: 0, z: 0 };
  for (const [key, n] of Object.entries(aggregate.days)) {
    if (key.slice(1) > todayKey) sum[key[0] as Series] += n;
  }
  for (const [key, n] of Object.entries(aggregate.today)) {
    const { series, at } = parseInstantKey(key);
    if (dayOf(at) !== today) continue;
    // coverage holds through its end (<=), a snooze ends at its until (a run at that moment drafts the contact)
    if (series === 'z' ? at > t : at >= t) sum[series] += n;
  }
  const covered = sum.e;
  const snoozed = held ? aggregate.contacts - covered : sum.z - sum.y;
  return { contacts: aggregate.contacts, covered, snoozed, silent: aggregate.contacts - covered - snoozed, optedOut: aggregate.optedOut };
}

/** The whole-day counters strictly after `day` and the instants of `day`: all a view at any time of `day` reads. */
export function relevantAt(state: RepCoverageState, day: string): { days: Record<string, number>; today: Record<string, number> } {
  const days: Record<string, number> = {};
  for (const [key, n] of Object.entries(state.days)) if (key.slice(1) > summaryDay(day) && n !== 0) days[key] = n;
  const today: Record<string, number> = {};
  for (const [key, n] of Object.entries(state.instants[day] ?? {})) if (n !== 0) today[key] = n;
  return { days, today };
}
