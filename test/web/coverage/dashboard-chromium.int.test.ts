// The dashboard opened in real Chromium over the sample ledger: both charts draw, nothing breaks the
// Content-Security-Policy, and a script that does not match its hash is really blocked.
import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import { dashboardScriptFrom } from '../../../functions/adapters/fs/dashboard-script';
import { FixedClock } from '../../../functions/adapters/memory/fixed-clock';
import { silentLogger } from '../../../functions/core/ports';
import { SAMPLE_NOW, sampleLedger } from '../../../web/dashboard/sample-ledger';
import { serveDashboard } from '../../../web/dashboard/serve';

/**
 * The few browser globals the evaluated functions use. The test project compiles without the DOM library
 * (server code must not see it), so the functions run in the page reach them through this shape.
 */
interface PageGlobals {
  document: {
    documentElement: { dataset: Record<string, string | undefined> };
    getElementById(id: string): { width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
    addEventListener(type: 'securitypolicyviolation', listener: (e: { violatedDirective: string; blockedURI: string }) => void): void;
  };
  reportViolation(v: string): void;
}

const REPOSITORY = fileURLToPath(new URL('../../../', import.meta.url));
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

let browser: Browser;
let server: Awaited<ReturnType<typeof serveDashboard>>;

beforeAll(async () => {
  server = await serveDashboard(
    { ledger: await sampleLedger(), clock: new FixedClock(SAMPLE_NOW), logger: silentLogger, dashboardScript: dashboardScriptFrom(REPOSITORY) },
    { requireToken: false },
  );
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens a page that records every CSP violation and console error from the first byte on. */
async function watchedPage(): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.exposeFunction('reportViolation', (v: string) => problems.push(`csp: ${v}`));
  await page.addInitScript(() => {
    const g = globalThis as unknown as PageGlobals;
    g.document.addEventListener('securitypolicyviolation', (e) => g.reportViolation(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return { page, problems };
}

/** Pixels drawn on a canvas (alpha > 0) and how many match a colour within a small tolerance. */
async function canvasPixels(page: Page, id: string, rgb: [number, number, number]) {
  return page.evaluate(
    ({ id, rgb }) => {
      const canvas = (globalThis as unknown as PageGlobals).document.getElementById(id);
      const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let drawn = 0;
      let colour = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3]! > 0) drawn++;
        if (Math.abs(data[i]! - rgb[0]) < 8 && Math.abs(data[i + 1]! - rgb[1]) < 8 && Math.abs(data[i + 2]! - rgb[2]) < 8 && data[i + 3]! > 200) colour++;
      }
      return { drawn, colour, total: canvas.width * canvas.height };
    },
    { id, rgb },
  );
}

describe('dashboard in Chromium', () => {
  it('draws both charts with the data and reports no CSP violation', async () => {
    const { page, problems } = await watchedPage();
    const response = await page.goto(`${server.origin}/dashboard?weeks=12&silent=12`);
    expect(response?.status()).toBe(200);
    const csp = response!.headers()['content-security-policy']!;
    expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/]+=*'/);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");

    await page.waitForSelector('html[data-charts="drawn"]', { timeout: 10_000 });
    const bars = await canvasPixels(page, 'coverage-chart', [0xd5, 0x5e, 0x00]); // the red bar of the rep below 50 %
    const lines = await canvasPixels(page, 'touches-chart', [0x00, 0x72, 0xb2]); // the email line
    expect(bars.drawn / bars.total).toBeGreaterThan(0.05);
    expect(bars.colour).toBeGreaterThan(500);
    expect(lines.drawn / lines.total).toBeGreaterThan(0.02);
    expect(lines.colour).toBeGreaterThan(200);
    expect(await page.locator('table').first().locator('tbody tr').count()).toBe(12);
    await mkdir('test-output', { recursive: true });
    await page.screenshot({ path: 'test-output/dashboard.png', fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('blocks a script that does not match the hash in the policy', async () => {
    const { page, problems } = await watchedPage();
    const url = `${server.origin}/dashboard?weeks=4`;
    let tampered = false;
    await page.route(url, async (route) => {
      const original = await route.fetch();
      const text = await original.text();
      const body = text.replace('dataset.charts="drawn"', 'dataset.charts="tampered"');
      tampered = body !== text;
      await route.fulfill({ response: original, body });
    });
    await page.goto(url);
    await page.waitForTimeout(300);
    expect(tampered).toBe(true);
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).document.documentElement.dataset.charts)).toBeUndefined();
    expect(problems.some((p) => p.startsWith('csp: script-src'))).toBe(true);
    expect((await canvasPixels(page, 'coverage-chart', [0, 0, 0])).drawn).toBe(0);
    await page.close();
  });
});
