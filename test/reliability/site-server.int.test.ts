// Reliability of the approval site: slow clients are cut off and connections are capped (the local Node server,
// with real sockets and short limits), /healthz tells whether the ledger answers, and a form that names a field
// twice is refused instead of one of its values winning.
import { createServer as createTcpServer, connect, type Server as TcpServer, type Socket } from 'node:net';
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { DynamoLedger } from '../../functions/adapters/dynamodb/dynamodb-ledger';
import { createApprovalHandler } from '../../functions/handlers/approval-site';
import { createSiteHandler } from '../../functions/handlers/approval-site/site-handler';
import { serveLambdaHttp, SITE_LIMITS, type SiteLimits } from '../../functions/local/http-adapter';
import { localDynamoDocumentClient } from '../../functions/local/local-clients';
import { freePort } from '../../functions/local/ports';
import { freshTable } from '../support/local-aws';
import { addDraft, linkTo, makeWorld } from '../core/approval/approval-world';
import { call, formFields, httpEvent, type SiteHandler } from '../handlers/approval-site-events';

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

async function site(limits: Partial<SiteLimits>) {
  const failures: unknown[] = [];
  const served = await serveLambdaHttp({
    port: 0,
    limits,
    fallback: async (event) => {
      if (event.rawPath === '/fails') throw new Error('handler failed');
      return { statusCode: 200, headers: { 'content-type': 'text/plain' }, body: 'ok\n' };
    },
    onError: (error) => failures.push(error),
  });
  stops.push(served.stop);
  return { ...served, port: Number(new URL(served.url).port), failures };
}

/** A raw client: what the server sent, and when it closed the connection (ms after connecting). */
function rawClient(port: number): Promise<{ socket: Socket; received: () => string; closed: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let data = '';
    let start = 0;
    socket.on('data', (d) => (data += d.toString()));
    socket.on('error', () => undefined);
    const closed = new Promise<number>((done) => socket.once('close', () => done(Date.now() - start)));
    socket.once('connect', () => {
      start = Date.now();
      resolve({ socket, received: () => data, closed });
    });
    socket.once('error', reject);
  });
}

/** Writes one small piece every `everyMs` until the socket closes. */
function drip(socket: Socket, piece: string, everyMs: number): void {
  const timer = setInterval(() => {
    if (socket.destroyed || !socket.writable) return clearInterval(timer);
    socket.write(piece);
  }, everyMs);
  socket.once('close', () => clearInterval(timer));
}

const within = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise, new Promise<'still open'>((resolve) => setTimeout(() => resolve('still open'), ms).unref())]);

function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('site server: slow clients and the connection cap', () => {
  it('cuts off a client that sends its headers a line every 100 ms (headersTimeout)', async () => {
    const { port } = await site({ headersTimeoutMs: 400, requestTimeoutMs: 800, checkIntervalMs: 100 });
    const client = await rawClient(port);
    client.socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n');
    drip(client.socket, 'X-Slow: 1\r\n', 100);
    const closedAfter = await within(client.closed, 5_000);
    expect(closedAfter).not.toBe('still open');
    expect(closedAfter).toBeGreaterThanOrEqual(200);
    expect(client.received()).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('cuts off a client that sends its headers, then drips the body a byte every 150 ms (requestTimeout)', async () => {
    const { port, failures } = await site({ headersTimeoutMs: 400, requestTimeoutMs: 800, checkIntervalMs: 100 });
    const client = await rawClient(port);
    client.socket.write('POST /renew HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nlink=');
    drip(client.socket, 'a', 150);
    const closedAfter = await within(client.closed, 5_000);
    expect(closedAfter).not.toBe('still open');
    expect(closedAfter).toBeGreaterThanOrEqual(400);
    expect(client.received()).toMatch(/^HTTP\/1\.1 408 /);
    await new Promise((r) => setTimeout(r, 50));
    expect(failures, 'a client cut off is not a failure of the site').toEqual([]);
  });

  it('still answers 500 and reports it when the handler fails after the whole request arrived', async () => {
    const { port, failures } = await site({ headersTimeoutMs: 400, requestTimeoutMs: 800, checkIntervalMs: 100 });
    expect(await get(port, '/fails')).toEqual({ status: 500, body: 'error\n' });
    expect(failures).toHaveLength(1);
  });

  it('drops connections beyond the cap and serves again once one is closed', async () => {
    const { port, server } = await site({ maxConnections: 3, headersTimeoutMs: 10_000, requestTimeoutMs: 20_000 });
    const held = [await rawClient(port), await rawClient(port), await rawClient(port)];
    const count = () => new Promise<number>((resolve) => server.getConnections((_, n) => resolve(n)));
    while ((await count()) < 3) await new Promise((r) => setTimeout(r, 20));
    const extra = await rawClient(port);
    expect(await within(extra.closed, 3_000)).not.toBe('still open');
    expect(extra.received()).toBe('');
    for (const h of held) expect(h.socket.destroyed).toBe(false);
    held[0]!.socket.destroy();
    await held[0]!.closed;
    while ((await count()) > 2) await new Promise((r) => setTimeout(r, 20));
    expect(await get(port, '/healthz')).toEqual({ status: 200, body: 'ok\n' });
    for (const h of held.slice(1)) h.socket.destroy();
  });

  it('applies the site limits by default', async () => {
    const { server } = await site({});
    expect(server.headersTimeout).toBe(SITE_LIMITS.headersTimeoutMs);
    expect(server.requestTimeout).toBe(SITE_LIMITS.requestTimeoutMs);
    expect(server.maxConnections).toBe(SITE_LIMITS.maxConnections);
    expect(server.keepAliveTimeout).toBe(SITE_LIMITS.keepAliveTimeoutMs);
    expect(SITE_LIMITS.requestTimeoutMs).toBeLessThanOrEqual(60_000);
    expect(SITE_LIMITS.headersTimeoutMs).toBeLessThanOrEqual(SITE_LIMITS.requestTimeoutMs);
  });
});

describe('site: /healthz reads the ledger', () => {
  async function siteOn(ledger: DynamoLedger) {
    const w = await makeWorld();
    const { mailer: _mailer, mails: _mails, ...pages } = w;
    const handler = createSiteHandler({ pages: { ...pages, ledger } }, w.logger) as unknown as SiteHandler;
    return { w, health: (method = 'GET') => call(handler, httpEvent(method, '/healthz')) };
  }

  it('answers 503 with a short generic body when DynamoDB is not there (a closed port)', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const { w, health } = await siteOn(new DynamoLedger(localDynamoDocumentClient(closed), 'presence'));
    const [get, head] = [await health('GET'), await health('HEAD')];
    expect(get.statusCode).toBe(503);
    expect(get.body).toBe('unavailable\n');
    expect(get.headers['cache-control']).toBe('no-store');
    expect(head.statusCode).toBe(503);
    expect(head.body).toBe('');
    expect(w.logger.text()).toContain('health check failed');
    expect(w.logger.text()).not.toContain('127.0.0.1');
  });

  it('answers 503 within its time limit when DynamoDB accepts connections but never answers', async () => {
    const accepted = new Set<Socket>();
    const blackHole: TcpServer = createTcpServer((socket) => {
      accepted.add(socket.on('error', () => undefined));
    });
    await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', () => resolve()));
    stops.push(() => {
      for (const socket of accepted) socket.destroy();
      return new Promise((resolve) => blackHole.close(() => resolve()));
    });
    const address = blackHole.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const started = Date.now();
    const { health } = await siteOn(new DynamoLedger(localDynamoDocumentClient(`http://127.0.0.1:${port}`), 'presence'));
    expect((await health()).statusCode).toBe(503);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('answers 200 against DynamoDB Local', async () => {
    const table = await freshTable('health');
    const { health } = await siteOn(table.ledger);
    const [get, head] = [await health('GET'), await health('HEAD')];
    expect(get.statusCode).toBe(200);
    expect(get.body).toBe('ok\n');
    expect(head.statusCode).toBe(200);
  });
});

describe('site: a form field sent twice is a 400', () => {
  it('refuses action=reject&action=approve and decides nothing', async () => {
    const w = await makeWorld();
    const handler = createApprovalHandler(w) as unknown as SiteHandler;
    const draft = await addDraft(w);
    const token = await linkTo(w, 'draft', [draft]);
    const page = (await call(handler, httpEvent('GET', `/d/${token}`))).body;
    for (const form of [
      { ...formFields(page), action: ['reject', 'approve'] },
      { ...formFields(page), action: ['approve', 'reject'] },
      { nonce: [formFields(page).nonce, 'x'], version: formFields(page).version, action: 'approve' },
      { ...formFields(page), action: 'approve', subject: ['A', 'B'], text: 'T' },
    ]) {
      const res = await call(handler, httpEvent('POST', `/d/${token}`, { form }));
      expect(res.statusCode, JSON.stringify(form)).toBe(400);
    }
    expect((await w.ledger.getDraft(draft.id))?.status).toBe('pending_approval');
    expect(w.approvalSink.calls).toEqual([]);
    const once = await call(handler, httpEvent('POST', `/d/${token}`, { form: { ...formFields(page), action: 'reject' } }));
    expect(once.statusCode).toBe(200);
    expect((await w.ledger.getDraft(draft.id))?.status).toBe('rejected');
  });

  it('still takes several ticks of the digest checkbox (the one field meant to repeat)', async () => {
    const w = await makeWorld();
    const handler = createApprovalHandler(w) as unknown as SiteHandler;
    const drafts = [await addDraft(w, { contactId: 'c-1' }), await addDraft(w, { contactId: 'c-2' })];
    const token = await linkTo(w, 'digest', drafts);
    const page = (await call(handler, httpEvent('GET', `/all/${token}`))).body;
    const picks = [...page.matchAll(/name="pick" value="([^"]+)"/g)].map((m) => m[1]!.replaceAll('&#39;', "'"));
    expect(picks).toHaveLength(2);
    const twice = await call(handler, httpEvent('POST', `/all/${token}`, { form: { nonce: [formFields(page).nonce, formFields(page).nonce], action: 'approve-selected', pick: picks } }));
    expect(twice.statusCode).toBe(400);
    const res = await call(handler, httpEvent('POST', `/all/${token}`, { form: { nonce: formFields(page).nonce, action: 'approve-selected', pick: picks } }));
    expect(res.statusCode).toBe(200);
    expect(w.approvalSink.ids.sort()).toEqual(drafts.map((d) => d.id).sort());
  });
});
