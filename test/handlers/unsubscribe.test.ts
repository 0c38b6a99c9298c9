// The unsubscribe endpoint: scanners' GET/HEAD change nothing; the one-click POST unsubscribes with 200, no
// redirect, no cookies.
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { hashEmail } from '../../functions/core/ids';
import { signUnsubscribeToken } from '../../functions/core/sending/unsubscribe-token';
import { createUnsubscribeHandler, unsubscribeTokenOf } from '../../functions/handlers/unsubscribe';
import { aWorld, SIGNING_KEY } from '../core/sending/sending-fixtures';

const SCANNER = 'Mozilla/5.0 (compatible; SafeLinks-Scanner)';

function event(method: string, path: string, opts: { body?: string; base64?: boolean; contentType?: string; ua?: string } = {}): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: { 'user-agent': opts.ua ?? 'Mozilla/5.0', ...(opts.contentType ? { 'content-type': opts.contentType } : {}) },
    requestContext: { http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: opts.ua ?? 'Mozilla/5.0' } },
    body: opts.body === undefined ? undefined : opts.base64 ? Buffer.from(opts.body).toString('base64') : opts.body,
    isBase64Encoded: opts.base64 ?? false,
  } as unknown as APIGatewayProxyEventV2;
}
const ctx = {} as Context;

async function setup() {
  const w = await aWorld();
  const token = signUnsubscribeToken(SIGNING_KEY, { contactId: 'c-1', emailHash: hashEmail('anna@example.com') });
  const handler = createUnsubscribeHandler(w.deps);
  return { w, token, path: `/u/${token}`, handler };
}

describe('unsubscribe endpoint', () => {
  it('GET and HEAD show a page and change nothing, however often a scanner opens the link', async () => {
    const { w, path, handler } = await setup();
    for (let i = 0; i < 3; i++) {
      const page = await handler(event('GET', path, { ua: SCANNER }), ctx);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<form method="post">');
      expect(page.body).toContain('name="List-Unsubscribe" value="One-Click"');
    }
    const head = await handler(event('HEAD', path, { ua: SCANNER }), ctx);
    expect(head).toMatchObject({ statusCode: 200, body: '' });
    expect(head.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(await w.ledger.listSuppressions()).toEqual([]);
    expect(w.ledger.audits).toEqual([]);
  });

  it('one-click POST unsubscribes with 200, no redirect and no cookie; again is still 200 and one suppression', async () => {
    const { w, path, handler } = await setup();
    const res = await handler(event('POST', path, { body: 'List-Unsubscribe=One-Click', contentType: 'application/x-www-form-urlencoded' }), ctx);
    expect(res.statusCode).toBe(200);
    expect(res.headers.location).toBeUndefined();
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.cookies).toBeUndefined();
    expect(res.body).toContain('abgemeldet');
    expect(await w.ledger.listSuppressions()).toEqual([expect.objectContaining({ emailHash: hashEmail('anna@example.com'), reason: 'unsubscribe' })]);

    // providers may repeat the POST, as multipart and base64-encoded
    const again = await handler(event('POST', path, { body: '--x\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--x--', base64: true, contentType: 'multipart/form-data; boundary=x' }), ctx);
    expect(again.statusCode).toBe(200);
    expect(await w.ledger.listSuppressions()).toHaveLength(1);
    const after = await handler(event('GET', path), ctx);
    expect(after.body).toContain('Bereits abgemeldet');
    expect(after.body).not.toContain('<form');
  });

  it('answers every bad link with the same 410 page and changes nothing', async () => {
    const { w, token, handler } = await setup();
    const forged = signUnsubscribeToken(Buffer.alloc(32, 3), { contactId: 'c-1', emailHash: hashEmail('anna@example.com') });
    const bodies = new Set<string>();
    for (const bad of [forged, token.slice(0, -3), 'u1~c-1~nothex~abc', '%E0%A4%A']) {
      for (const method of ['GET', 'POST']) {
        const res = await handler(event(method, `/u/${bad}`), ctx);
        expect(res.statusCode).toBe(410);
        bodies.add(res.body!);
      }
    }
    expect(bodies.size).toBe(1);
    expect(await w.ledger.listSuppressions()).toEqual([]);
  });

  it('sends strict headers, refuses other methods and paths, and logs no token', async () => {
    const { w, path, token, handler } = await setup();
    const res = await handler(event('GET', path), ctx);
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-security-policy']).toMatch(/default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; form-action 'self'/);
    const put = await handler(event('PUT', path), ctx);
    expect(put.statusCode).toBe(405);
    expect(put.headers.allow).toBe('GET, HEAD, POST');
    expect((await handler(event('GET', '/elsewhere'), ctx)).statusCode).toBe(404);
    expect(JSON.stringify(w.logs)).not.toContain(token.slice(-10));
  });

  it('finds the token at the end of a mounted path', () => {
    expect(unsubscribeTokenOf('/u/u1~c-1~ab~cd')).toBe('u1~c-1~ab~cd');
    expect(unsubscribeTokenOf('/prefix/u/u1%7Ec-1')).toBe('u1~c-1');
    expect(unsubscribeTokenOf('/u/')).toBeUndefined();
    expect(unsubscribeTokenOf('/drafts/x')).toBeUndefined();
  });
});
