// Writes docs/dashboard.png: the dashboard over the sample ledger, opened in real Chromium.
// Run: npx tsx web/dashboard/screenshot.ts [out.png]
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { dashboardScriptFrom } from '../../functions/adapters/fs/dashboard-script';
import { FixedClock } from '../../functions/adapters/memory/fixed-clock';
import { silentLogger } from '../../functions/core/ports';
import { SAMPLE_NOW, sampleLedger } from './sample-ledger';
import { serveDashboard } from './serve';

export const CHROMIUM = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
};

const out = process.argv[2] ?? fileURLToPath(new URL('../../docs/dashboard.png', import.meta.url));
const server = await serveDashboard(
  {
    ledger: await sampleLedger(),
    clock: new FixedClock(SAMPLE_NOW),
    logger: silentLogger,
    dashboardScript: dashboardScriptFrom(fileURLToPath(new URL('../../', import.meta.url))),
  },
  { requireToken: false },
);
const browser = await chromium.launch({ ...CHROMIUM, headless: true });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
  await page.goto(`${server.origin}/dashboard?weeks=12&silent=12`);
  await page.waitForSelector('html[data-charts="drawn"]');
  await page.screenshot({ path: out, fullPage: true });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await server.close();
}
