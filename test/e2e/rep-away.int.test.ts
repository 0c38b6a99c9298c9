// A rep away with a deputy, end to end on the real local parts (DynamoDB Local, SES v2 local, the local approval
// site, Chromium), with a fixed clock: the deputy's digest holds the absent rep's customer, the deputy approves on the
// page, the mail goes out as the deputy with the stand-in line, and the touch counts for the customer. With --hold
// nothing is drafted for the rep's customers until the day after the last day away.
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../functions/adapters/memory/fixed-clock';
import { FileAssets } from '../../functions/adapters/templates/file-assets';
import { runCampaign } from '../../functions/core/campaigns/run-campaign';
import { draftIdOf, randomId } from '../../functions/core/ids';
import { contactSchema, repSchema } from '../../functions/core/model';
import { clearRepAway, setRepAway } from '../../functions/core/reps/set-rep-away';
import { unlimited } from '../../functions/core/sending/rate-limiter';
import { sendDraft } from '../../functions/core/sending/send-draft';
import { startApprovalServer, type ApprovalServer } from '../../functions/local/http-adapter';
import { freePort } from '../../functions/local/ports';
import type { Runtime } from '../../functions/local/runtime';
import { freshTable, localTestRuntime, mailsTo } from '../support/local-aws';

const root = join(import.meta.dirname, '..', '..');
const tag = randomId(6).replace(/[^A-Za-z0-9]/g, 'x').toLowerCase();
const PETRA = { id: `petra-${tag}`, email: `petra-${tag}@presence-e2e.example` };
const EVA = { id: `eva-${tag}`, email: `eva-${tag}@presence-e2e.example` };
const ANNA = { id: `anna-${tag}`, email: `anna-${tag}@mueller.example` };
const CARLA = { id: `carla-${tag}`, email: `carla-${tag}@berg.example` };
const clock = new FixedClock('2026-12-07T10:00:00.000Z');

let browser: Browser;
let server: ApprovalServer;
let runtime: Runtime;
let port: number;

beforeAll(async () => {
  const table = await freshTable('e2e-away');
  port = await freePort();
  runtime = localTestRuntime(table.ledger, { sitePort: port, clock });
  server = await startApprovalServer({ port, runtime });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  await runtime.ledger.putRep(repSchema.parse({ id: PETRA.id, name: 'Petra Schneider', email: PETRA.email }));
  await runtime.ledger.putRep(repSchema.parse({ id: EVA.id, name: 'Eva Schmidt', email: EVA.email }));
  await runtime.ledger.putContact(
    contactSchema.parse({ ...ANNA, repId: PETRA.id, salutation: 'ms', firstName: 'Anna', lastName: 'Müller', company: 'Müller GmbH', nextDueAt: '2026-12-01T08:00:00.000Z' }),
  );
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('rep away, end to end', () => {
  it('the deputy gets, approves and sends the absent rep’s drafts as themself; with --hold nothing is drafted until the return', async () => {
    const assets = new FileAssets(root);
    const [campaign, templates, mails] = await Promise.all([assets.loadCampaign('crisis-update'), assets.loadTemplateLibrary(), assets.loadMailRenderer()]);
    const deps = { ...runtime, templates, mails };
    const reps = [PETRA.id, EVA.id];

    await setRepAway(runtime, { repId: PETRA.id, from: '2027-01-04', until: '2027-01-15', deputy: EVA.id, by: 'cli:ops' });

    // Monday 4 January 2027: Petra is away, Eva stands in
    clock.set('2027-01-04T07:00:00.000Z');
    const run = await runCampaign(deps, { campaign, runAt: clock.now(), reps });
    expect(run.plan).toMatchObject({ drafted: 1, standIns: [{ repId: PETRA.id, deputyId: EVA.id, until: '2027-01-15' }] });
    expect(run.digests.map((d) => d.repId)).toEqual([EVA.id]);
    expect(await mailsTo(PETRA.email)).toEqual([]); // the absent rep's own digest is not sent
    const [digest] = await mailsTo(EVA.email);
    expect(digest!.body.text).toContain('Anna Müller (Müller GmbH) – für Petra Schneider, abwesend bis 15. Januar 2027');
    const link = new RegExp(`http://localhost:${port}/d/[A-Za-z0-9_-]+`).exec(digest!.body.text!)![0];

    // Eva opens the link: the page says for whom; the words are signed by her and say that she stands in
    const draftId = draftIdOf(run.plan.runId, ANNA.id);
    const page = await browser.newPage();
    expect((await page.goto(link))?.status()).toBe(200);
    expect(await page.locator('p.standin').textContent()).toBe('für Petra Schneider, abwesend bis 15. Januar 2027');
    const text = await page.locator('#text').inputValue();
    expect(text).toContain('Petra Schneider ist bis einschließlich 15. Januar 2027 nicht im Haus; in dieser Zeit bin ich für Sie da.');
    expect(text).toMatch(/Mit freundlichen Grüßen\nEva Schmidt/);
    await page.click('button[value="approve"]');
    await expect.poll(() => page.locator('h1').first().textContent()).toContain('Freigegeben');
    await page.close();
    expect(await runtime.ledger.getDraft(draftId)).toMatchObject({ status: 'approved', repId: PETRA.id, deputyId: EVA.id, decision: { by: `rep:${EVA.id}` } });

    // sent as Eva, the touch is Eva's and counts for Anna
    clock.set('2027-01-04T09:00:00.000Z');
    expect(await sendDraft({ ...runtime, limiter: unlimited }, draftId)).toMatchObject({ result: 'sent' });
    const [mail] = await mailsTo(ANNA.email);
    expect(mail!.from).toContain('Eva Schmidt');
    expect(mail!.body.text).toContain('Petra Schneider ist bis einschließlich 15. Januar 2027 nicht im Haus');
    expect(await runtime.ledger.listTouches(ANNA.id)).toEqual([expect.objectContaining({ source: 'send', repId: EVA.id, draftId })]);
    expect((await runtime.ledger.getContact(ANNA.id))!.lastTouchAt).toBe('2027-01-04T09:00:00.000Z');

    // later Petra is away again, this time with --hold: Carla, due, waits until Petra is back
    clock.set('2027-01-15T12:00:00.000Z');
    await clearRepAway(runtime, PETRA.id);
    await setRepAway(runtime, { repId: PETRA.id, from: '2027-01-18', until: '2027-01-22', hold: true });
    await runtime.ledger.putContact(contactSchema.parse({ ...CARLA, repId: PETRA.id, firstName: 'Carla', lastName: 'Berg', nextDueAt: '2027-01-10T08:00:00.000Z' }));
    for (const at of ['2027-01-18T07:00:00.000Z', '2027-01-22T07:00:00.000Z']) {
      clock.set(at);
      const held = await runCampaign(deps, { campaign, runAt: clock.now(), reps });
      expect(held.plan).toMatchObject({ drafted: 0, skipped: { held: 1 }, heldReps: [{ repId: PETRA.id, until: '2027-01-22', contacts: 1 }] });
      expect(held.digests).toEqual([]);
    }
    clock.set('2027-01-25T07:00:00.000Z');
    const back = await runCampaign(deps, { campaign, runAt: clock.now(), reps });
    expect(back.plan).toMatchObject({ drafted: 1, skipped: { held: 0 } });
    expect(await runtime.ledger.getDraft(draftIdOf(back.plan.runId, CARLA.id))).toMatchObject({ repId: PETRA.id, status: 'pending_approval' });
    expect((await runtime.ledger.getDraft(draftIdOf(back.plan.runId, CARLA.id)))!.deputyId).toBeUndefined();
    expect(back.digests.map((d) => d.repId)).toEqual([PETRA.id]);
  }, 90_000);
});
