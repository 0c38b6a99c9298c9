// Handler of the unsubscribe endpoint (Function URL; locally mounted on the approval site's server at /u/).
//   GET/HEAD /u/<token>  a page with a button; changes nothing (mail scanners open every link)
//   POST     /u/<token>  RFC 8058 one-click: suppresses the address, answers 200 with a page; no redirect, no
//                        cookies, the body (List-Unsubscribe=One-Click) is not needed to act
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { NotFound } from '../core/errors';
import { readUnsubscribeLink, unsubscribeByToken, type UnsubscribeDeps } from '../core/sending/unsubscribe';
import { accessLog, errorPages, methodOf, pageResponse, responseHeaders, type UnsubscribeResponse } from './unsubscribe/middleware';
import { alreadyPage, confirmPage, donePage, errorPage } from '../web/unsubscribe/page';

export type { UnsubscribeDeps } from '../core/sending/unsubscribe';

/** The token of an unsubscribe path (`.../u/<token>`), or undefined when the path is not one. */
export function unsubscribeTokenOf(path: string): string | undefined {
  const m = /\/u\/([^/]+)\/?$/.exec(path);
  if (!m) return undefined;
  try {
    return decodeURIComponent(m[1]!);
  } catch {
    return m[1]!; // a mangled link is a bad token (410), not a missing page
  }
}

async function route(deps: UnsubscribeDeps, event: APIGatewayProxyEventV2): Promise<UnsubscribeResponse> {
  const token = unsubscribeTokenOf(event.rawPath ?? event.requestContext?.http?.path ?? '/');
  if (token === undefined) throw new NotFound('no such page');
  switch (methodOf(event)) {
    case 'GET':
    case 'HEAD':
      return pageResponse((await readUnsubscribeLink(deps, token)).suppressed ? alreadyPage() : confirmPage());
    case 'POST':
      await unsubscribeByToken(deps, token);
      return pageResponse(donePage());
    default:
      return pageResponse(errorPage(405), { allow: 'GET, HEAD, POST' });
  }
}

export function createUnsubscribeHandler(deps: UnsubscribeDeps) {
  // after/onError run in reverse order of use(): the error page first, then headers, the log last
  return middy<APIGatewayProxyEventV2, UnsubscribeResponse>()
    .use(accessLog(deps.logger))
    .use(responseHeaders())
    .use(errorPages(deps.logger))
    .handler(async (event) => route(deps, event));
}
