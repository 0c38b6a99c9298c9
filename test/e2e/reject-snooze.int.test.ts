// A rep rejects a draft with "in 2 weeks" on its page in Chromium, against DynamoDB Local and the local approval site,
// with a fixed clock: the next runs (a few minutes and one day later) do not draft the customer again; a run 15 days
// later does. (Before the question existed, the run 13 minutes later drafted the customer again.)
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../functions/adapters/memory/fixed-clock';
import { FileAssets } from '../../functions/adapters/templates/file-assets';
import { issueLink } from '../../functions/core/approval/tokens';
import { addDays, randomId } from '../../functions/core/ids';
import { contactSchema, repSchema } from '../../functions/core/model';
import { planCampaign } from '../../functions/core/plan-campaign';
import { startApprovalServer, type ApprovalServer } from '../../functions/local/http-adapter';
import { freePort } from '../../functions/local/ports';
import type { Runtime } from '../../functions/local/runtime';
import { freshTable, localTestRuntime } from '../support/local-aws';

const root = join(import.meta.dirname, '..', '..');
const tag = randomId(6).replace(/[^A-Za-z0-9]/g, 'x').toLowerCase();
const T0 = '2026-11-30T07:00:00.000Z';
const clock = new FixedClock(T0);

let browser: Browser;
let server: ApprovalServer;
let runtime: Runtime;
let port: number;

beforeAll(async () => {
  const table = await freshTable('e2e-snooze');
  port = await freePort();
  runtime = localTestRuntime(table.ledger, { sitePort: port, clock });
  server = await startApprovalServer({ port, runtime });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('reject with "ask again in 2 weeks", end to end', () => {
  it('the page offers the choices; a run a day later passes the customer by, a run 15 days later drafts it', async () => {
    const repId = `rep-${tag}`;
    const contactId = `anna-${tag}`;
    await runtime.ledger.putRep(repSchema.parse({ id: repId, name: 'Petra Schneider', email: `petra-${tag}@presence-e2e.example`, locale: 'de-DE', timeZone: 'Europe/Berlin' }));
    await runtime.ledger.putContact(
      contactSchema.parse({
        id: contactId,
        repId,
        salutation: 'ms',
        title: 'Dr.',
        firstName: 'Anna',
        lastName: 'Müller',
        company: 'Müller Maschinenbau GmbH',
        email: `anna-${tag}@mueller-maschinenbau.example`,
        cadenceDays: 30,
        lastTouchAt: '2026-09-01T09:00:00.000Z',
        nextDueAt: '2026-10-01T09:00:00.000Z',
      }),
    );
    const assets = new FileAssets(root);
    const [campaign, templates] = await Promise.all([assets.loadCampaign('crisis-update'), assets.loadTemplateLibrary()]);
    const run = (at: string) => {
      clock.set(at);
      return planCampaign({ ledger: runtime.ledger, clock, logger: runtime.logger, templates }, { campaign, runAt: new Date(at), reps: [repId] });
    };

    const first = await run(T0);
    expect(first).toMatchObject({ drafted: 1, skipped: { snoozed: 0, held: 0 } });
    const draftId = `${first.runId}~${contactId}`;
    const { token } = await issueLink({ ledger: runtime.ledger, clock }, { kind: 'draft', repId, draftIds: [draftId], draftVersion: 1, ttlHours: 72 });

    // the rep opens the draft a little later and rejects it
    clock.set('2026-11-30T08:00:00.000Z');
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const response = await page.goto(`http://localhost:${port}/d/${token}`);
    expect(response?.status()).toBe(200);
    // the bar's Reject jumps to the reject form at the end of the page
    await page.click('.bar a[href="#reject"]');
    await expect.poll(() => page.locator('fieldset.ask legend').textContent()).toBe('Wann soll presence wieder fragen?');
    // the radios as the browser sees them: value, the text of the label that belongs to it, ticked or not
    type Radio = { value: string; checked: boolean; labels: ArrayLike<{ textContent: string | null }> | null };
    const choices = await page
      .locator('fieldset.ask input[name="askAgain"]')
      .evaluateAll((inputs) => inputs.map((i) => i as unknown as Radio).map((r) => [r.value, r.labels?.[0]?.textContent, r.checked]));
    expect(choices).toEqual([
      ['next-cadence', 'Beim nächsten regulären Termin (in 30 Tagen)', true],
      ['two-weeks', 'In 2 Wochen', false],
      ['month', 'In einem Monat', false],
      ['date', 'An einem bestimmten Tag:', false],
      ['not-in-campaign', 'In dieser Kampagne nicht mehr (ein Jahr lang)', false],
    ]);
    expect(await page.locator('#askAgainOn').getAttribute('type')).toBe('date');
    // looking changed nothing
    expect(await runtime.ledger.getDraft(draftId)).toMatchObject({ status: 'pending_approval', version: 1 });
    expect((await runtime.ledger.getContact(contactId))?.snooze).toBeUndefined();

    await page.check('#ask-two-weeks');
    await page.fill('#reason', 'bitte erst nach der Messe');
    await page.click('button[value="reject"]');
    await expect.poll(() => page.locator('h1').first().textContent()).toContain('Abgelehnt');
    expect(await page.locator('p.lead').textContent()).toBe('presence fragt ab dem 14. Dezember 2026 wieder nach.');
    await page.close();

    const until = addDays('2026-11-30T08:00:00.000Z', 14);
    expect(await runtime.ledger.getDraft(draftId)).toMatchObject({
      status: 'rejected',
      decision: { action: 'rejected', by: `rep:${repId}`, reason: 'bitte erst nach der Messe', askAgain: { choice: 'two-weeks', until } },
    });
    expect((await runtime.ledger.getContact(contactId))?.snooze).toEqual({ until, reason: 'rejected', at: '2026-11-30T08:00:00.000Z', by: `rep:${repId}` });

    // minutes later, and a day later: passed by, counted as snoozed
    expect(await run('2026-11-30T08:13:00.000Z')).toMatchObject({ considered: 1, drafted: 0, skipped: { snoozed: 1 } });
    const dayLater = await run('2026-12-01T07:00:00.000Z');
    expect(dayLater).toMatchObject({ considered: 1, drafted: 0, skipped: { snoozed: 1 } });
    expect(await runtime.ledger.getDraft(`${dayLater.runId}~${contactId}`)).toBeUndefined();

    // 15 days later the snooze has ended: drafted again
    const later = await run('2026-12-15T07:00:00.000Z');
    expect(later).toMatchObject({ drafted: 1, skipped: { snoozed: 0, held: 0 } });
    expect(await runtime.ledger.getDraft(`${later.runId}~${contactId}`)).toMatchObject({ status: 'pending_approval', contactId });
  }, 60_000);
});
