// The coverage use case: per rep and in total, how many contacts heard from us within their cadence, who has
// been left in silence longest, and how many touches went out per week and channel.
//
// Reads: the coverage aggregate (one summary per rep, aggregate.ts) and the touches per rep and week that every
// recorded touch counts in its own transaction, and the reps' due index only as far as the silent list needs.
// Touch rows are never read, and no more contacts than the list shows (docs/coverage.md).
import { NotFound, ValidationError } from '../errors';
import { hashEmail, isoWeekOf } from '../ids';
import { CHANNELS, type Channel, type Contact, type Rep, type Snooze } from '../model';
import type { Clock, Ledger, WeeklyTouchCount } from '../ports';
import { dayOf, figuresAt } from './aggregate';
import { showSnooze, snoozeHolding } from '../contacts/snooze';
import { absenceAt, isAwayOn, repDayAt } from '../reps/absence';
import { startOfLocalDay } from '../local-day';
import type { CoverageFigures, CoverageReport, RepCoverage, SilentContact, SnoozedContact, WeekTouches } from './coverage-report';
import { bySilence, bySnoozeEnd, isCovered, silentEntryOf, snoozedEntryOf } from './silence';

export type CoverageDeps = {
  ledger: Pick<Ledger, 'listReps' | 'getRep' | 'listContactsByRep' | 'coverageAggregates' | 'repWeeklyTouchCounts' | 'suppressedHashesUpTo' | 'suppressedAmong'>;
  clock: Clock;
};
/** What a count from the contacts themselves reads (the recount, and the reference the aggregate is checked against). */
export type CountDeps = { ledger: Pick<Ledger, 'listReps' | 'getRep' | 'listContactsByRep' | 'weeklyTouchCounts' | 'suppressedAmong'>; clock: Clock };

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
/** Suppressions read as one list when there are at most this many (else looked up page by page). */
const SUPPRESSION_LIST_MAX = 5_000;

function checkInput(input: CoverageInput): void {
  if (!Number.isInteger(input.weeks) || input.weeks < 1 || input.weeks > MAX_WEEKS) {
    throw new ValidationError(`weeks must be a whole number from 1 to ${MAX_WEEKS}`, [{ path: 'weeks', message: 'out of range' }]);
  }
  if (input.silentLimit !== undefined && (!Number.isInteger(input.silentLimit) || input.silentLimit < 0)) {
    throw new ValidationError('the silent list limit must be a whole number of 0 or more', [{ path: 'silentLimit', message: 'out of range' }]);
  }
}

/**
 * The report from the aggregates: the figures from one summary per rep (aggregate.ts) and the touches per rep and
 * week, the silent and snoozed lists from the reps' due index, oldest due first, read only as far as the limit needs.
 * What it reads follows the number of reps and the limit, not the number of contacts.
 */
export async function coverage(deps: CoverageDeps, input: CoverageInput): Promise<CoverageReport> {
  checkInput(input);
  const now = deps.clock.now();
  const reps = await repsOf(deps, input.repId);
  const weeks = weeksEndingAt(now, input.weeks);
  const held = new Map<string, Snooze>();
  for (const rep of reps) {
    const h = await heldWhileAway(deps, rep, now);
    if (h) held.set(rep.id, h);
  }
  const [aggregates, counts, lists] = await Promise.all([
    deps.ledger.coverageAggregates(dayOf(now.getTime()), input.repId ? [input.repId] : undefined),
    deps.ledger.repWeeklyTouchCounts(weeks),
    dueLists(deps, reps, held, now, input.silentLimit),
  ]);
  const byRep = new Map(aggregates.map((a) => [a.repId, a]));
  const perRep = reps.map((rep) => {
    const a = byRep.get(rep.id);
    const f = a ? figuresAt(a, now, held.has(rep.id)) : { contacts: 0, covered: 0, snoozed: 0, silent: 0, optedOut: 0 };
    return { rep, figures: { ...f, share: shareOf(f.covered, f.contacts), touches: 0 } };
  });
  return assemble(input, now, weeks, perRep, counts, lists.silent, lists.snoozed);
}

/**
 * The same report counted from every contact of every rep (the rep index, page by page): what `--recount` checks the
 * aggregate against. Reads every contact: its cost grows with the ledger.
 */
export async function coverageFromContacts(deps: CountDeps, input: CoverageInput): Promise<CoverageReport> {
  checkInput(input);
  const now = deps.clock.now();
  const reps = await repsOf(deps, input.repId);
  const weeks = weeksEndingAt(now, input.weeks);
  const [perRep, counts] = await Promise.all([
    mapLimit(reps, REP_CONCURRENCY, (rep) => readRep(deps, rep, now, input.silentLimit)),
    deps.ledger.weeklyTouchCounts(weeks),
  ]);
  return assemble(
    input,
    now,
    weeks,
    perRep,
    counts,
    perRep.flatMap((r) => r.silent).sort(bySilence),
    perRep.flatMap((r) => r.snoozed).sort(bySnoozeEnd),
  );
}

function assemble(
  input: CoverageInput,
  now: Date,
  weeks: string[],
  perRep: Array<{ rep: Rep; figures: CoverageFigures }>,
  counts: readonly WeeklyTouchCount[],
  silent: SilentContact[],
  snoozed: SnoozedContact[],
): CoverageReport {
  const wanted = input.repId ? counts.filter((c) => c.repId === input.repId) : counts;

  const touchesByRep = new Map<string, number>();
  for (const c of wanted) touchesByRep.set(c.repId, (touchesByRep.get(c.repId) ?? 0) + c.count);

  const repRows: RepCoverage[] = perRep.map(({ rep, figures }) => ({
    repId: rep.id,
    repName: rep.name,
    ...figures,
    touches: touchesByRep.get(rep.id) ?? 0,
  }));

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

/** Oldest due first; ties by rep and contact id: the order of the reps' due index, merged. */
function byDue(a: Contact, b: Contact): number {
  return a.nextDueAt < b.nextDueAt ? -1 : a.nextDueAt > b.nextDueAt ? 1 : a.repId < b.repId ? -1 : a.repId > b.repId ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Contacts read per rep and request while the lists are merged; later pages of a rep grow up to the limit. */
const FIRST_PAGE = 4;

/**
 * The silent list from the reps' due index (GSI1 up to now, oldest due first): the reps' pages are merged in due
 * order and reading stops when the list is full, so a rep is read only as far as its contacts make the list. A
 * contact that is not covered is due (its due date is its last touch plus its cadence), so none is missed, except a
 * never-touched contact the import scheduled for later: counted as silent, listed once it is due. The snoozed
 * contacts met on the way make the snoozed list (its count is complete, its list shows the ones met, soonest end
 * first). Without a limit every due contact is read.
 */
async function dueLists(deps: CoverageDeps, reps: readonly Rep[], held: ReadonlyMap<string, Snooze>, now: Date, limit: number | undefined) {
  const silent: SilentContact[] = [];
  const snoozed: SnoozedContact[] = [];
  if (limit === 0 || reps.length === 0) return { silent, snoozed };
  const listed = await deps.ledger.suppressedHashesUpTo(SUPPRESSION_LIST_MAX);
  const dueBy = now.toISOString();
  const zoneOf = new Map(reps.map((r) => [r.id, r.timeZone]));

  type Stream = { repId: string; buffer: Contact[]; cursor?: string; done: boolean; pageSize: number };
  const streams: Stream[] = reps.map((r) => ({ repId: r.id, buffer: [], done: false, pageSize: limit === undefined ? 1000 : Math.min(limit, FIRST_PAGE) }));
  const fill = async (s: Stream) => {
    const page = await deps.ledger.listContactsByRep(s.repId, { dueBy, limit: s.pageSize, ...(s.cursor ? { cursor: s.cursor } : {}) });
    const suppressed = listed ?? (await deps.ledger.suppressedAmong(page.items.flatMap((c) => (c.email ? [hashEmail(c.email)] : []))));
    s.buffer.push(...page.items.filter((c) => !c.optedOut && !(c.email && suppressed.has(hashEmail(c.email)))));
    s.cursor = page.cursor;
    s.done = !page.cursor;
    if (limit !== undefined) s.pageSize = Math.min(limit, s.pageSize * 2);
  };
  const refill = async (s: Stream) => {
    while (!s.buffer.length && !s.done) await fill(s);
  };
  await mapLimit(streams, REP_CONCURRENCY, refill);

  const take = (c: Contact) => {
    if (isCovered(c, now)) return;
    const snooze = snoozeHolding(c, now) ?? held.get(c.repId);
    if (snooze) {
      if (limit === undefined || snoozed.length < limit) snoozed.push(snoozedEntryOf(c, showSnooze(snooze, zoneOf.get(c.repId) ?? 'UTC'), now));
    } else silent.push(silentEntryOf(c, now));
  };
  for (;;) {
    if (limit !== undefined && silent.length >= limit) break;
    let next: Stream | undefined;
    for (const s of streams) if (s.buffer.length && (!next || byDue(s.buffer[0]!, next.buffer[0]!) < 0)) next = s;
    if (!next) break;
    take(next.buffer.shift()!);
    await refill(next);
  }
  // the most overdue make the list; it is shown longest silence first, like the count from the contacts
  return { silent: silent.sort(bySilence), snoozed: snoozed.sort(bySnoozeEnd) };
}

/** The `n` ISO weeks ending with the week of `now`, oldest first. */
export function weeksEndingAt(now: Date, n: number): string[] {
  const weeks: string[] = [];
  for (let i = n - 1; i >= 0; i--) weeks.push(isoWeekOf(new Date(now.getTime() - i * 7 * 86_400_000)));
  return weeks;
}

async function repsOf(deps: { ledger: Pick<Ledger, 'listReps' | 'getRep'> }, repId: string | undefined): Promise<Rep[]> {
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

async function heldWhileAway(deps: { ledger: Pick<Ledger, 'getRep'> }, rep: Rep, now: Date): Promise<Snooze | undefined> {
  const away = rep.away;
  if (!away || !isAwayOn(rep, repDayAt(rep, now))) return undefined;
  const deputy = away.deputy && !away.hold ? await deps.ledger.getRep(away.deputy) : undefined;
  if (absenceAt(rep, now, (id) => (id === deputy?.id ? deputy : undefined)).mode !== 'hold') return undefined;
  const back = new Date(Date.parse(`${away.until}T12:00:00Z`) + 86_400_000);
  const until = startOfLocalDay({ year: back.getUTCFullYear(), month: back.getUTCMonth() + 1, day: back.getUTCDate() }, rep.timeZone).toISOString();
  return { until, reason: HELD_REASON, at: away.at ?? now.toISOString(), ...(away.by ? { by: away.by } : {}) };
}

async function readRep(deps: CountDeps, rep: Rep, now: Date, silentLimit: number | undefined) {
  const held = await heldWhileAway(deps, rep, now);
  const figures = { contacts: 0, covered: 0, silent: 0, snoozed: 0, share: 0, optedOut: 0, touches: 0 };
  let silent: SilentContact[] = [];
  let snoozed: SnoozedContact[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.ledger.listContactsByRep(rep.id, cursor ? { cursor } : {});
    const suppressed = await deps.ledger.suppressedAmong(page.items.flatMap((c) => (c.email ? [hashEmail(c.email)] : [])));
    for (const contact of page.items) count(contact, Boolean(contact.email) && suppressed.has(hashEmail(contact.email)));
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

  function count(contact: Contact, suppressed: boolean) {
    // Someone who asked for no contact at all is silent on purpose; counting them would push reps to break it. The
    // suppression list counts as asking: an unsubscribe, a bounce, a complaint, an erasure.
    if (contact.optedOut || suppressed) {
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
