// Reliability: a contact moved to another rep must not get two mails. On the real local parts (DynamoDB Local,
// SES v2 local, the approval site on a Node http server): rep A's digest links a draft, the CRM import moves the
// contact to rep B, B's run drafts it again. Exactly one draft stays open, A's link answers 410, and approving
// sends exactly one mail and records exactly one touch.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCsvSource } from '../../functions/adapters/csv/csv-source';
import { FileAssets } from '../../functions/adapters/templates/file-assets';
import type { Runtime } from '../../functions/local/runtime';
import { loadMailRenderer } from '../../functions/core/approval/mail-renderer';
import { compilingEngine } from '../../functions/core/render/compiling-engine';
import { mailTemplateSourcesFrom } from '../../functions/core/approval/mail-renderer';
import { runCampaign } from '../../functions/core/campaigns/run-campaign';
import type { Campaign } from '../../functions/core/campaigns/campaign-schema';
import { randomId } from '../../functions/core/ids';
import { importContacts } from '../../functions/core/import/import-contacts';
import { collectRejects } from '../../functions/core/import/import-source';
import { contactSchema, isOpenStatus, repSchema } from '../../functions/core/model';
import { silentLogger, type Clock } from '../../functions/core/ports';
import type { TemplateLibrary } from '../../functions/core/render/template-library';
import type { MailRenderer } from '../../functions/core/approval/mail-renderer';
import { InProcessApprovalSink } from '../../functions/local/in-process-approval-sink';
import { startApprovalServer, type ApprovalServer } from '../../functions/local/http-adapter';
import { freePort } from '../../functions/local/ports';
import { saveContact } from '../../functions/core/contacts/save-contact';
import { VersionConflict } from '../../functions/core/errors';
import { aDraft } from '../support/factories';
import { freshTable, mailsTo, localTestRuntime } from '../support/local-aws';

const root = join(import.meta.dirname, '..', '..');
const tag = randomId(6).replace(/[^A-Za-z0-9]/g, 'x').toLowerCase();
const repA = `rep-a-${tag}`;
const repB = `rep-b-${tag}`;
const customer = `kunde-${tag}@reassign.example`;
const contactId = `K-${tag}`;

// the runs are minutes apart; the clock is moved by hand
let now = new Date('2026-12-07T08:00:00.000Z');
const clock: Clock = { now: () => now };

let server: ApprovalServer;
let runtime: Runtime;
let sink: InProcessApprovalSink;
let campaign: Campaign;
let templates: TemplateLibrary;
let mails: MailRenderer;

beforeAll(async () => {
  const table = await freshTable('rep-change');
  const port = await freePort();
  runtime = localTestRuntime(table.ledger, { sitePort: port, clock });
  sink = new InProcessApprovalSink(runtime);
  server = await startApprovalServer({ port, runtime, approvalSink: sink });
  const assets = new FileAssets(root);
  const files = await assets.loadTemplateFiles();
  [campaign, templates] = await Promise.all([assets.loadCampaign('crisis-update'), assets.loadTemplateLibrary()]);
  mails = loadMailRenderer(compilingEngine(), mailTemplateSourcesFrom(files));
  for (const [id, name] of [
    [repA, 'Petra Schneider'],
    [repB, 'Jonas Weber'],
  ] as const) {
    await runtime.ledger.putRep(repSchema.parse({ id, name, email: `${id}@presence-reliability.example`, locale: 'de-DE' }));
  }
  await runtime.ledger.putContact(
    contactSchema.parse({
      id: contactId,
      salutation: 'ms',
      firstName: 'Anna',
      lastName: 'Müller',
      company: 'Müller GmbH',
      email: customer,
      repId: repA,
      nextDueAt: '2026-12-01T00:00:00.000Z',
      lastTouchAt: '2026-11-01T00:00:00.000Z',
    }),
  );
}, 60_000);

afterAll(async () => {
  await sink?.whenIdle();
  await server?.stop();
});

const deps = () => ({ ...runtime, templates, mails });

async function digestLinkOf(repId: string, contactLabel: string): Promise<string> {
  const digest = (await mailsTo(`${repId}@presence-reliability.example`)).at(-1);
  const text = digest?.body.text ?? '';
  const row = new RegExp(`- ${contactLabel}\\n.*\\n  Öffnen: (http://localhost:\\d+/d/[A-Za-z0-9_-]{43})`).exec(text);
  if (!row) throw new Error(`no draft link for ${contactLabel} in the digest of ${repId}:\n${text}`);
  return row[1]!;
}

async function approveThrough(link: string): Promise<Response> {
  const page = await fetch(link);
  const html = await page.text();
  if (page.status !== 200) return new Response(html, { status: page.status });
  const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';
  const subject = /id="subject" name="subject" value="([^"]*)"/.exec(html)?.[1] ?? '';
  const text = /<textarea id="text" name="text"[^>]*>([\s\S]*?)<\/textarea>/.exec(html)?.[1] ?? '';
  const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const body = new URLSearchParams({ nonce: field('nonce'), version: field('version'), subject: unescape(subject), text: unescape(text), action: 'approve' });
  return fetch(link, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' }, redirect: 'manual' });
}

async function openDraftsOfContact() {
  return (await runtime.ledger.listDraftsOfContact(contactId)).filter((d) => isOpenStatus(d.status));
}

describe('a contact moved to another rep', () => {
  it('keeps one open draft, kills the old rep link and is mailed exactly once', async () => {
    // 1. rep A's run drafts the contact and mails A the digest with the draft link
    const first = await runCampaign(deps(), { campaign, runAt: now, reps: [repA] });
    expect(first.plan.drafted).toBe(1);
    const linkOfA = await digestLinkOf(repA, 'Anna Müller \\(Müller GmbH\\)');
    expect((await fetch(linkOfA)).status).toBe(200);

    // 2. the CRM export moves the contact to rep B
    now = new Date('2026-12-07T08:02:00.000Z');
    const dir = mkdtempSync(join(tmpdir(), 'presence-reassign-'));
    const file = join(dir, 'crm.csv');
    writeFileSync(file, `id;firstName;lastName;company;email;repId\n${contactId};Anna;Müller;Müller GmbH;${customer};${repB}\n`);
    const rejects = collectRejects();
    const imported = await importContacts({ ledger: runtime.ledger, clock, logger: silentLogger }, { source: await openCsvSource(file), rejects });
    expect(rejects.rejected).toEqual([]);
    expect(imported.updated).toBe(1);
    expect((await runtime.ledger.getContact(contactId))?.repId).toBe(repB);

    // the old draft is withdrawn in the same write, and A's link is dead (GET and POST)
    const withdrawn = await runtime.ledger.getDraft(first.plan.runId + '~' + contactId);
    expect(withdrawn).toMatchObject({ status: 'withdrawn', withdrawnReason: 'reassigned', repId: repA });
    expect(await openDraftsOfContact()).toEqual([]);
    expect((await fetch(linkOfA)).status).toBe(410);

    // 3. rep B's run five minutes later drafts the contact once; a second run of the slot changes nothing
    now = new Date('2026-12-07T08:05:00.000Z');
    const second = await runCampaign(deps(), { campaign, runAt: now, reps: [repB] });
    expect(second.plan.drafted).toBe(1);
    const again = await runCampaign(deps(), { campaign, runAt: now, reps: [repA, repB], notify: false });
    expect(again.plan.drafted).toBe(0);
    const open = await openDraftsOfContact();
    expect(open.map((d) => d.repId)).toEqual([repB]);

    // 4. approving A's old link is refused; approving B's sends exactly one mail, as B
    expect((await approveThrough(linkOfA)).status).toBe(410);
    const linkOfB = await digestLinkOf(repB, 'Anna Müller \\(Müller GmbH\\)');
    const approved = await approveThrough(linkOfB);
    expect(approved.status).toBeLessThan(400);
    await sink.whenIdle();
    const sent = await mailsTo(customer);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.from).toContain('Jonas Weber');
    const touches = await runtime.ledger.listTouches(contactId);
    expect(touches.map((t) => [t.source, t.repId])).toEqual([['send', repB]]);
  }, 120_000);

  it('on DynamoDB the move and the withdrawals are one transaction: a draft claimed meanwhile stops both', async () => {
    const id = `K2-${tag}`;
    const stored = await runtime.ledger.putContact(
      contactSchema.parse({ id, firstName: 'Bernd', lastName: 'Kraus', email: `k2-${tag}@reassign.example`, repId: repA, nextDueAt: '2026-12-01T00:00:00.000Z' }),
    );
    const draft = aDraft({ contactId: id, repId: repA, status: 'pending_approval' });
    await runtime.ledger.putDrafts([draft]);
    // a sender claimed it after the mover read it as pending
    await runtime.ledger.updateDraft(draft.id, { set: { status: 'sending' } });
    await expect(
      runtime.ledger.replaceContactWithdrawingDrafts({ ...stored, repId: repB }, stored.version, [{ id: draft.id, kind: draft.kind, fromStatus: 'pending_approval', reason: 'reassigned', at: now.toISOString() }]),
    ).rejects.toBeInstanceOf(VersionConflict);
    expect(await runtime.ledger.getContact(id)).toMatchObject({ repId: repA, version: stored.version });
    expect((await runtime.ledger.getDraft(draft.id))?.status).toBe('sending');
    // and through the use case, the in-flight draft blocks the move with a reason to act on
    await expect(saveContact(runtime.ledger, { ...stored, repId: repB }, stored, now.toISOString())).rejects.toThrow(/is sending; import again in a minute/);
  });
});
