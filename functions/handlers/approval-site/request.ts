// The parts of an HTTP API v2 / Function URL event the approval site reads, checked once: method, path,
// query, and for POST a url-encoded form of bounded size from this site itself.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ValidationError } from '../../core/errors';

export const MAX_FORM_BYTES = 256 * 1024;

/** The one field the site's forms send more than once: a tick box per draft on the review-all page. */
const REPEATABLE_FIELDS: ReadonlySet<string> = new Set(['pick']);

export interface SiteRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  /** Only for POST. */
  form: URLSearchParams;
}

export function headersOf(event: APIGatewayProxyEventV2): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) if (typeof value === 'string') out[name.toLowerCase()] = value;
  return out;
}

export function parseSiteRequest(event: APIGatewayProxyEventV2): SiteRequest {
  const method = (event.requestContext?.http?.method ?? 'GET').toUpperCase();
  const path = event.rawPath || event.requestContext?.http?.path || '/';
  const headers = headersOf(event);
  const query = new URLSearchParams(event.rawQueryString ?? '');
  let form = new URLSearchParams();
  if (method === 'POST') {
    checkSameSite(headers);
    const type = (headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    const raw = event.body ? Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8') : Buffer.alloc(0);
    if (raw.length > MAX_FORM_BYTES) throw new ValidationError('The form is too large.', [{ path: 'body', message: 'too large' }]);
    if (raw.length > 0 && type !== 'application/x-www-form-urlencoded') throw new ValidationError('Only HTML forms are accepted.', [{ path: 'content-type', message: 'not a form' }]);
    form = new URLSearchParams(raw.toString('utf8'));
    checkNoDuplicates(form);
  }
  return { method, path, query, headers, form };
}

/**
 * A field sent twice (`action=reject&action=approve`) is refused, not read as its first value: the site's own
 * forms never do it, so such a form was built by hand and no one can say which value was meant.
 */
function checkNoDuplicates(form: URLSearchParams): void {
  const seen = new Set<string>();
  for (const name of form.keys()) {
    if (seen.has(name) && !REPEATABLE_FIELDS.has(name)) throw new ValidationError('The form has a field twice.', [{ path: 'form', message: 'duplicate field' }]);
    seen.add(name);
  }
}

/**
 * Forms post only from the site's own pages. Browsers say where a request comes from in Sec-Fetch-Site
 * (Origin is "null" under our no-referrer policy, so it tells nothing); a cross-site or same-site-but-other-
 * origin POST is refused before anything else. Clients that do not send it still need the link's form nonce.
 */
function checkSameSite(headers: Record<string, string>): void {
  const site = headers['sec-fetch-site'];
  if (site && site !== 'same-origin' && site !== 'none') throw new ValidationError('Forms are only accepted from this site.', [{ path: 'origin', message: 'cross-site' }]);
}
