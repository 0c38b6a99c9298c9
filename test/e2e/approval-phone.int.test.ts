// The approval pages on a phone (390x844) and a desktop (1280 wide), in Debian Chromium over the real local parts:
// the draft page's action bar is on the first screen and approves; the words are shown once; the preview is as
// tall as the mail; review-all starts with nothing ticked, "select all" ticks every box, and only the ticked
// drafts are approved; each draft opens on its own page from the list and can be rejected there; the task page
// dials and maps; a used link says what became of its draft. axe-core (injected through page.evaluate, the
// driver's public API) finds nothing serious or critical on any of these pages.
// Screenshots go to test-output/; with UPDATE_DOCS_SCREENSHOTS=1 the ones docs/approval.md shows go to docs/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import axe from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileAssets } from '../../functions/adapters/templates/file-assets';
import { loadMailRenderer, mailTemplateSourcesFrom } from '../../functions/core/approval/mail-renderer';
import { notifyReps } from '../../functions/core/approval/notify-reps';
import { randomId } from '../../functions/core/ids';
import { contactSchema, repSchema } from '../../functions/core/model';
import { planCampaign } from '../../functions/core/plan-campaign';
import { compilingEngine } from '../../functions/core/render/compiling-engine';
import { InProcessApprovalSink } from '../../functions/local/in-process-approval-sink';
import { startApprovalServer, type ApprovalServer } from '../../functions/local/http-adapter';
import { freePort } from '../../functions/local/ports';
import type { Runtime } from '../../functions/local/runtime';
import { freshTable, localTestRuntime, mailsTo } from '../support/local-aws';

const root = join(import.meta.dirname, '..', '..');
const outDir = join(root, 'test-output');
const docsDir = process.env['UPDATE_DOCS_SCREENSHOTS'] === '1' ? join(root, 'docs') : outDir;
const tag = randomId(6).replace(/[^A-Za-z0-9]/g, 'x').toLowerCase();
const repEmail = `petra.phone-${tag}@presence-e2e.example`;
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true };
const DESKTOP = { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 };

/**
 * The few browser shapes the evaluated functions use. The test project compiles without the DOM library (server
 * code must not see it), so the functions run in the page reach them through these.
 */
interface Box {
  top: number;
  bottom: number;
  left: number;
  width: number;
  height: number;
}
interface PageElement {
  getBoundingClientRect(): Box;
  contains(other: unknown): boolean;
}
interface PreviewFrame extends PageElement {
  clientHeight: number;
  contentDocument: { documentElement: { scrollHeight: number } } | null;
}
interface AxeResult {
  violations: Array<{ id: string; impact?: string | null; nodes: Array<{ target: unknown[] }> }>;
}
interface PageGlobals {
  document: { body: { innerText: string }; elementFromPoint(x: number, y: number): unknown };
  innerHeight: number;
  axe: { run(context: unknown, options: object): Promise<AxeResult> };
}

let browser: Browser;
let server: ApprovalServer;
let runtime: Runtime;
let sink: InProcessApprovalSink;

beforeAll(async () => {
  mkdirSync(outDir, { recursive: true });
  const table = await freshTable('e2e-phone');
  const port = await freePort();
  runtime = localTestRuntime(table.ledger, { sitePort: port });
  sink = new InProcessApprovalSink(runtime);
  server = await startApprovalServer({ port, runtime, approvalSink: sink });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await sink?.whenIdle();
  await server?.stop();
});

/** A page that records every CSP complaint of the browser. */
async function openPage(context: BrowserContext): Promise<{ page: Page; cspViolations: string[] }> {
  const page = await context.newPage();
  const cspViolations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  return { page, cspViolations };
}

/** axe-core's serious and critical findings on the page as it is now (the mail inside the preview frame is the campaign's, not the page's). */
async function seriousFindings(page: Page): Promise<string[]> {
  await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    const g = globalThis as unknown as PageGlobals;
    const result = await g.axe.run(g.document, { iframes: false, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact ?? '', targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.targets.join(', ')}`);
}

/** The element lies wholly inside the first screen and is what a tap on its middle hits. */
async function onFirstScreen(page: Page, selector: string): Promise<boolean> {
  return page.locator(selector).evaluate((node) => {
    const g = globalThis as unknown as PageGlobals;
    const el = node as unknown as PageElement;
    const box = el.getBoundingClientRect();
    const hit = g.document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return box.top >= 0 && box.bottom <= g.innerHeight && box.height > 0 && (hit === el || el.contains(hit));
  });
}

const berlin = (iso: string) => {
  const d = new Date(iso);
  const date = new Intl.DateTimeFormat('de-DE', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'Europe/Berlin' }).format(d);
  const time = new Intl.DateTimeFormat('de-DE', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Europe/Berlin' }).format(d);
  return `${date} um ${time} Uhr`;
};

async function planAndNotify(): Promise<{ runId: string; text: string }> {
  const due = new Date(Date.now() - 86_400_000).toISOString();
  const repId = `rep-${tag}`;
  await runtime.ledger.putRep(repSchema.parse({ id: repId, name: 'Petra Schneider', email: repEmail, title: 'Key Account Manager', locale: 'de-DE', timeZone: 'Europe/Berlin' }));
  const contact = (over: Record<string, unknown>) =>
    contactSchema.parse({ repId, nextDueAt: due, lastTouchAt: '2026-06-01T09:00:00.000Z', address: { street: 'Hauptstraße 5', postalCode: '80331', city: 'München', country: 'DE' }, ...over });
  for (const c of [
    contact({ id: `anna-${tag}`, salutation: 'ms', title: 'Dr.', firstName: 'Anna', lastName: 'Müller', company: 'Müller Maschinenbau GmbH', email: `anna-${tag}@mueller.example` }),
    contact({ id: `bernd-${tag}`, salutation: 'mr', firstName: 'Bernd', lastName: 'Kraus', company: 'Kraus Logistik AG', email: `bernd-${tag}@kraus.example` }),
    contact({ id: `clara-${tag}`, salutation: 'ms', firstName: 'Clara', lastName: 'Lang', company: 'Lang & Partner', email: `clara-${tag}@lang.example` }),
    contact({ id: `dora-${tag}`, salutation: 'ms', firstName: 'Dora', lastName: 'Meier', company: 'Meier OHG', channel: 'call', phone: '+49 89 7654321', address: { street: 'Brienner Straße 12', postalCode: '80333', city: 'München', country: 'DE' } }),
  ]) {
    await runtime.ledger.putContact(c);
  }
  const assets = new FileAssets(root);
  const [campaign, templates, files] = await Promise.all([assets.loadCampaign('crisis-update'), assets.loadTemplateLibrary(), assets.loadTemplateFiles()]);
  const plan = await planCampaign({ ledger: runtime.ledger, clock: runtime.clock, logger: runtime.logger, templates }, { campaign, runAt: new Date(Math.floor(Date.now() / 60_000) * 60_000), reps: [repId] });
  expect(plan.drafted).toBe(4);
  await notifyReps({ ...runtime, mails: loadMailRenderer(compilingEngine(), mailTemplateSourcesFrom(files)) }, { runId: plan.runId, campaignName: campaign.name });
  const [digest] = await mailsTo(repEmail);
  return { runId: plan.runId, text: digest!.body.text! };
}

const linkAfter = (text: string, label: RegExp, path: string) => {
  const m = new RegExp(`${label.source}\\n.*\\n?\\s*(?:Öffnen|Erledigt melden): (http://localhost:\\d+/${path}/[A-Za-z0-9_-]{43})`).exec(text);
  expect(m, text).not.toBeNull();
  return m![1]!;
};

describe('approval pages on a phone', () => {
  it('draft page, review-all, task page and a used link, at 390x844 and 1280 wide', async () => {
    const { runId, text } = await planAndNotify();
    const annaLink = linkAfter(text, /- Dr\. Anna Müller \(Müller Maschinenbau GmbH\)/, 'd');
    const taskLink = linkAfter(text, /- Dora Meier \(Meier OHG\)/, 'task');
    const allLink = /Alle prüfen und freigeben:\n(http:\/\/localhost:\d+\/all\/[A-Za-z0-9_-]{43})/.exec(text)![1]!;
    const id = (who: string) => `${runId}~${who}-${tag}`;
    const phone = await browser.newContext(PHONE);
    const desktop = await browser.newContext(DESKTOP);

    // --- the draft page: the bar is on the first screen, the words once, the preview as tall as the mail
    const { page, cspViolations } = await openPage(phone);
    expect((await page.goto(annaLink))?.status()).toBe(200);
    expect(await onFirstScreen(page, '.bar button[value="approve"]')).toBe(true);
    expect(await onFirstScreen(page, '.bar a[href="#reject"]')).toBe(true);
    expect(await page.locator('#text').isVisible()).toBe(false);
    await expect
      .poll(() => page.locator('iframe.preview').evaluate((node) => {
        const f = node as unknown as PreviewFrame;
        return f.contentDocument!.documentElement.scrollHeight - f.clientHeight;
      }))
      .toBeLessThanOrEqual(0);
    const preview = page.frames().find((f) => f !== page.mainFrame())!;
    // the signature at the end of the mail is inside the frame's own height: nothing is cut off
    expect(await preview.evaluate(() => (globalThis as unknown as PageGlobals).document.body.innerText)).toContain('Petra Schneider');
    expect(await page.locator('iframe.preview').evaluate((node) => (node as unknown as PreviewFrame).getBoundingClientRect().height)).toBeGreaterThan(300);
    expect(await seriousFindings(page)).toEqual([]);
    await page.screenshot({ path: join(docsDir, 'approval-phone-draft.png') });
    // editing swaps the preview for the fields, so the words are still on screen once
    await page.click('details.edit summary');
    expect(await page.locator('#text').isVisible()).toBe(true);
    expect(await page.locator('iframe.preview').isVisible()).toBe(false);
    expect(await seriousFindings(page)).toEqual([]);
    await page.click('details.edit summary');
    const wide = await desktop.newPage();
    await wide.goto(annaLink);
    await wide.screenshot({ path: join(docsDir, 'approval-page.png') });
    await wide.close();

    // the bar approves
    await page.locator('.bar button[value="approve"]').tap();
    await expect.poll(() => page.locator('h1').first().textContent()).toContain('Freigegeben');
    await sink.whenIdle();
    const sent = (await runtime.ledger.getDraft(id('anna')))!;
    expect(sent).toMatchObject({ status: 'sent', decision: { action: 'approved', by: `rep:rep-${tag}` } });

    // --- the used link: what became of that draft, in Berlin time; no form, nothing changes
    expect((await page.goto(annaLink))?.status()).toBe(200);
    expect(await page.locator('h1').textContent()).toBe('Schon entschieden');
    const lines = await page.locator('ul.state li').allTextContents();
    expect(lines).toEqual([`Freigegeben von Ihnen am ${berlin(sent.decision!.at)}`, `Verschickt am ${berlin(sent.sentAt!)}`]);
    expect(await page.locator('form').count()).toBe(0);
    expect(await page.locator('body').textContent()).not.toContain('Bernd');
    expect((await runtime.ledger.getDraft(id('anna')))?.version).toBe(sent.version);
    expect(await seriousFindings(page)).toEqual([]);
    await page.screenshot({ path: join(outDir, 'approval-phone-decided.png') });

    // --- review-all: nothing ticked; the bar on the first screen
    expect((await page.goto(allLink))?.status()).toBe(200);
    const boxes = page.locator('input[name="pick"]');
    expect(await boxes.count()).toBe(2);
    expect(await boxes.evaluateAll((bs) => bs.map((b) => (b as unknown as { checked: boolean }).checked))).toEqual([false, false]);
    expect(await onFirstScreen(page, '.bar button[value="approve-selected"]')).toBe(true);
    expect(await onFirstScreen(page, '#select-all')).toBe(true);
    expect(await page.locator('ul.state').first().textContent()).toContain('Freigegeben von Ihnen am');
    expect(await seriousFindings(page)).toEqual([]);
    await page.screenshot({ path: join(docsDir, 'approval-phone-review-all.png') });
    const wideList = await desktop.newPage();
    await wideList.goto(allLink);
    expect(await wideList.locator('input[name="pick"]:checked').count()).toBe(0);
    expect(await seriousFindings(wideList)).toEqual([]);
    await wideList.screenshot({ path: join(docsDir, 'approval-review-all.png') });
    await wideList.close();

    // select all ticks every box (in place), and again clears them
    await page.locator('#select-all').tap();
    expect(await boxes.evaluateAll((bs) => bs.map((b) => (b as unknown as { checked: boolean }).checked))).toEqual([true, true]);
    expect(await page.locator('#select-all').textContent()).toBe('Auswahl aufheben');
    await page.locator('#select-all').tap();
    expect(await page.locator('input[name="pick"]:checked').count()).toBe(0);
    // tick Bernd only: only Bernd is approved
    await page.getByRole('checkbox', { name: /Bernd Kraus/ }).check();
    await page.locator('.bar button[value="approve-selected"]').tap();
    await expect.poll(() => page.locator('p.big').textContent()).toBe('1 Entwurf ist freigegeben.');
    expect((await runtime.ledger.getDrafts([id('bernd'), id('clara')])).map((d) => [d.contactId, d.status])).toEqual([
      [`bernd-${tag}`, expect.stringMatching(/^(approved|sending|sent)$/)],
      [`clara-${tag}`, 'pending_approval'],
    ]);

    // each draft opens on its own page from the list, with the bar; Reject in the list rejects that one alone
    await page.goto(allLink);
    await page.getByRole('link', { name: 'Entwurf für Clara Lang (Lang & Partner) öffnen' }).tap();
    await expect.poll(() => page.locator('h1').first().textContent()).toBe('Clara Lang (Lang & Partner)');
    // the list's own link and the draft's place in it (the token has only URL-safe letters)
    expect(new URL(page.url()).pathname).toMatch(new RegExp(`^${new URL(allLink).pathname}/[1-9]$`));
    expect(await onFirstScreen(page, '.bar button[value="approve"]')).toBe(true);
    await page.getByRole('link', { name: 'Zurück zur Liste' }).tap();
    await page.getByRole('button', { name: 'Entwurf für Clara Lang (Lang & Partner) ablehnen' }).tap();
    await expect.poll(() => page.locator('h1').first().textContent()).toContain('Abgelehnt');
    expect(await runtime.ledger.getDraft(id('clara'))).toMatchObject({ status: 'rejected', decision: { action: 'rejected', askAgain: { choice: 'next-cadence' } } });
    // nothing is left to decide: the list link says what became of its three drafts
    expect((await page.goto(allLink))?.status()).toBe(200);
    expect(await page.locator('h1').textContent()).toBe('Schon entschieden');
    expect(await page.locator('ul.list.done > li').count()).toBe(3);

    // --- the task page: the number dials, the address opens a map search
    expect((await page.goto(taskLink))?.status()).toBe(200);
    expect(await page.locator('a[href^="tel:"]').getAttribute('href')).toBe('tel:+49897654321');
    const map = await page.getByRole('link', { name: 'Karte (OpenStreetMap)' }).getAttribute('href');
    expect(map).toBe('https://www.openstreetmap.org/search?query=Brienner%20Stra%C3%9Fe%2012%2C%2080333%20M%C3%BCnchen%2C%20DE');
    expect(await seriousFindings(page)).toEqual([]);
    await page.screenshot({ path: join(outDir, 'approval-phone-task.png'), fullPage: true });

    expect(cspViolations).toEqual([]);
    await phone.close();
    await desktop.close();
  }, 180_000);
});
