// setRepAway / clearRepAway: `presence reps away ID --from DATE --until DATE [--deputy REP] [--hold]` and the reps
// file's awayFrom / awayUntil / deputy columns. Every input is checked before anything is written; all problems
// come back together, each naming its field, and nothing is written unless all of them hold.
import { ValidationError } from '../errors';
import { calendarDay } from '../local-day';
import { ID_RULE, isId, type Absence, type Rep } from '../model';
import type { Clock, RepStore } from '../ports';
import { isAwayOn, repDayAt } from './absence';

export interface SetRepAwayInput {
  repId: unknown;
  from: unknown;
  until: unknown;
  deputy?: unknown;
  hold?: boolean;
  /** Who set it: `cli:<user>`, `import`. */
  by?: string;
}

type Issue = { path: string; message: string };

/** An absence longer than this is a leaver, not a holiday: reassign the customers instead. */
export const MAX_ABSENCE_DAYS = 366;

const dayOf = (value: unknown, path: string, issues: Issue[]): string | undefined => {
  const text = typeof value === 'string' ? value.trim() : '';
  if (!text) {
    issues.push({ path, message: 'is required: a date such as 2027-01-12' });
    return undefined;
  }
  if (!calendarDay(text)) {
    issues.push({ path, message: `"${text.slice(0, 40)}" is not a date; use YYYY-MM-DD, e.g. 2027-01-12` });
    return undefined;
  }
  return text;
};

const overlaps = (a: Pick<Absence, 'from' | 'until'>, b: Pick<Absence, 'from' | 'until'>) => a.from <= b.until && b.from <= a.until;

/**
 * The problems of an absence for `rep` among `reps` (all reps, the rep included), or none. Shared by the command
 * and the reps import, which checks a whole file's absences against each other.
 */
export function absenceProblems(rep: Rep, absence: Pick<Absence, 'from' | 'until' | 'deputy' | 'hold'>, reps: ReadonlyMap<string, Rep>, today: string): Issue[] {
  const issues: Issue[] = [];
  if (absence.until < absence.from) issues.push({ path: 'until', message: `ends (${absence.until}) before it starts (${absence.from})` });
  else if (absence.until < today) issues.push({ path: 'until', message: `${absence.until} is over already` });
  else if ((Date.parse(absence.until) - Date.parse(absence.from)) / 86_400_000 >= MAX_ABSENCE_DAYS) {
    issues.push({ path: 'until', message: `more than ${MAX_ABSENCE_DAYS} days away: give the customers another rep instead` });
  }
  if (absence.deputy !== undefined) {
    const deputy = reps.get(absence.deputy);
    if (absence.deputy === rep.id) issues.push({ path: 'deputy', message: 'a rep cannot stand in for themself' });
    else if (!deputy) issues.push({ path: 'deputy', message: `there is no rep "${absence.deputy}"` });
    else if (deputy.away && overlaps(deputy.away, absence) && issues.every((i) => i.path !== 'until')) {
      issues.push({ path: 'deputy', message: `${deputy.id} is away too (${deputy.away.from} to ${deputy.away.until})` });
    }
  }
  // the rep may be someone else's deputy meanwhile: that rep's customers would have nobody
  for (const other of reps.values()) {
    if (other.id === rep.id || !other.away || other.away.hold || other.away.deputy !== rep.id) continue;
    if (overlaps(other.away, absence) && issues.every((i) => i.path !== 'until')) {
      issues.push({ path: 'from', message: `${rep.id} stands in for ${other.id} from ${other.away.from} to ${other.away.until}: give ${other.id} another deputy first` });
    }
  }
  return issues;
}

/** Sets the rep's absence, replacing one before. Throws ValidationError naming each bad field, having written nothing. */
export async function setRepAway(deps: { ledger: Pick<RepStore, 'getRep' | 'putRep' | 'listReps'>; clock: Clock }, input: SetRepAwayInput): Promise<Rep> {
  const issues: Issue[] = [];
  const repId = isId(input.repId) ? input.repId : undefined;
  if (!repId) issues.push({ path: 'id', message: typeof input.repId === 'string' ? ID_RULE : 'is required' });
  const from = dayOf(input.from, 'from', issues);
  const until = dayOf(input.until, 'until', issues);
  let deputy: string | undefined;
  if (input.deputy !== undefined && input.deputy !== '') {
    if (isId(input.deputy)) deputy = input.deputy;
    else issues.push({ path: 'deputy', message: ID_RULE });
  }
  const reps = new Map((await deps.ledger.listReps()).map((r) => [r.id, r]));
  const rep = repId ? reps.get(repId) : undefined;
  if (repId && !rep) issues.push({ path: 'id', message: `there is no rep "${repId}"` });
  const now = deps.clock.now();
  const hold = input.hold === true || deputy === undefined;
  if (rep && from && until) issues.push(...absenceProblems(rep, { from, until, deputy, hold }, reps, repDayAt(rep, now)));
  if (issues.length || !rep || !from || !until) {
    throw new ValidationError(`Nothing was changed: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}.`, issues);
  }
  const away: Absence = { from, until, ...(deputy ? { deputy } : {}), hold, at: now.toISOString(), ...(input.by ? { by: input.by } : {}) };
  return deps.ledger.putRep({ ...rep, away, updatedAt: now.toISOString() }, rep.version);
}

/** Ends the rep's absence now (the rep is back early, or it was set by mistake). */
export async function clearRepAway(deps: { ledger: Pick<RepStore, 'getRep' | 'putRep'>; clock: Clock }, repId: string): Promise<Rep> {
  const rep = await deps.ledger.getRep(repId);
  if (!rep) throw new ValidationError(`Nothing was changed: id there is no rep "${repId}".`, [{ path: 'id', message: `there is no rep "${repId}"` }]);
  const { away: _away, ...rest } = rep;
  return deps.ledger.putRep({ ...rest, updatedAt: deps.clock.now().toISOString() }, rep.version);
}

