// The approval site (HTTP API v2): draft pages, review-all, task done, new links, the manager dashboard.
// Wiring only: the routes are in approval-site/router.ts, the middleware in approval-site/middleware.ts.
// In AWS two functions serve it: this one the pages and the dashboard, renew-link.ts the "send me a new link" form
// (POST /renew, its own route), so the function that serves pages holds no mail permission or SES client. The local
// stack and the tests serve both parts from one handler (createApprovalHandler).
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { dashboardScriptFrom } from '../adapters/fs/dashboard-script';
import { dashboardRoute, DASHBOARD_PATH } from '../core/coverage/dashboard/dashboard-route';
import type { DashboardDeps } from '../core/coverage/dashboard/dashboard-view';
import type { ApprovalSink } from '../core/ports';
import type { ApprovalSiteDeps, PageDeps } from './approval-site/deps';
import type { ApprovalEvent } from './approval-site/middleware';
import type { ExtraRoute } from './approval-site/router';
import { createSiteHandler } from './approval-site/site-handler';
import { cloudAssetsDir, cloudConfig, cloudLogger, systemClock } from './cloud-runtime';
import { cloudLedger } from './cloud/ledger';
import { cloudSecrets } from './cloud/secrets';
import { cloudApprovalSink } from './cloud/send-queue';

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

let built: ReturnType<typeof createSiteHandler> | undefined;

function buildCloudHandler() {
  // the table, the signing key (form nonces, manager links), and the send queue for approved drafts (its consumer
  // is handlers/send-approved.ts); approving is rarer than reading, so the SQS client is built by the first approval
  // (the table's and the signing key's at INIT, lambda/approval-site.ts)
  const approvalSink: ApprovalSink = { onApproved: (draftIds) => cloudApprovalSink().onApproved(draftIds) };
  const pages: PageDeps = { ledger: cloudLedger(), secrets: cloudSecrets(), clock: systemClock, logger: cloudLogger(), config: cloudConfig(), approvalSink };
  // the manager dashboard lives on the same endpoint; in AWS it always asks for a manager link
  // its chart script is a file beside the bundle, read when the dashboard is first shown in this container
  const dashboard = dashboardExtraRoute({ ...pages, dashboardScript: dashboardScriptFrom(cloudAssetsDir()) });
  return createSiteHandler({ pages }, pages.logger, { extraRoutes: [dashboard] });
}

/** The deployed handler of the pages: built once per container (clients from the cloud composition root). */
export const handler = async (event: ApprovalEvent, context: Context): Promise<APIGatewayProxyStructuredResultV2> => {
  // a build that throws (a missing setting) leaves `built` unset, so the next event tries again
  built ??= buildCloudHandler();
  return built(event, context);
};
