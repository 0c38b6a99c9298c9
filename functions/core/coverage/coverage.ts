// The coverage use case: per rep and in total, how many contacts heard from us within their cadence, who has
// been left in silence longest, and how many touches went out per week and channel.
//
// Reads: the contacts rep by rep through the rep index (no scan), and the weekly touch counters that every
// recorded touch increments in its own transaction (docs/data-model.md pattern 17). Touch rows are never read,
// so the cost follows the number of contacts, not the length of their history.
import { NotFound, ValidationError } from '../errors';
import { isoWeekOf } from '../ids';
import { CHANNELS, type Channel, type Contact, type Rep, type Snooze } from '../model';
import type { Clock, Ledger } from '../ports';
import { showSnooze, snoozeHolding } from '../contacts/snooze';
import { absenceAt, isAwayOn, repDayAt } from '../reps/absence';
import { startOfLocalDay } from '../local-day';
import type { CoverageFigures, CoverageReport, RepCoverage, SilentContact, SnoozedContact, WeekTouches } from './coverage-report';
import { bySilence, bySnoozeEnd, isCovered, silentEntryOf, snoozedEntryOf } from './silence';

export type CoverageDeps = { ledger: Pick<Ledger, 'listReps' | 'getRep' | 'listContactsByRep' | 'weeklyTouchCounts'>; clock: Clock };

export interface CoverageInput {
  /** Only this rep; otherwise every rep of the ledger. */
  repId?: string;
  /** How many ISO weeks of touches, ending with the current week (1..104). */
  weeks: number;
  /** Keep at most this many silent contacts in the report (the count stays complete). */
  silentLimit?: number;
}

export const MAX_WEEKS = 104;
/** Reps read at the same time: enough to hide round trips, few enough to stay under the table's read rate. */
const REP_CONCURRENCY = 4;

export async function coverage(deps: CoverageDeps, input: CoverageInput): Promise<CoverageReport> {
  if (!Number.isInteger(input.weeks) || input.weeks < 1 || input.weeks > MAX_WEEKS) {
    throw new ValidationError(`weeks must be a whole number from 1 to ${MAX_WEEKS}`, [{ path: 'weeks', message: 'out of range' }]);
  }
  if (input.silentLimit !== undefined && (!Number.isInteger(input.silentLimit) || input.silentLimit < 0)) {
    throw new ValidationError('the silent list limit must be a whole number of 0 or more', [{ path: 'silentLimit', message: 'out of range' }]);
  }
  const now = deps.clock.now();
  const reps = await repsOf(deps, input.repId);
  const weeks = weeksEndingAt(now, input.weeks);

  const [perRep, counts] = await Promise.all([
    mapLimit(reps, REP_CONCURRENCY, (rep) => readRep(deps, rep, now, input.silentLimit)),
    deps.ledger.weeklyTouchCounts(weeks),
  ]);
  const wanted = input.repId ? counts.filter((c) => c.repId === input.repId) : counts;

  const touchesByRep = new Map<string, number>();
  for (const c of wanted) touchesByRep.set(c.repId, (touchesByRep.get(c.repId) ?? 0) + c.count);

  const repRows: RepCoverage[] = perRep.map(({ rep, figures }) => ({
    repId: rep.id,
    repName: rep.name,
    ...figures,
    touches: touchesByRep.get(rep.id) ?? 0,
  }));

  const silent = perRep.flatMap((r) => r.silent).sort(bySilence);
  const snoozed = perRep.flatMap((r) => r.snoozed).sort(bySnoozeEnd);
  const total = sumFigures(repRows);
  // Touches of reps no longer in the ledger still happened: the total counts every counter of the period.
  total.touches = wanted.reduce((n, c) => n + c.count, 0);

  return {
    generatedAt: now.toISOString(),
    ...(input.repId ? { repId: input.repId } : {}),
    weeks,
    reps: repRows,
    total,
    silentContacts: input.silentLimit === undefined ? silent : silent.slice(0, input.silentLimit),
    silentCount: total.silent,
    snoozedContacts: input.silentLimit === undefined ? snoozed : snoozed.slice(0, input.silentLimit),
    snoozedCount: total.snoozed,
    touchesPerWeek: touchesPerWeek(weeks, wanted),
  };
}

/** The `n` ISO weeks ending with the week of `now`, oldest first. */
export function weeksEndingAt(now: Date, n: number): string[] {
  const weeks: string[] = [];
  for (let i = n - 1; i >= 0; i--) weeks.push(isoWeekOf(new Date(now.getTime() - i * 7 * 86_400_000)));
  return weeks;
}

async function repsOf(deps: CoverageDeps, repId: string | undefined): Promise<Rep[]> {
  if (!repId) return deps.ledger.listReps();
  const rep = await deps.ledger.getRep(repId);
  if (!rep) throw new NotFound(`rep ${repId} is not known`);
  return [rep];
}

/**
 * While the rep is away with nobody standing in (reps/absence.ts), the rep's customers are held, not neglected: shown
 * like a snooze that ends the day the rep is back, reason "held: rep away".
 */
export const HELD_REASON = 'held: rep away';

async function heldWhileAway(deps: CoverageDeps, rep: Rep, now: Date): Promise<Snooze | undefined> {
  const away = rep.away;
  if (!away || !isAwayOn(rep, repDayAt(rep, now))) return undefined;
  const deputy = away.deputy && !away.hold ? await deps.ledger.getRep(away.deputy) : undefined;
  if (absenceAt(rep, now, (id) => (id === deputy?.id ? deputy : undefined)).mode !== 'hold') return undefined;
  const back = new Date(Date.parse(`${away.until}T12:00:00Z`) + 86_400_000);
  const until = startOfLocalDay({ year: back.getUTCFullYear(), month: back.getUTCMonth() + 1, day: back.getUTCDate() }, rep.timeZone).toISOString();
  return { until, reason: HELD_REASON, at: away.at ?? now.toISOString(), ...(away.by ? { by: away.by } : {}) };
}

async function readRep(deps: CoverageDeps, rep: Rep, now: Date, silentLimit: number | undefined) {
  const held = await heldWhileAway(deps, rep, now);
  const figures = { contacts: 0, covered: 0, silent: 0, snoozed: 0, share: 0, optedOut: 0, touches: 0 };
  let silent: SilentContact[] = [];
  let snoozed: SnoozedContact[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.ledger.listContactsByRep(rep.id, cursor ? { cursor } : {});
    for (const contact of page.items) count(contact);
    cursor = page.cursor;
    // With a limit only the longest silences can make the list: keep memory to about twice the limit per rep
    // (the global top N is always among the reps' top N).
    if (silentLimit !== undefined && silent.length > 2 * silentLimit + 1000) silent = silent.sort(bySilence).slice(0, silentLimit);
    if (silentLimit !== undefined && snoozed.length > 2 * silentLimit + 1000) snoozed = snoozed.sort(bySnoozeEnd).slice(0, silentLimit);
  } while (cursor);
  if (silentLimit !== undefined) silent = silent.sort(bySilence).slice(0, silentLimit);
  if (silentLimit !== undefined) snoozed = snoozed.sort(bySnoozeEnd).slice(0, silentLimit);
  figures.share = shareOf(figures.covered, figures.contacts);
  return { rep, figures, silent, snoozed };

  function count(contact: Contact) {
    // Someone who asked for no contact at all is silent on purpose; counting them would push reps to break it.
    if (contact.optedOut) {
      figures.optedOut++;
      return;
    }
    figures.contacts++;
    if (isCovered(contact, now)) {
      figures.covered++;
      return;
    }
    // not heard from, but on purpose and until a date (any campaign's snooze, or the rep away without a stand-in):
    // not silence by neglect
    const snooze = snoozeHolding(contact, now) ?? held;
    if (snooze) {
      figures.snoozed++;
      snoozed.push(snoozedEntryOf(contact, showSnooze(snooze, rep.timeZone), now));
    } else {
      figures.silent++;
      silent.push(silentEntryOf(contact, now));
    }
  }
}

function sumFigures(rows: readonly CoverageFigures[]): CoverageFigures {
  const t = { contacts: 0, covered: 0, silent: 0, snoozed: 0, share: 0, optedOut: 0, touches: 0 };
  for (const r of rows) {
    t.contacts += r.contacts;
    t.covered += r.covered;
    t.silent += r.silent;
    t.snoozed += r.snoozed;
    t.optedOut += r.optedOut;
    t.touches += r.touches;
  }
  t.share = shareOf(t.covered, t.contacts);
  return t;
}

function shareOf(covered: number, contacts: number): number {
  return contacts === 0 ? 0 : covered / contacts;
}

function touchesPerWeek(weeks: readonly string[], counts: ReadonlyArray<{ week: string; channel: Channel; count: number }>): WeekTouches[] {
  const rows = new Map<string, WeekTouches>(
    weeks.map((week) => [week, { week, byChannel: Object.fromEntries(CHANNELS.map((c) => [c, 0])) as Record<Channel, number>, total: 0 }]),
  );
  for (const c of counts) {
    const row = rows.get(c.week);
    if (!row || !(c.channel in row.byChannel)) continue;
    row.byChannel[c.channel] += c.count;
    row.total += c.count;
  }
  return [...rows.values()];
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
