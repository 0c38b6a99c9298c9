// The approval site (HTTP API v2): draft pages, review-all, task done, new links, the manager dashboard.
// Wiring only: the routes are in approval-site/router.ts, the middleware in approval-site/middleware.ts.
// In AWS two functions serve it: this one the pages and the dashboard, renew-link.ts the "send me a new link" form
// (POST /renew, its own route), so the function that serves pages holds no mail permission or SES client. The local
// stack and the tests serve both parts from one handler (createApprovalHandler).
import { dashboardScriptFrom } from '../adapters/fs/dashboard-script';
import { dashboardRoute, DASHBOARD_PATH, type DashboardDeps } from '../web/coverage/dashboard-route';
import type { ApprovalSiteDeps, PageDeps } from './approval-site/deps';
import type { ExtraRoute } from './approval-site/router';
import { createSiteHandler } from './approval-site/site-handler';

export type { ApprovalSiteDeps } from './approval-site/deps';

/** The whole site from one handler: the pages and the renewal (the local stack, tests). */
export function createApprovalHandler(deps: ApprovalSiteDeps, opts: { extraRoutes?: readonly ExtraRoute[] } = {}) {
  return createSiteHandler({ pages: deps, renew: deps }, deps.logger, opts);
}

/**
 * The coverage dashboard rides on the same endpoint behind a signed manager link (`presence report
 * dashboard-link`). It sets its own headers (a CSP that allows its chart script by hash); the site's middleware
 * adds the common ones, the access log and the error pages.
 */
export function dashboardExtraRoute(runtime: DashboardDeps): ExtraRoute {
  const dashboard = dashboardRoute(runtime, { requireToken: true });
  return {
    prefix: DASHBOARD_PATH,
    handle: async (req) => {
      const query = req.query.toString();
      const res = await dashboard({ method: req.method, url: `${req.path}${query ? `?${query}` : ''}` });
      return { statusCode: res.status, headers: res.headers, body: res.body };
    },
  };
}

/**
 * The pages and the dashboard as deployed (handlers/lambda/approval-site.ts): in AWS the dashboard always asks for a
 * manager link, and its chart script is a file beside the bundle, read when the dashboard is first shown.
 */
export function createPagesHandler(pages: PageDeps, assetsDir: string) {
  const dashboard = dashboardExtraRoute({ ...pages, dashboardScript: dashboardScriptFrom(assetsDir) });
  return createSiteHandler({ pages }, pages.logger, { extraRoutes: [dashboard] });
}
