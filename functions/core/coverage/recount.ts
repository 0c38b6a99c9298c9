// `presence report coverage --recount`: the coverage aggregate counted again from the contacts themselves (every rep,
// page by page through the rep index) and from the shared weekly counters, compared with what the writers kept
// incrementally, then written in its place. Agreement is exact: the same counters for every day after today and the
// same instants today, so the figures agree now and at every later moment until the next write.
import type { Contact } from '../model';
import { hashEmail } from '../ids';
import type { Clock, Ledger, WeeklyTouchCount } from '../ports';
import { aggregateAt, applyDelta, contributionOf, dayOf, deltasBetween, emptyState, figuresAt, relevantAt, type AggregateFigures, type RepCoverageState } from './aggregate';
import { MAX_WEEKS, weeksEndingAt } from './coverage';

export type RecountDeps = {
  ledger: Pick<Ledger, 'listReps' | 'listContactsByRep' | 'suppressedAmong' | 'coverageAggregates' | 'repWeeklyTouchCounts' | 'weeklyTouchCounts' | 'replaceCoverage' | 'noteContactAddresses'>;
  clock: Clock;
};

export interface RecountDifference {
  repId: string;
  /** The figures now, as kept incrementally and as counted again (the same when only later days differ). */
  incremental: AggregateFigures;
  recounted: AggregateFigures;
}

export interface RecountResult {
  agreed: boolean;
  reps: number;
  contacts: number;
  differences: RecountDifference[];
  /** Rep, week and channel counts of the weeks compared that differed. */
  weekDifferences: number;
  /** Whether the recount was written in place of the aggregate. */
  written: boolean;
}

/** `weeks`: how many ISO weeks of touch counts to compare and rebuild, ending with this one (default MAX_WEEKS). */
export async function recountCoverage(deps: RecountDeps, opts: { write: boolean; weeks?: number }): Promise<RecountResult> {
  const now = deps.clock.now();
  const day = dayOf(now.getTime());
  const reps = await deps.ledger.listReps();
  const states: RepCoverageState[] = [];
  let contacts = 0;
  for (const rep of reps) {
    const state = emptyState(rep.id);
    let cursor: string | undefined;
    do {
      const page = await deps.ledger.listContactsByRep(rep.id, cursor ? { cursor } : {});
      const suppressed = await deps.ledger.suppressedAmong(page.items.flatMap((c) => (c.email ? [hashEmail(c.email)] : [])));
      for (const c of page.items) {
        for (const d of deltasBetween(undefined, contributionOf(c, isSuppressed(c, suppressed)))) applyDelta(state, d);
      }
      contacts += page.items.length;
      if (opts.write) await deps.ledger.noteContactAddresses(page.items);
      cursor = page.cursor;
    } while (cursor);
    states.push(state);
  }

  const kept = new Map((await deps.ledger.coverageAggregates(day)).map((a) => [a.repId, a]));
  const differences: RecountDifference[] = [];
  for (const state of states) {
    const fresh = aggregateAt(state, day);
    const old = kept.get(state.repId) ?? { ...aggregateAt(emptyState(state.repId), day) };
    const a = relevantAt({ ...emptyState(state.repId), days: old.days, instants: { [day]: old.today } }, day);
    const b = relevantAt(state, day);
    const same = old.contacts === fresh.contacts && old.optedOut === fresh.optedOut && sameCounts(a.days, b.days) && sameCounts(a.today, b.today);
    if (!same) differences.push({ repId: state.repId, incremental: figuresAt(old, now), recounted: figuresAt(fresh, now) });
  }

  const weeks = weeksEndingAt(now, opts.weeks ?? MAX_WEEKS);
  const [shared, perRep] = await Promise.all([deps.ledger.weeklyTouchCounts(weeks), deps.ledger.repWeeklyTouchCounts(weeks)]);
  const weekly = sumWeekly(shared);
  const keptWeekly = new Map(sumWeekly(perRep).map((w) => [`${w.week}|${w.repId}|${w.channel}`, w.count]));
  let weekDifferences = 0;
  for (const w of weekly) {
    if (keptWeekly.get(`${w.week}|${w.repId}|${w.channel}`) !== w.count) weekDifferences++;
    keptWeekly.delete(`${w.week}|${w.repId}|${w.channel}`);
  }
  weekDifferences += keptWeekly.size;

  if (opts.write) await deps.ledger.replaceCoverage(states, weekly);
  return { agreed: differences.length === 0 && weekDifferences === 0, reps: reps.length, contacts, differences, weekDifferences, written: opts.write };
}

function isSuppressed(c: Contact, suppressed: ReadonlySet<string>): boolean {
  return Boolean(c.email) && suppressed.has(hashEmail(c.email));
}

function sameCounts(a: Record<string, number>, b: Record<string, number>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) if ((a[k] ?? 0) !== (b[k] ?? 0)) return false;
  return true;
}

/** The shared counters add up over their shards: one count per week, rep and channel. */
function sumWeekly(counts: readonly WeeklyTouchCount[]): WeeklyTouchCount[] {
  const out = new Map<string, WeeklyTouchCount>();
  for (const c of counts) {
    const key = `${c.week}|${c.repId}|${c.channel}`;
    const row = out.get(key) ?? { ...c, count: 0 };
    row.count += c.count;
    out.set(key, row);
  }
  return [...out.values()].filter((w) => w.count !== 0);
}
