// Listening, end to end on the real local parts: DynamoDB Local, SES v2 local and the local SMTP receiver, fed by an
// SMTP client (nodemailer) as a customer's mail server would. Updates go out with a signed Reply-To; the customer's
// reply comes back over SMTP, is recorded, withdraws the contact's other draft, reaches the rep in SES v2 local and
// shows in the rep's next digest; the same mail again changes nothing. An absence notice snoozes its contact until
// after the return date; the rep's BCC'd own mail is a touch, a forged one is not. Times are a FixedClock's.
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../functions/adapters/memory/fixed-clock';
import { FileAssets } from '../../functions/adapters/templates/file-assets';
import { runCampaign } from '../../functions/core/campaigns/run-campaign';
import { draftIdOf, randomId, runIdOf } from '../../functions/core/ids';
import { logAddressOf } from '../../functions/core/inbound/inbound-addresses';
import { contactSchema, repSchema, type Draft } from '../../functions/core/model';
import { planCampaign } from '../../functions/core/plan-campaign';
import { unlimited } from '../../functions/core/sending/rate-limiter';
import { sendDraft } from '../../functions/core/sending/send-draft';
import { receiveLocalMail } from '../../functions/local/receive-local-mail';
import type { Runtime } from '../../functions/local/runtime';
import { startSmtpReceiver, type SmtpReceiver } from '../../functions/local/smtp-receiver';
import { freshTable, localTestRuntime, mailsTo } from '../support/local-aws';

const root = join(import.meta.dirname, '..', '..');
const DOMAIN = 'inbound.localhost';
const tag = randomId(6).replace(/[^A-Za-z0-9]/g, 'x').toLowerCase();
const REP = { id: `rep-${tag}`, email: 'petra.schneider@presence.example' };
// the sample mails' own senders (samples/inbound)
const ANNA = { id: `anna-${tag}`, email: 'anna.mueller@mueller-praezision.example' };
const FLORIAN = { id: `florian-${tag}`, email: 'florian@zimmermann-metall.example' };
const KLAUS = { id: `klaus-${tag}`, email: 'k.weissenberger@weissenberger.example' };
const DORA = { id: `dora-${tag}`, email: `dora-${tag}@meier-ohg.example` };
const sample = (name: string) => readFileSync(join(root, 'samples', 'inbound', name));

const clock = new FixedClock('2027-01-04T07:00:00.000Z');
let runtime: Runtime;
let receiver: SmtpReceiver;
const outcomes: string[] = [];

/** Delivers raw bytes over SMTP to the local receiver, as the customer's mail server would. */
async function deliver(raw: Buffer, to: string): Promise<void> {
  const transport = createTransport({ host: '127.0.0.1', port: receiver.port, secure: false, ignoreTLS: true });
  try {
    await transport.sendMail({ envelope: { from: 'bounce@sender.example', to: [to] }, raw });
  } finally {
    transport.close();
  }
}

beforeAll(async () => {
  const table = await freshTable('e2e-listening');
  const base = localTestRuntime(table.ledger, { sitePort: 8787, clock });
  runtime = { ...base, config: { ...base.config, receivingDomain: DOMAIN } };
  receiver = await startSmtpReceiver({
    port: 0,
    dir: mkdtempSync(join(tmpdir(), 'presence-inbound-')),
    maxBytes: 10 * 1024 * 1024,
    domains: [DOMAIN],
    onMail: async (mail) => void outcomes.push(await receiveLocalMail(runtime, mail.raw, mail.recipients)),
  });
  await runtime.ledger.putRep(repSchema.parse({ id: REP.id, name: 'Petra Schneider', email: REP.email, locale: 'de-DE', timeZone: 'Europe/Berlin' }));
  const contact = (c: { id: string; email: string }, firstName: string, lastName: string, cadenceDays = 30) =>
    runtime.ledger.putContact(
      contactSchema.parse({ ...c, repId: REP.id, salutation: 'ms', firstName, lastName, company: `${lastName} GmbH`, cadenceDays, nextDueAt: '2026-12-01T08:00:00.000Z' }),
    );
  await contact(ANNA, 'Anna', 'Müller');
  await contact(FLORIAN, 'Florian', 'Zimmermann', 7);
  await contact(KLAUS, 'Klaus', 'Weißenberger');
}, 60_000);

afterAll(async () => {
  await receiver?.close();
});

describe('listening, end to end', () => {
  it('hears replies, absence notices and the rep’s own mail, and each shapes what comes next', async () => {
    const assets = new FileAssets(root);
    const [campaign, templates, mails] = await Promise.all([assets.loadCampaign('crisis-update'), assets.loadTemplateLibrary(), assets.loadMailRenderer()]);

    // an update run; the rep approves Anna's and Florian's mails, which go out
    const first = await planCampaign({ ...runtime, templates }, { campaign, runAt: clock.now(), reps: [REP.id] });
    expect(first.drafted).toBe(3);
    for (const c of [ANNA, FLORIAN]) {
      const id = draftIdOf(first.runId, c.id);
      await runtime.ledger.updateDraft(id, { fromStatuses: ['pending_approval'], set: { status: 'approved' } });
      expect(await sendDraft({ ...runtime, limiter: unlimited }, id)).toMatchObject({ result: 'sent' });
    }
    const [update] = await mailsTo(ANNA.email);
    const replyTo = update!.replyTo[0]!;
    expect(replyTo).toMatch(new RegExp(`^"?Petra Schneider"? <r-[0-9a-f]+-[0-9a-f]{12}@${DOMAIN.replace('.', '\\.')}>$`));
    const annaAddress = /<(.+)>/.exec(replyTo)![1]!;
    const florianAddress = /<(.+)>/.exec((await mailsTo(FLORIAN.email))[0]!.replyTo[0]!)![1]!;
    // Anna has another draft waiting, of another campaign
    const sent = (await runtime.ledger.getDraft(draftIdOf(first.runId, ANNA.id)))!;
    const otherRun = runIdOf('spring-news', new Date('2027-01-05T08:00:00Z'));
    const waiting: Draft = { ...sent, id: draftIdOf(otherRun, ANNA.id), runId: otherRun, campaignId: 'spring-news', status: 'pending_approval', version: 1 };
    delete waiting.sentAt;
    delete waiting.messageId;
    await runtime.ledger.putDrafts([waiting]);

    // Florian's out-of-office answer: back on 13 January
    clock.set('2027-01-04T08:00:00.000Z');
    await deliver(sample('auto-de-abwesenheitsnotiz.eml'), florianAddress);
    expect((await runtime.ledger.getContact(FLORIAN.id))?.snooze).toMatchObject({ reason: 'away', until: '2027-01-13T23:00:00.000Z' });

    // Anna replies
    clock.set('2027-01-12T09:30:00.000Z');
    await deliver(sample('reply-de-outlook.eml'), annaAddress);
    const touches = await runtime.ledger.listTouches(ANNA.id);
    expect(touches.filter((t) => t.source === 'reply')).toEqual([expect.objectContaining({ at: '2027-01-12T09:30:00.000Z', draftId: sent.id, repId: REP.id })]);
    expect(await runtime.ledger.getDraft(waiting.id)).toMatchObject({ status: 'withdrawn', withdrawnReason: 'replied' });
    const forwards = async () => (await mailsTo(REP.email)).filter((m) => m.subject === 'AW: Neuigkeiten zur Lieferlage' && m.replyTo.join().includes(ANNA.email));
    expect(await forwards()).toHaveLength(1);
    const forward = (await forwards())[0]!;
    expect(forward.replyTo.join()).toContain(ANNA.email);
    expect(forward.from).toContain('updates@presence.example');
    expect(forward.body.text).toContain('Wir brauchen die Teile ab KW 4.');

    // the same mail again (a second delivery) changes nothing
    clock.set('2027-01-12T09:35:00.000Z');
    await deliver(sample('reply-de-outlook.eml'), annaAddress);
    expect(await runtime.ledger.listTouches(ANNA.id)).toHaveLength(touches.length);
    expect(await forwards()).toHaveLength(1);
    expect(outcomes.at(-1)).toContain('received before');

    // the rep's own mail with the logging address in BCC: Anna and Klaus heard from the rep; a forged one counts nothing
    clock.set('2027-01-13T15:00:00.000Z');
    const logAddress = logAddressOf(await runtime.secrets.signingKey(), DOMAIN, REP.id)!;
    await deliver(sample('own-mail-forged.eml'), logAddress);
    expect(await runtime.ledger.listTouches(KLAUS.id)).toEqual([]);
    await deliver(sample('own-mail-rep.eml'), logAddress);
    expect(await runtime.ledger.listTouches(KLAUS.id)).toEqual([expect.objectContaining({ source: 'own-mail', at: '2027-01-13T14:30:00.000Z' })]);

    // the next run: Florian is still away, Dora is new and due; the digest tells the rep about Anna and Florian
    await runtime.ledger.putContact(
      contactSchema.parse({ ...DORA, repId: REP.id, firstName: 'Dora', lastName: 'Meier', company: 'Meier OHG', nextDueAt: '2027-01-01T08:00:00.000Z' }),
    );
    clock.set('2027-01-13T16:00:00.000Z');
    const second = await runCampaign({ ...runtime, templates, mails }, { campaign, runAt: clock.now(), reps: [REP.id] });
    expect(second.plan).toMatchObject({ drafted: 1, skipped: { snoozed: 1 } });
    const digest = (await mailsTo(REP.email)).filter((m) => m.body.text?.includes('Hallo Petra Schneider') && m.body.text.includes('Dora Meier')).at(-1)!;
    expect(digest.body.text).toContain('== Geantwortet seit Ihrem letzten Überblick (1) ==');
    expect(digest.body.text).toContain('Können Sie mich am Donnerstag anrufen?');
    expect(digest.body.text).toContain('abwesend, presence schreibt ab 14. Januar 2027 wieder');
    expect(digest.body.text).toContain(logAddress);

    // after the return: Florian is drafted again
    clock.set('2027-01-14T07:00:00.000Z');
    const third = await planCampaign({ ...runtime, templates }, { campaign, runAt: clock.now(), reps: [REP.id] });
    expect(third).toMatchObject({ drafted: 1, skipped: { snoozed: 0, held: 0 } });
    expect(await runtime.ledger.getDraft(draftIdOf(third.runId, FLORIAN.id))).toMatchObject({ status: 'pending_approval' });
  }, 60_000);
});
