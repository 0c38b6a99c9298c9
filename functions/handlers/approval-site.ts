// Lambda entry of the approval site (Function URL or HTTP API v2): draft pages, review-all, task done, new links.
// Wiring only: the routes are in approval-site/router.ts, the middleware in approval-site/middleware.ts.
import middy from '@middy/core';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { dashboardScriptFrom } from '../adapters/fs/dashboard-script';
import { loadPrecompiledTemplates } from '../adapters/templates/precompiled-templates';
import { mailRendererWhenFirstUsed } from '../core/approval/mail-renderer';
import { precompiledMailRenderer } from '../core/approval/precompiled-mail-templates';
import { dashboardRoute, DASHBOARD_PATH } from '../core/coverage/dashboard/dashboard-route';
import type { DashboardDeps } from '../core/coverage/dashboard/dashboard-view';
import type { ApprovalSink, Mailer } from '../core/ports';
import { approvalSiteDeps, type ApprovalSiteDeps } from './approval-site/deps';
import { accessLog, errorPages, headWithoutBody, parseRequest, securityHeaders, type ApprovalEvent } from './approval-site/middleware';
import { routeSiteRequest, type ExtraRoute } from './approval-site/router';
import { cloudAssetsDir, cloudConfig, cloudLogger, systemClock } from './cloud-runtime';
import { cloudLedger } from './cloud/ledger';
import { cloudMailer } from './cloud/mailer';
import { cloudSecrets } from './cloud/secrets';
import { cloudApprovalSink } from './cloud/send-queue';

export type { ApprovalSiteDeps } from './approval-site/deps';

export function createApprovalHandler(deps: ApprovalSiteDeps, opts: { extraRoutes?: readonly ExtraRoute[] } = {}) {
  // after/onError run in reverse order of use(): error page first, then HEAD body, headers, and the log last
  return middy<ApprovalEvent, APIGatewayProxyStructuredResultV2>()
    .use(accessLog(deps.logger))
    .use(securityHeaders())
    .use(headWithoutBody())
    .use(errorPages(deps.logger))
    .use(parseRequest())
    .handler(async (event) => routeSiteRequest(deps, event.site!, opts.extraRoutes));
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

let built: Promise<ReturnType<typeof createApprovalHandler>> | undefined;

async function buildCloudHandler() {
  // the table, SES (new links), the signing key, and the send queue for approved drafts (its consumer is
  // handlers/send-approved.ts); SES and SQS serve rarer requests, so their clients are built by the first call that
  // needs them (the table's and the signing key's at INIT, lambda/approval-site.ts)
  const mailer: Mailer = { send: (mail) => cloudMailer().send(mail), quota: () => cloudMailer().quota() };
  const sink: ApprovalSink = { onApproved: (draftIds) => cloudApprovalSink().onApproved(draftIds) };
  const runtime = { ledger: cloudLedger(), mailer, secrets: cloudSecrets(), clock: systemClock, logger: cloudLogger(), config: cloudConfig(), assetsDir: cloudAssetsDir() };
  // the manager dashboard lives on the same endpoint; in AWS it always asks for a manager link
  // its chart script is a file beside the bundle, read when the dashboard is first shown in this container
  const dashboard = dashboardExtraRoute({ ...runtime, dashboardScript: dashboardScriptFrom(runtime.assetsDir) });
  // the "new link" mail, precompiled when the bundle was built; the templates module brings the Handlebars runtime
  // (the bundle has none), and most requests send no mail, so it is loaded by the first that does
  const mails = mailRendererWhenFirstUsed(async () => {
    const { mails: specs, runtime: handlebars } = await loadPrecompiledTemplates(runtime.assetsDir);
    return precompiledMailRenderer(specs, handlebars);
  });
  return createApprovalHandler(approvalSiteDeps(runtime, sink, mails), { extraRoutes: [dashboard] });
}

/** The deployed handler: built once per container (clients from the cloud composition root, templates read once). */
export const handler = async (event: ApprovalEvent, context: Context): Promise<APIGatewayProxyStructuredResultV2> => {
  built ??= buildCloudHandler().catch((error: unknown) => {
    built = undefined;
    throw error;
  });
  return (await built)(event, context);
};
