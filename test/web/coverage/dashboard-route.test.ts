import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dashboardScriptFrom } from '../../../functions/adapters/fs/dashboard-script';
import { FixedClock } from '../../../functions/adapters/memory/fixed-clock';
import { MemoryLedger } from '../../../functions/adapters/memory/memory-ledger';
import { issueManagerLink, verifyManagerToken } from '../../../functions/core/coverage/manager-link';
import { InvalidToken, ValidationError } from '../../../functions/core/errors';
import { sha256Hex } from '../../../functions/core/ids';
import { silentLogger } from '../../../functions/core/ports';
import { dashboardRoute } from '../../../functions/web/coverage/dashboard-route';
import { NOW, handLedger } from '../../core/coverage/hand-ledger';

const config = { publicBaseUrl: 'https://approve.presence.example' };

const REPOSITORY = fileURLToPath(new URL('../../../', import.meta.url));

function deps(ledger: MemoryLedger, clock = new FixedClock(NOW)) {
  return { ledger, clock, logger: silentLogger, config, dashboardScript: dashboardScriptFrom(REPOSITORY) };
}

describe('manager links', () => {
  it('stores only the hash of a manager token and opens the dashboard until it expires', async () => {
    const ledger = await handLedger();
    const clock = new FixedClock(NOW);
    const link = await issueManagerLink(deps(ledger, clock), { ttlHours: 48 });
    const url = new URL(link.url);
    expect(url.origin + url.pathname).toBe('https://approve.presence.example/dashboard');
    const token = url.searchParams.get('t')!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect([...ledger.tokens.keys()]).toEqual([sha256Hex(token)]);
    expect(JSON.stringify([...ledger.tokens.values()])).not.toContain(token);
    expect(ledger.tokens.get(sha256Hex(token))).toMatchObject({ kind: 'manager', repId: '*', expiresAt: '2026-11-29T12:00:00.000Z' });

    const route = dashboardRoute(deps(ledger, clock));
    const ok = await route({ method: 'GET', url: `/dashboard?t=${token}&weeks=4` });
    expect(ok.status).toBe(200);
    expect(ok.body).toContain('Anna Berg');
    // a manager link is opened again and again
    expect((await route({ method: 'GET', url: `/dashboard?t=${token}` })).status).toBe(200);

    clock.advance(48 * 3_600_000);
    const late = await route({ method: 'GET', url: `/dashboard?t=${token}` });
    expect(late.status).toBe(410);
    expect(late.body).not.toContain('Anna Berg');
    await expect(verifyManagerToken(deps(ledger, clock), token)).rejects.toBeInstanceOf(InvalidToken);
  });

  it('refuses missing, malformed, unknown and other kinds of tokens alike', async () => {
    const ledger = await handLedger();
    const route = dashboardRoute(deps(ledger));
    const other = 'A'.repeat(43);
    await ledger.putToken({ hash: sha256Hex(other), kind: 'digest', repId: 'rep-a', draftIds: [], createdAt: NOW, expiresAt: '2027-01-01T00:00:00.000Z' });
    for (const query of ['', '?t=', '?t=short', `?t=${'B'.repeat(43)}`, `?t=${other}`]) {
      const res = await route({ method: 'GET', url: `/dashboard${query}` });
      expect(res.status, query).toBe(410);
      expect(res.body).toContain('This dashboard link is not valid any more.');
    }
  });

  it('limits a rep-scoped link to that rep whatever the query asks', async () => {
    const ledger = await handLedger();
    const link = await issueManagerLink(deps(ledger), { ttlHours: 1, repId: 'rep-b' });
    const token = new URL(link.url).searchParams.get('t')!;
    const res = await dashboardRoute(deps(ledger))({ method: 'GET', url: `/dashboard?t=${token}&rep=rep-a` });
    expect(res.status).toBe(200);
    expect(res.body).toContain('<td>Ben Kraus</td>');
    expect(res.body).not.toContain('<td>Anna Berg</td>');
  });

  it('rejects a lifetime out of range', async () => {
    const ledger = new MemoryLedger();
    await expect(issueManagerLink(deps(ledger), { ttlHours: 0 })).rejects.toBeInstanceOf(ValidationError);
    await expect(issueManagerLink(deps(ledger), { ttlHours: 24 * 32 })).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('dashboard route', () => {
  it('answers with security headers, and HEAD without a body', async () => {
    const route = dashboardRoute(deps(await handLedger()), { requireToken: false });
    const res = await route({ method: 'GET', url: '/dashboard?rep=rep-a&weeks=6&silent=1' });
    expect(res.status).toBe(200);
    expect(res.headers).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
      'x-frame-options': 'DENY',
    });
    expect(res.headers['content-security-policy']).toMatch(/^default-src 'none'; script-src 'sha256-[^']+'; style-src 'sha256-[^']+'.*frame-ancestors 'none'$/);
    expect(res.body).toContain('Silent contacts: 3, longest silence first, showing the first 1');
    expect(JSON.parse(/id="report-data">([^<]*)</.exec(res.body)![1]!).weeks).toHaveLength(6);
    const head = await route({ method: 'HEAD', url: '/dashboard' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });

  it('answers bad input with 400, an unknown rep with 404 and other methods with 405', async () => {
    const route = dashboardRoute(deps(await handLedger()), { requireToken: false });
    expect((await route({ method: 'GET', url: '/dashboard?weeks=abc' })).status).toBe(400);
    expect((await route({ method: 'GET', url: '/dashboard?weeks=0' })).status).toBe(400);
    expect((await route({ method: 'GET', url: '/dashboard?rep=%3Cscript%3E' })).status).toBe(400);
    const unknown = await route({ method: 'GET', url: '/dashboard?rep=nobody' });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toContain('rep nobody is not known');
    const post = await route({ method: 'POST', url: '/dashboard' });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });
});

describe('dashboard route and the chart script', () => {
  it('answers a bad link or query without the chart script, and a missing script with 500', async () => {
    let reads = 0;
    const missing = async () => {
      reads++;
      throw new Error('ENOENT');
    };
    const ledger = await handLedger();
    const route = dashboardRoute({ ...deps(ledger), dashboardScript: missing });
    expect((await route({ method: 'GET', url: '/dashboard?t=short' })).status).toBe(410);
    expect((await dashboardRoute({ ...deps(ledger), dashboardScript: missing }, { requireToken: false })({ method: 'GET', url: '/dashboard?weeks=x' })).status).toBe(400);
    expect(reads).toBe(0);
    const broken = await dashboardRoute({ ...deps(ledger), dashboardScript: missing }, { requireToken: false })({ method: 'GET', url: '/dashboard' });
    expect(broken.status).toBe(500);
    expect(broken.body).toContain('The dashboard could not be built.');
    expect(reads).toBe(1);
  });
});
