// The approval loop as a rep lives it, on the real local parts: DynamoDB Local, SES v2 local, the approval site
// on a Node http server, and Debian Chromium. The crisis campaign is planned, the rep's digest is read from the
// SES local store, a draft link is opened in the browser, the text is edited and approved; the draft ends up
// approved with the edited words, and (local mode sends in-process) the customer's mail carries them.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileAssets } from '../../functions/adapters/templates/file-assets';
import type { Runtime } from '../../functions/local/runtime';
import { loadMailRenderer } from '../../functions/core/approval/mail-renderer';
import { compilingEngine } from '../../functions/core/render/compiling-engine';
import { mailTemplateSourcesFrom } from '../../functions/core/approval/mail-renderer';
import { notifyReps } from '../../functions/core/approval/notify-reps';
import { randomId } from '../../functions/core/ids';
import { contactSchema, repSchema } from '../../functions/core/model';
import { planCampaign } from '../../functions/core/plan-campaign';
import { InProcessApprovalSink } from '../../functions/local/in-process-approval-sink';
import { startApprovalServer, type ApprovalServer } from '../../functions/local/http-adapter';
import { freePort } from '../../functions/local/ports';
import { freshTable, mailsTo, localTestRuntime } from '../support/local-aws';

const root = join(import.meta.dirname, '..', '..');
const outDir = join(root, 'test-output');
const tag = randomId(6).replace(/[^A-Za-z0-9]/g, 'x').toLowerCase();
// addresses of their own: the SES local store is shared by every test file of the run
const repEmail = 'petra.schneider@presence-e2e.example';
const customerEmail = 'anna.mueller@mueller-maschinenbau.example';

let browser: Browser;
let server: ApprovalServer;
let runtime: Runtime;
let sink: InProcessApprovalSink;

beforeAll(async () => {
  mkdirSync(outDir, { recursive: true });
  const table = await freshTable('e2e-approval');
  const port = await freePort();
  runtime = localTestRuntime(table.ledger, { sitePort: port });
  sink = new InProcessApprovalSink(runtime);
  server = await startApprovalServer({ port, runtime, approvalSink: sink });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await sink?.stop();
  await server?.stop();
});

async function seedLedger(): Promise<void> {
  const due = new Date(Date.now() - 86_400_000).toISOString();
  await runtime.ledger.putRep(repSchema.parse({ id: `rep-${tag}`, name: 'Petra Schneider', email: repEmail, phone: '+49 30 555 0100', title: 'Key Account Manager', locale: 'de-DE' }));
  const contact = (over: Record<string, unknown>) =>
    contactSchema.parse({ repId: `rep-${tag}`, nextDueAt: due, lastTouchAt: '2026-06-01T09:00:00.000Z', address: { street: 'Hauptstraße 5', postalCode: '80331', city: 'München', country: '' }, ...over });
  for (const c of [
    contact({ id: `anna-${tag}`, salutation: 'ms', title: 'Dr.', firstName: 'Anna', lastName: 'Müller', company: 'Müller Maschinenbau GmbH', email: customerEmail }),
    contact({ id: `bernd-${tag}`, salutation: 'mr', firstName: 'Bernd', lastName: 'Kraus', company: 'Kraus Logistik AG', email: 'bernd.kraus@kraus-logistik.example' }),
    contact({ id: `clara-${tag}`, salutation: 'ms', firstName: 'Clara', lastName: 'Lang', company: 'Lang & Partner', channel: 'letter' }),
    contact({ id: `dora-${tag}`, salutation: 'ms', firstName: 'Dora', lastName: 'Meier', company: 'Meier OHG', channel: 'call', phone: '+49 89 7654321' }),
  ]) {
    await runtime.ledger.putContact(c);
  }
}

describe('rep approval end to end', () => {
  it('digest -> draft page in Chromium -> edit -> approve stores (and sends) the edited text; an approval taken back is sent only when approved again', async () => {
    await seedLedger();
    const assets = new FileAssets(root);
    const [campaign, templates, files] = await Promise.all([assets.loadCampaign('crisis-update'), assets.loadTemplateLibrary(), assets.loadTemplateFiles()]);
    const runAt = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    const plan = await planCampaign({ ledger: runtime.ledger, clock: runtime.clock, logger: runtime.logger, templates }, { campaign, runAt, reps: [`rep-${tag}`] });
    expect(plan.drafted).toBe(4);
    const notified = await notifyReps({ ...runtime, mails: loadMailRenderer(compilingEngine(), mailTemplateSourcesFrom(files)) }, { runId: plan.runId, campaignName: campaign.name });
    expect(notified.digests).toEqual([{ repId: `rep-${tag}`, pending: 3, tasks: 1, needsFix: 0, outcome: 'sent' }]);

    // the digest, as SES v2 local stored it
    const [digest, ...more] = await mailsTo(repEmail);
    expect(more).toEqual([]);
    expect(digest).toBeDefined();
    expect(digest!.subject).toBe('3 Entwürfe warten auf Ihre Freigabe – Crisis update');
    const text = digest!.body.text!;
    expect(text).toContain('Alle prüfen und freigeben:');
    const row = new RegExp(`- Dr\\. Anna Müller \\(Müller Maschinenbau GmbH\\)\\n.*\\n  Öffnen: (http://localhost:\\d+/d/[A-Za-z0-9_-]{43})`).exec(text);
    expect(row, text).not.toBeNull();
    const link = row![1]!;
    const draftId = `${plan.runId}~anna-${tag}`;

    const page = await browser.newPage({ viewport: { width: 1100, height: 900 }, deviceScaleFactor: 1 });
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    const response = await page.goto(link);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toMatch(/^default-src 'none'; style-src 'sha256-/);
    await expect.poll(() => page.locator('h1').first().textContent()).toBe('Dr. Anna Müller (Müller Maschinenbau GmbH)');
    // opening changed nothing
    expect(await runtime.ledger.getDraft(draftId)).toMatchObject({ status: 'pending_approval', version: 1 });
    // the preview's inline styles apply through their hashes (the mail's body padding), nothing is blocked
    const preview = page.frames().find((f) => f !== page.mainFrame());
    expect(await preview!.evaluate('getComputedStyle(document.body).paddingTop')).toBe('24px');
    expect(violations).toEqual([]);
    await page.screenshot({ path: join(outDir, 'approval-page.png'), fullPage: true });

    const original = (await runtime.ledger.getDraft(draftId))!.content.text;
    const edited = original.replace('Vor allem interessiert mich: Wie geht es Ihnen?', 'Vor allem interessiert mich: Wie geht es Ihnen und Ihrem Team in München?');
    expect(edited).not.toBe(original);
    // the words are shown once: the edit fields open in place of the preview
    await page.click('details.edit summary');
    expect(await page.locator('iframe.preview').isVisible()).toBe(false);
    await page.fill('#text', edited);
    await page.click('.bar button[value="approve"]');
    await expect.poll(() => page.locator('h1').first().textContent()).toContain('Freigegeben');
    expect(await page.locator('p.big').textContent()).toContain('Genau dieser Text wird verschickt.');
    await page.screenshot({ path: join(outDir, 'approval-done.png'), fullPage: true });

    const approved = (await runtime.ledger.getDraft(draftId))!;
    expect(approved.content.text).toBe(edited);
    expect(approved.content.html).toContain('Wie geht es Ihnen und Ihrem Team in München?');
    expect(approved.decision).toMatchObject({ action: 'approved', by: `rep:rep-${tag}`, version: 1 });
    expect(approved.editedBy).toMatch(new RegExp(`^rep:rep-${tag} link:[0-9a-f]{12}$`));
    // the other drafts are untouched
    expect((await runtime.ledger.getDraft(`${plan.runId}~bernd-${tag}`))?.status).toBe('pending_approval');

    // the link is spent: the same page again says what became of the draft, and decides nothing
    const again = await page.goto(link);
    expect(again?.status()).toBe(200);
    expect(await page.locator('h1').first().textContent()).toBe('Schon entschieden');
    expect(await page.locator('ul.state').first().textContent()).toMatch(/^Freigegeben von Ihnen am \d\d\.\d\d\.\d{4} um \d\d:\d\d Uhr/);
    expect(await page.locator('form').count()).toBe(0);

    // the review-all page of the same digest: the approved draft is marked, the other two can be ticked
    const all = /Alle prüfen und freigeben:\n(http:\/\/localhost:\d+\/all\/[A-Za-z0-9_-]{43})/.exec(text)![1]!;
    expect((await page.goto(all))?.status()).toBe(200);
    expect(await page.locator('input[name="pick"]').count()).toBe(2);
    await page.locator('ul.list details summary').first().click();
    await page.screenshot({ path: join(outDir, 'approval-review-all.png'), fullPage: true });
    await page.close();

    // local mode sends right after approval: the customer gets exactly the approved words
    await sink.whenIdle();
    const [sent] = await mailsTo(customerEmail);
    expect(sent?.body.text).toContain('Wie geht es Ihnen und Ihrem Team in München?');
    expect((await runtime.ledger.getDraft(draftId))?.status).toBe('sent');

    // with a grace period the rep can take an approval back on the draft's page, once, and approve it anew
    (runtime.config as { approvalGraceSeconds: number }).approvalGraceSeconds = 120;
    const berndRow = new RegExp(`- Bernd Kraus \\(Kraus Logistik AG\\)\\n.*\\n  Öffnen: (http://localhost:\\d+/d/[A-Za-z0-9_-]{43})`).exec(text);
    expect(berndRow, text).not.toBeNull();
    const berndId = `${plan.runId}~bernd-${tag}`;
    const second = await browser.newPage({ viewport: { width: 1100, height: 900 }, deviceScaleFactor: 1 });
    await second.goto(berndRow![1]!);
    await second.click('.bar button[value="approve"]');
    await expect.poll(() => second.locator('h1').first().textContent()).toContain('Freigegeben');
    expect(await second.locator('form.takeback p.hint').textContent()).toMatch(/^Bis \d\d\.\d\d\.\d{4} um \d\d:\d\d Uhr können Sie die Freigabe zurücknehmen/);
    expect((await runtime.ledger.getDraft(berndId))?.status).toBe('approved');
    await second.click('button[value="take_back"]');
    await expect.poll(() => second.locator('.banner').first().textContent()).toContain('Freigabe zurückgenommen');
    expect(second.url()).toMatch(/\/d\/[A-Za-z0-9_-]{43}\?notice=taken_back$/);
    expect(second.url()).not.toBe(berndRow![1]!);
    const takenBack = (await runtime.ledger.getDraft(berndId))!;
    expect(takenBack).toMatchObject({ status: 'pending_approval', approvalTakenBack: { by: `rep:rep-${tag}` } });
    expect(takenBack.decision).toBeUndefined();
    // approved again on the fresh page (now without a grace period): it goes out once, and cannot be taken back again
    (runtime.config as { approvalGraceSeconds: number }).approvalGraceSeconds = 0;
    await second.click('.bar button[value="approve"]');
    await expect.poll(() => second.locator('h1').first().textContent()).toContain('Freigegeben');
    expect(await second.locator('button[value="take_back"]').count()).toBe(0);
    await second.close();
    // the first approval's wait is not waited for: the draft it named was taken back
    await sink.stop();
    expect(await mailsTo('bernd.kraus@kraus-logistik.example')).toHaveLength(1);
    expect((await runtime.ledger.getDraft(berndId))?.status).toBe('sent');
  }, 150_000);
});
