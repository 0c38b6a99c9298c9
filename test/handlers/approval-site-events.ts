// Builds HTTP API v2 events for the approval site and reads its pages, for handler tests.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';

export const SCANNER_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 (compatible; Microsoft Office SafeLinks; Mimecast)';

export function httpEvent(method: string, path: string, opts: { form?: Record<string, string | string[]>; headers?: Record<string, string>; query?: string } = {}): APIGatewayProxyEventV2 {
  const body = opts.form
    ? new URLSearchParams(Object.entries(opts.form).flatMap(([k, v]): Array<[string, string]> => (Array.isArray(v) ? v.map((x): [string, string] => [k, x]) : [[k, v]]))).toString()
    : undefined;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: opts.query ?? '',
    headers: { host: 'localhost:8787', 'user-agent': SCANNER_UA, ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}), ...(opts.headers ?? {}) },
    requestContext: {
      accountId: 'test',
      apiId: 'test',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: SCANNER_UA },
      requestId: 'r',
      routeKey: '$default',
      stage: '$default',
      time: '',
      timeEpoch: 0,
    },
    ...(body !== undefined ? { body: Buffer.from(body).toString('base64'), isBase64Encoded: true } : { isBase64Encoded: false }),
  };
}

export type Result = APIGatewayProxyStructuredResultV2 & { statusCode: number; headers: Record<string, string>; body: string };
export type SiteHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

export async function call(handler: SiteHandler, event: APIGatewayProxyEventV2): Promise<Result> {
  return (await handler(event, {} as Context)) as Result;
}

/** The hidden fields of the first form on a page. */
export function formFields(html: string): { nonce: string; version: string } {
  const nonce = /name="nonce" value="([^"]*)"/.exec(html)?.[1] ?? '';
  const version = /name="version" value="([^"]*)"/.exec(html)?.[1] ?? '';
  return { nonce, version };
}
