// The local approval site: the same Lambda handler as in AWS, mounted on a Node http server. Each request is
// translated into the HTTP API v2 / Function URL event shape and the handler's result back into a response,
// so the local stack exercises exactly the code that runs behind the Function URL.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { readTemplateFiles } from '../adapters/templates/template-files';
import { loadMailRenderer, mailTemplateSourcesFrom } from '../core/approval/mail-renderer';
import { compilingEngine } from '../core/render/compiling-engine';
import { createApprovalHandler } from '../handlers/approval-site';
import { approvalSiteDeps, type ApprovalSiteRuntime } from '../handlers/approval-site/deps';
import type { ApprovalSink } from '../core/ports';
import { LOOPBACK } from './ports';

export type HttpLambdaHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2 | string | undefined | void>;

/** Requests whose path starts with `prefix` go to `handler` (first match wins; the approval site takes the rest). */
export interface Mount {
  prefix: string;
  handler: HttpLambdaHandler;
}

export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * How long one client may take and how many may be connected at once. A request (headers and body) must arrive
 * within requestTimeoutMs, its headers within headersTimeoutMs, so a client that drips a byte every few seconds
 * is cut off with a 408; Node checks the running requests every checkIntervalMs. Beyond maxConnections, new
 * connections are dropped at once. Idle keep-alive connections close after keepAliveTimeoutMs.
 */
export interface SiteLimits {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  checkIntervalMs: number;
  keepAliveTimeoutMs: number;
  maxConnections: number;
}

export const SITE_LIMITS: Readonly<SiteLimits> = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  checkIntervalMs: 1_000,
  // keep-alive sockets would hold stop() open; the site is small enough to close them eagerly
  keepAliveTimeoutMs: 2_000,
  maxConnections: 128,
};

class BodyTooLarge extends Error {}
/** The client went away or was cut off (408) while its request was being read: nobody to answer, nothing to report. */
class ClientGone extends Error {}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLarge('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** IncomingMessage -> API Gateway v2 event (what a Function URL delivers). */
export function toLambdaEvent(req: IncomingMessage, body: Buffer): APIGatewayProxyEventV2 {
  const url = new URL(req.url ?? '/', 'http://local');
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (name === 'cookie') cookies = (Array.isArray(value) ? value.join('; ') : value).split(/;\s*/).filter(Boolean);
    else headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
  const method = (req.method ?? 'GET').toUpperCase();
  const now = new Date();
  const host = headers['host'] ?? 'localhost';
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    ...(cookies ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: host,
      domainPrefix: host.split('.')[0] ?? host,
      http: {
        method,
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length ? { body: body.toString('base64') } : {}),
    isBase64Encoded: body.length > 0,
  };
}

/** The handler's result -> the Node response (v2 rules: a bare string or object is a 200 JSON body). */
export function writeLambdaResult(res: ServerResponse, result: APIGatewayProxyStructuredResultV2 | string | undefined | void): void {
  if (result === undefined || typeof result === 'string' || typeof (result as APIGatewayProxyStructuredResultV2).statusCode !== 'number') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(typeof result === 'string' ? result : JSON.stringify(result ?? null));
    return;
  }
  const r = result as APIGatewayProxyStructuredResultV2;
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(r.headers ?? {})) headers[name.toLowerCase()] = String(value);
  if (r.cookies?.length) headers['set-cookie'] = r.cookies;
  const body = r.body === undefined ? Buffer.alloc(0) : Buffer.from(r.body, r.isBase64Encoded ? 'base64' : 'utf8');
  res.writeHead(r.statusCode ?? 200, headers);
  res.end(res.req?.method === 'HEAD' ? undefined : body);
}

function lambdaContext(functionName: string, requestId: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    // no getRemainingTimeInMillis on purpose: middy then sets no early timeout locally
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  } as unknown as Context;
}

/** A Node http server on 127.0.0.1 (only) that hands every request to Lambda-style handlers, within SITE_LIMITS. */
export async function serveLambdaHttp(opts: {
  port: number;
  fallback: HttpLambdaHandler;
  mounts?: readonly Mount[];
  onError?: (error: unknown) => void;
  limits?: Partial<SiteLimits>;
}): Promise<{ server: Server; url: string; stop(): Promise<void> }> {
  const limits: SiteLimits = { ...SITE_LIMITS, ...opts.limits };
  const options = { headersTimeout: limits.headersTimeoutMs, requestTimeout: limits.requestTimeoutMs, connectionsCheckingInterval: limits.checkIntervalMs };
  const server = createServer(options, (req, res) => {
    void (async () => {
      try {
        const body = await readBody(req, MAX_BODY_BYTES).catch((error: unknown) => {
          throw error instanceof BodyTooLarge ? error : new ClientGone('client gone', { cause: error });
        });
        const event = toLambdaEvent(req, body);
        const mount = opts.mounts?.find((m) => event.rawPath.startsWith(m.prefix));
        const handler = mount?.handler ?? opts.fallback;
        writeLambdaResult(res, await handler(event, lambdaContext('presence-local', event.requestContext.requestId)));
      } catch (error) {
        if (error instanceof ClientGone) return void res.destroy();
        if (!(error instanceof BodyTooLarge)) opts.onError?.(error);
        if (!res.headersSent) {
          res.writeHead(error instanceof BodyTooLarge ? 413 : 500, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
          res.end(error instanceof BodyTooLarge ? 'too large\n' : 'error\n');
        } else res.destroy();
      }
    })();
  });
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxConnections = limits.maxConnections;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, LOOPBACK, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://localhost:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export interface ApprovalServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * The approval site of the local stack (`presence up` starts it on port 8787). Without an approvalSink the
 * approved drafts simply stay `approved` (sending picks them up); `mounts` add other Lambda-style handlers on
 * the same port (unsubscribe page, dashboard).
 */
export async function startApprovalServer(opts: {
  port: number;
  runtime: ApprovalSiteRuntime;
  approvalSink?: ApprovalSink;
  mounts?: readonly Mount[];
}): Promise<ApprovalServer> {
  const sink: ApprovalSink = opts.approvalSink ?? { onApproved: async () => undefined };
  // locally the mail templates are compiled from templates/digest/ (the Lambda bundle has them precompiled)
  const mails = loadMailRenderer(compilingEngine(), mailTemplateSourcesFrom(await readTemplateFiles(opts.runtime.assetsDir)));
  const handler = createApprovalHandler(approvalSiteDeps(opts.runtime, sink, mails));
  const served = await serveLambdaHttp({
    port: opts.port,
    fallback: handler as HttpLambdaHandler,
    ...(opts.mounts ? { mounts: opts.mounts } : {}),
    onError: (error) => opts.runtime.logger.error('local site request failed', { error: error instanceof Error ? error.name : 'unknown' }),
  });
  return { url: served.url, stop: served.stop };
}
