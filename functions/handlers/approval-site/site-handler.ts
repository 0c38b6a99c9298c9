// The approval site's middleware around the router, for whichever parts of the site one function serves.
import middy from '@middy/core';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Logger } from '../../core/ports';
import { accessLog, errorPages, headWithoutBody, parseRequest, securityHeaders, type ApprovalEvent } from './middleware';
import type { SiteRequest } from './request';
import type { SiteResponse } from './responses';
import { routeRenewRequest, routeSiteRequest, type ExtraRoute, type SiteParts } from './router';

/** One function's parts of the site (router.ts SiteParts) behind the site's middleware; other routes answer 404. */
export function createSiteHandler(parts: SiteParts, logger: Logger, opts: { extraRoutes?: readonly ExtraRoute[] } = {}) {
  return withSiteMiddleware((req) => routeSiteRequest(parts, req, opts.extraRoutes), logger);
}

/** The renewal alone (renew-link): as createSiteHandler({ renew }), without the pages' routes in its bundle. */
export function createRenewSiteHandler(renew: NonNullable<SiteParts['renew']>, logger: Logger) {
  return withSiteMiddleware((req) => routeRenewRequest({ renew }, req), logger);
}

function withSiteMiddleware(route: (req: SiteRequest) => Promise<SiteResponse>, logger: Logger) {
  // after/onError run in reverse order of use(): error page first, then HEAD body, headers, and the log last
  return middy<ApprovalEvent, APIGatewayProxyStructuredResultV2>()
    .use(accessLog(logger))
    .use(securityHeaders())
    .use(headWithoutBody())
    .use(errorPages(logger))
    .use(parseRequest())
    .handler(async (event) => route(event.site!));
}
