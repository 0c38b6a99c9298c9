// The dashboard as a route for a plain Node http server (`presence up`): request line in, response out.
import { DASHBOARD_PATH } from '../manager-link';
import { dashboardView, type DashboardDeps, type HttpResponse } from './dashboard-view';

export { DASHBOARD_PATH };

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
    return dashboardView(runtime, { method: req.method ?? 'GET', query: Object.fromEntries(url.searchParams) }, { requireToken });
  };
}
