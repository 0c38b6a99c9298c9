// The approval site's middy middleware: request parsing, error pages (status from httpStatusOf, in one place),
// security headers on every response, HEAD without body, and an access log without tokens or paths.
import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { invalidLinkPage, errorPage } from '../../web/approval/status-pages';
import { PresenceError, ValidationError } from '../../core/errors';
import type { Logger } from '../../core/ports';
import { httpStatusOf } from '../../web/http-status';
import { parseSiteRequest, type SiteRequest } from './request';
import { pageResponse, SECURITY_HEADERS, type SiteResponse } from './responses';
import { matchRoute } from './router';

/** The event once parsed: the router and the error pages read `site`. */
export type ApprovalEvent = APIGatewayProxyEventV2 & { site?: SiteRequest };
type SiteMiddleware = MiddlewareObj<ApprovalEvent, APIGatewayProxyStructuredResultV2>;
type SiteRequestObj = Request<ApprovalEvent, APIGatewayProxyStructuredResultV2>;

export function parseRequest(): SiteMiddleware {
  return {
    before: (request) => {
      request.event.site = parseSiteRequest(request.event);
    },
  };
}

/** Maps every error to its page. 410 is the one generic "link not valid" page, whatever the cause. */
export function errorPages(logger: Logger): SiteMiddleware {
  return {
    onError: (request) => {
      const status = httpStatusOf(request.error);
      if (status === 500) {
        const error = request.error;
        logger.error('approval site failed', { error: error instanceof PresenceError ? error.code : (error?.name ?? 'unknown') });
      }
      const path = request.event.site?.path ?? request.event.rawPath ?? '/';
      const token = matchRoute(path).token ?? '';
      const issues = request.error instanceof ValidationError ? request.error.issues : undefined;
      request.response = pageResponse(status === 410 ? invalidLinkPage(token) : errorPage(status, { reloadLink: status === 409, ...(issues ? { issues } : {}) }));
    },
  };
}

function withSecurityHeaders(request: SiteRequestObj): void {
  const response = request.response as SiteResponse | undefined | null;
  if (!response) return;
  // header names in lower case, so a route's own policy (the dashboard's CSP) replaces the default, not doubles it
  const own = Object.fromEntries(Object.entries(response.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  response.headers = { ...SECURITY_HEADERS, ...own };
  // pages set their own CSP (style hashes); anything else gets the strictest one
  response.headers['content-security-policy'] ??= "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
}

export function securityHeaders(): SiteMiddleware {
  return { after: withSecurityHeaders, onError: withSecurityHeaders };
}

function dropBodyForHead(request: SiteRequestObj): void {
  const method = request.event.requestContext?.http?.method?.toUpperCase();
  if (method === 'HEAD' && request.response) request.response = { ...(request.response as SiteResponse), body: '' };
}

export function headWithoutBody(): SiteMiddleware {
  return { after: dropBodyForHead, onError: dropBodyForHead };
}

/** One line per request: route, method, status. Never the path (it holds the token) or form fields. */
export function accessLog(logger: Logger): SiteMiddleware {
  const log = (request: SiteRequestObj) => {
    const path = request.event.rawPath ?? '/';
    logger.info('approval request', {
      route: matchRoute(path).route,
      method: request.event.requestContext?.http?.method ?? 'GET',
      status: (request.response as SiteResponse | undefined)?.statusCode ?? 500,
    });
  };
  return { after: log, onError: log };
}
