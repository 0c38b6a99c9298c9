// The approval site's middleware around the router, for whichever parts of the site one function serves.
import middy from '@middy/core';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Logger } from '../../core/ports';
import { accessLog, errorPages, headWithoutBody, parseRequest, securityHeaders, type ApprovalEvent } from './middleware';
import { routeSiteRequest, type ExtraRoute, type SiteParts } from './router';

/** One function's parts of the site (router.ts SiteParts) behind the site's middleware; other routes answer 404. */
export function createSiteHandler(parts: SiteParts, logger: Logger, opts: { extraRoutes?: readonly ExtraRoute[] } = {}) {
  // after/onError run in reverse order of use(): error page first, then HEAD body, headers, and the log last
  return middy<ApprovalEvent, APIGatewayProxyStructuredResultV2>()
    .use(accessLog(logger))
    .use(securityHeaders())
    .use(headWithoutBody())
    .use(errorPages(logger))
    .use(parseRequest())
    .handler(async (event) => routeSiteRequest(parts, event.site!, opts.extraRoutes));
}
