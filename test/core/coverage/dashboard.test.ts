import { describe, expect, it } from 'vitest';
import { DASHBOARD_SCRIPT_FILE, dashboardScriptFrom } from '../../../functions/adapters/fs/dashboard-script';
import { FixedClock } from '../../../functions/adapters/memory/fixed-clock';
import { MemoryLedger } from '../../../functions/adapters/memory/memory-ledger';
import { coverage } from '../../../functions/core/coverage/coverage';
import { dashboardRoute } from '../../../functions/core/coverage/dashboard/dashboard-route';
import { dashboardDataOf, renderDashboard } from '../../../functions/core/coverage/dashboard/render-dashboard';
import { sha256Base64 } from '../../../functions/core/coverage/formats/page';
import { issueManagerLink, verifyManagerToken } from '../../../functions/core/coverage/manager-link';
import { InvalidToken, ValidationError } from '../../../functions/core/errors';
import { sha256Hex } from '../../../functions/core/ids';
import { silentLogger } from '../../../functions/core/ports';
import { buildDashboardScript, generatedFileOf } from '../../../web/dashboard/build';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NOW, handLedger } from './hand-ledger';

const config = { publicBaseUrl: 'https://approve.presence.example' };

const REPOSITORY = fileURLToPath(new URL('../../../', import.meta.url));
/** The chart script as the composition roots read it: the file in the repository. */
const dashboardScript = await readFile(join(REPOSITORY, DASHBOARD_SCRIPT_FILE), 'utf8');

function deps(ledger: MemoryLedger, clock = new FixedClock(NOW)) {
  return { ledger, clock, logger: silentLogger, config, dashboardScript: dashboardScriptFrom(REPOSITORY) };
}

describe('renderDashboard', () => {
  it('embeds the chart data, both canvases and the silent list, with the script allowed by its hash', async () => {
    const report = await coverage({ ledger: await handLedger(), clock: new FixedClock(NOW) }, { weeks: 4 });
    const html = renderDashboard(report, dashboardScript);
    expect(html).toContain('<canvas id="coverage-chart"');
    expect(html).toContain('<canvas id="touches-chart"');
    expect(html).toContain('<td class="num">118</td>');
    const data = JSON.parse(/<script type="application\/json" id="report-data">([^<]*)<\/script>/.exec(html)![1]!);
    expect(data).toEqual(dashboardDataOf(report));
    expect(data.reps.map((r: { share: number }) => r.share)).toEqual([0.4, 0.5, 0]);
    expect(data.weeks).toEqual(['W45', 'W46', 'W47', 'W48']);
    expect(data.series.find((s: { label: string }) => s.label === 'total').values).toEqual([0, 1, 2, 3]);
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1]!;
    expect(csp).toContain(`script-src 'sha256-${sha256Base64(dashboardScript)}'`);
    expect(html).toContain(`<script>${dashboardScript}</script>`);
    expect(html).not.toMatch(/<script src=|https?:\/\/cdn/);
  });

  it('cannot be broken out of by a name in the data block', async () => {
    const report = await coverage({ ledger: await handLedger(), clock: new FixedClock(NOW) }, { weeks: 1 });
    report.reps[0]!.repName = '</script><script>alert(1)</script>';
    const html = renderDashboard(report, dashboardScript);
    expect(html).not.toContain('<script>alert(1)');
    const block = /<script type="application\/json" id="report-data">([^<]*)<\/script>/.exec(html)![1]!;
    expect(JSON.parse(block).reps[0].label).toBe('</script><script>alert(1)</script>');
  });

  it('ships the bundle built from web/dashboard/client.ts (rebuild with npm run build:dashboard)', async () => {
    const fresh = await buildDashboardScript();
    expect(dashboardScript).toBe(generatedFileOf(fresh));
  }, 60_000);
});

describe('the chart script file', () => {
  it('is read on first use and kept for the process; a failed read is tried again', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'presence-dashboard-'));
    try {
      const script = dashboardScriptFrom(dir);
      await expect(script()).rejects.toThrow(/ENOENT/);
      await mkdir(join(dir, dirname(DASHBOARD_SCRIPT_FILE)), { recursive: true });
      await writeFile(join(dir, DASHBOARD_SCRIPT_FILE), 'first');
      expect(await script()).toBe('first');
      await writeFile(join(dir, DASHBOARD_SCRIPT_FILE), 'second');
      expect(await script()).toBe('first');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

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
