// The dashboard as an HTTP view: query in, status + headers + page out. The local stack mounts it without a
// token (the server listens on localhost only); the approval site in AWS mounts it behind a manager link.
import { InvalidToken, ValidationError } from '../../errors';
import { escapeHtml } from '../../escape-html';
import { isId } from '../../model';
import type { Clock, Ledger, Logger } from '../../ports';
import { httpStatusOf } from '../../../web/http-status';
import { coverage } from '../coverage';
import { renderPage } from '../formats/page';
import { ALL_REPS, verifyManagerToken } from '../manager-link';
import { renderDashboardPage } from './render-dashboard';

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type DashboardDeps = {
  ledger: Pick<Ledger, 'listReps' | 'getRep' | 'listContactsByRep' | 'weeklyTouchCounts' | 'getToken'>;
  clock: Clock;
  logger: Logger;
  /** The chart script inlined in the page; a file read once by the composition root (adapters/fs/dashboard-script.ts). */
  dashboardScript: () => Promise<string>;
};

export interface DashboardRequest {
  method: string;
  /** The query parameters: t (manager token), rep, weeks (1..104, default 12), silent (list length, default 50). */
  query: Record<string, string | undefined>;
}

export const DEFAULT_WEEKS = 12;
export const DEFAULT_SILENT = 50;

export async function dashboardView(deps: DashboardDeps, req: DashboardRequest, opts: { requireToken: boolean }): Promise<HttpResponse> {
  const method = req.method.toUpperCase();
  if (method !== 'GET' && method !== 'HEAD') {
    const page = errorPage(405, 'Only GET shows the dashboard.');
    return { ...page, headers: { ...page.headers, allow: 'GET, HEAD' } };
  }
  try {
    let repId = optionalRep(req.query.rep);
    if (opts.requireToken) {
      const record = await verifyManagerToken(deps, req.query.t);
      // a link for one rep shows that rep only, whatever the query asks for
      if (record.repId !== ALL_REPS) repId = record.repId;
    }
    const weeks = wholeNumber(req.query.weeks, DEFAULT_WEEKS, 'weeks');
    const silentLimit = wholeNumber(req.query.silent, DEFAULT_SILENT, 'silent');
    const [report, chartScript] = await Promise.all([coverage(deps, { weeks, silentLimit, ...(repId ? { repId } : {}) }), deps.dashboardScript()]);
    const page = renderDashboardPage(report, chartScript);
    return { status: 200, headers: pageHeaders(page.csp), body: method === 'HEAD' ? '' : page.html };
  } catch (error) {
    const status = httpStatusOf(error);
    if (status >= 500) deps.logger.error('dashboard failed', { error: error instanceof Error ? error.name : 'unknown' });
    const message =
      error instanceof InvalidToken
        ? 'This dashboard link is not valid any more. Ask for a new one.'
        : status < 500 && error instanceof Error
          ? error.message
          : 'The dashboard could not be built. Please try again later.';
    const page = errorPage(status, message);
    return method === 'HEAD' ? { ...page, body: '' } : page;
  }
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

/** Headers of every dashboard answer: the page's policy (also no framing), no caching, no referrer (the token). */
export function pageHeaders(csp: string): Record<string, string> {
  return {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': `${csp}; frame-ancestors 'none'`,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  };
}

function errorPage(status: number, message: string): HttpResponse {
  const page = renderPage({ title: 'Coverage dashboard', body: `<main><h1>Coverage dashboard</h1><p>${escapeHtml(message)}</p></main>` });
  return { status, headers: pageHeaders(page.csp), body: page.html };
}
