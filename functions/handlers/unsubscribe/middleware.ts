// The unsubscribe endpoint's middy middleware: the response headers every answer carries (no cookies, no
// caching, no referrer: the token is in the URL), HEAD without a body, errors to pages, and a log line
// without the path (it holds the token).
import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { PresenceError } from '../../core/errors';
import type { Logger } from '../../core/ports';
import { httpStatusOf } from '../../web/http-status';
import { errorPage, invalidPage, UNSUBSCRIBE_CSP, type UnsubscribePage } from '../../web/unsubscribe/page';

export type UnsubscribeResponse = APIGatewayProxyStructuredResultV2 & { statusCode: number; headers: Record<string, string> };
type Mw = MiddlewareObj<APIGatewayProxyEventV2, UnsubscribeResponse>;
type Req = Request<APIGatewayProxyEventV2, UnsubscribeResponse>;

export function pageResponse(page: UnsubscribePage, extra: Record<string, string> = {}): UnsubscribeResponse {
  return { statusCode: page.status, headers: { 'content-type': 'text/html; charset=utf-8', ...extra }, body: page.html };
}

const HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': UNSUBSCRIBE_CSP,
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-robots-tag': 'noindex, nofollow',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'strict-transport-security': 'max-age=31536000',
};

export const methodOf = (event: APIGatewayProxyEventV2) => (event.requestContext?.http?.method ?? 'GET').toUpperCase();

function finish(request: Req): void {
  const response = request.response;
  if (!response) return;
  response.headers = { ...HEADERS, ...response.headers };
  // RFC 8058: the one-click POST must work without cookies, and nothing here ever sets one
  delete response.headers['set-cookie'];
  if (methodOf(request.event) === 'HEAD') response.body = '';
}

export function responseHeaders(): Mw {
  return { after: finish, onError: finish };
}

export function errorPages(logger: Logger): Mw {
  return {
    onError: (request) => {
      const error = request.error;
      const status = httpStatusOf(error);
      if (status === 500) logger.error('unsubscribe failed', { error: error instanceof PresenceError ? error.code : (error?.name ?? 'unknown') });
      request.response = pageResponse(status === 410 ? invalidPage() : errorPage(status));
    },
  };
}

export function accessLog(logger: Logger): Mw {
  // a block body: anything a middleware returns becomes middy's early response
  const log = (request: Req): void => {
    logger.info('unsubscribe request', { method: methodOf(request.event), status: request.response?.statusCode ?? 500 });
  };
  return { after: log, onError: log };
}
