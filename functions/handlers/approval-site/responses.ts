// Response shapes of the approval site. Every response gets the same security headers (middleware.ts).
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { contentSecurityPolicy, type Page } from '../../web/approval/layout';

export type SiteResponse = APIGatewayProxyStructuredResultV2 & { statusCode: number; headers: Record<string, string | number | boolean> };

export function pageResponse(page: Page): SiteResponse {
  return {
    statusCode: page.status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': contentSecurityPolicy(page.styleSources) },
    body: page.html,
  };
}

/** After a POST that changed something but decided nothing (save): back to the page, by GET. */
export function seeOther(location: string): SiteResponse {
  return { statusCode: 303, headers: { location, 'content-type': 'text/plain; charset=utf-8' }, body: '' };
}

export function textResponse(statusCode: number, text: string): SiteResponse {
  return { statusCode, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: text };
}

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-robots-tag': 'noindex, nofollow',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'strict-transport-security': 'max-age=31536000',
};
