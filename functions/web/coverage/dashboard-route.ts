// The dashboard as a route for a plain Node http server (`presence up`) and the approval site: request line in,
// status + headers + page out. The report comes from the core (core/coverage/view-dashboard.ts); this file picks
// the status, the headers and the page.
import { DASHBOARD_PATH } from '../../core/coverage/manager-link';
import { viewDashboard, type ViewDashboardDeps } from '../../core/coverage/view-dashboard';
import { InvalidToken } from '../../core/errors';
import { escapeHtml } from '../../core/escape-html';
import type { Logger } from '../../core/ports';
import { httpStatusOf } from '../http-status';
import { renderDashboardPage } from './dashboard-page';
import { renderPage } from './page';

export { DASHBOARD_PATH };

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type DashboardDeps = ViewDashboardDeps & {
  logger: Logger;
  /** The chart script inlined in the page; a file read once by the composition root (adapters/fs/dashboard-script.ts). */
  dashboardScript: () => Promise<string>;
};

/**
 * `runtime` is anything with the ledger, clock and logger (the CLI/local Runtime fits). Locally the server
 * listens on localhost and the dashboard needs no token (`requireToken: false`); anywhere else keep the
 * default, which asks for a manager link (`presence report dashboard-link`).
 */
export function dashboardRoute(
  runtime: DashboardDeps,
  opts: { requireToken?: boolean } = {},
): (req: { method?: string; url?: string }) => Promise<HttpResponse> {
  const requireToken = opts.requireToken ?? true;
  return async (req) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    return dashboardResponse(runtime, (req.method ?? 'GET').toUpperCase(), Object.fromEntries(url.searchParams), { requireToken });
  };
}

async function dashboardResponse(deps: DashboardDeps, method: string, query: Record<string, string>, opts: { requireToken: boolean }): Promise<HttpResponse> {
  if (method !== 'GET' && method !== 'HEAD') {
    const page = errorPage(405, 'Only GET shows the dashboard.');
    return { ...page, headers: { ...page.headers, allow: 'GET, HEAD' } };
  }
  try {
    // the report first: a bad link or query is answered without reading the chart script
    const report = await viewDashboard(deps, query, opts);
    const page = renderDashboardPage(report, await deps.dashboardScript());
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
