// What the coverage dashboard shows, as data: the coverage report the query asks for, limited to the rep of a
// rep-scoped manager link. Read-only. The web layer turns it into the page and the HTTP answer
// (web/coverage/dashboard-route.ts): the local stack shows it without a token (its server listens on localhost
// only), the approval site in AWS behind a manager link.
import { ValidationError } from '../errors';
import { isId } from '../model';
import type { Clock, Ledger } from '../ports';
import { coverage, type CoverageDeps } from './coverage';
import type { CoverageReport } from './coverage-report';
import { ALL_REPS, verifyManagerToken } from './manager-link';

export type ViewDashboardDeps = {
  ledger: CoverageDeps['ledger'] & Pick<Ledger, 'getToken'>;
  clock: Clock;
};

/** The query parameters: t (manager token), rep, weeks (1..104, default 12), silent (list length, default 50). */
export type DashboardQuery = Record<string, string | undefined>;

export const DEFAULT_WEEKS = 12;
export const DEFAULT_SILENT = 50;

/** The report, or ValidationError (bad query), InvalidToken (no valid manager link), NotFound (unknown rep). */
export async function viewDashboard(deps: ViewDashboardDeps, query: DashboardQuery, opts: { requireToken: boolean }): Promise<CoverageReport> {
  let repId = optionalRep(query.rep);
  if (opts.requireToken) {
    const record = await verifyManagerToken(deps, query.t);
    // a link for one rep shows that rep only, whatever the query asks for
    if (record.repId !== ALL_REPS) repId = record.repId;
  }
  const weeks = wholeNumber(query.weeks, DEFAULT_WEEKS, 'weeks');
  const silentLimit = wholeNumber(query.silent, DEFAULT_SILENT, 'silent');
  return coverage(deps, { weeks, silentLimit, ...(repId ? { repId } : {}) });
}

function optionalRep(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!isId(value)) throw new ValidationError('rep must be a rep id', [{ path: 'rep', message: 'not an id' }]);
  return value;
}

function wholeNumber(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  if (!/^\d{1,4}$/.test(value)) throw new ValidationError(`${name} must be a whole number`, [{ path: name, message: 'not a number' }]);
  return Number(value);
}
