import { beforeEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../functions/adapters/memory/fixed-clock';
import { MemoryLedger } from '../../functions/adapters/memory/memory-ledger';
import type { Campaign } from '../../functions/core/campaigns/campaign-schema';
import { draftIdOf, hashEmail, runIdOf } from '../../functions/core/ids';
import type { ContactInput } from '../../functions/core/model';
import { planCampaign, type PlanCampaignInput } from '../../functions/core/plan-campaign';
import { sendWindowSchema } from '../../functions/core/calendar/send-window-schema';
import type { Logger } from '../../functions/core/ports';
import { RUN_AT, contactOf, crisisUpdate, repOf } from './campaign-fixtures';

/** A MemoryLedger that counts the calls the planner makes. */
class CountingLedger extends MemoryLedger {
  readonly calls = { listReps: 0, listContactsByRep: [] as Array<{ repId: string; dueBy?: string; limit?: number }>, putDrafts: [] as number[], suppressedAmong: 0 };
  failPutDrafts = false;
  override async listReps() {
    this.calls.listReps++;
    return super.listReps();
  }
  override async listContactsByRep(repId: string, opts: { dueBy?: string; cursor?: string; limit?: number } = {}) {
    this.calls.listContactsByRep.push({ repId, dueBy: opts.dueBy, limit: opts.limit });
    return super.listContactsByRep(repId, opts);
  }
  override async putDrafts(drafts: Parameters<MemoryLedger['putDrafts']>[0]) {
    this.calls.putDrafts.push(drafts.length);
    if (this.failPutDrafts) throw new Error('write failed');
    return super.putDrafts(drafts);
  }
  override async suppressedAmong(hashes: readonly string[]) {
    this.calls.suppressedAmong++;
    return super.suppressedAmong(hashes);
  }
}

class RecordingLogger implements Logger {
  readonly entries: Array<{ level: string; message: string; data?: Record<string, unknown> }> = [];
  debug(message: string, data?: Record<string, unknown>) { this.entries.push({ level: 'debug', message, data }); }
  info(message: string, data?: Record<string, unknown>) { this.entries.push({ level: 'info', message, data }); }
  warn(message: string, data?: Record<string, unknown>) { this.entries.push({ level: 'warn', message, data }); }
  error(message: string, data?: Record<string, unknown>) { this.entries.push({ level: 'error', message, data }); }
}

let ledger: CountingLedger;
let logger: RecordingLogger;
let campaign: Campaign;
let deps: Parameters<typeof planCampaign>[0];
const clock = new FixedClock('2026-11-30T07:00:05.000Z');
const DUE = '2026-11-01T00:00:00.000Z';
const LATER = '2026-12-15T00:00:00.000Z';

async function addContact(over: Partial<ContactInput>) {
  await ledger.putContact(contactOf({ nextDueAt: DUE, ...over }));
}

const run = (over: Partial<PlanCampaignInput> = {}) => planCampaign(deps, { campaign, runAt: RUN_AT, ...over });

beforeEach(async () => {
  const fx = await crisisUpdate();
  campaign = fx.campaign;
  ledger = new CountingLedger();
  logger = new RecordingLogger();
  deps = { ledger, clock, logger, templates: fx.library };
  await ledger.putRep(repOf({ id: 'rep-1' }));
  await ledger.putRep(repOf({ id: 'rep-2', name: 'Eva Schmidt', email: 'eva.schmidt@example.com' }));
});

describe('planCampaign', () => {
  it('drafts every due contact in their channel and leaves the others unread', async () => {
    await addContact({ id: 'c-mail', channel: 'email' });
    await addContact({ id: 'c-letter', channel: 'letter' });
    await addContact({ id: 'c-visit', channel: 'visit' });
    await addContact({ id: 'c-call', channel: 'call', repId: 'rep-2' });
    await addContact({ id: 'c-later', nextDueAt: LATER });

    const result = await run();
    const runId = runIdOf('crisis-update', RUN_AT);
    expect(result).toEqual({ runId, dueBy: '2026-11-30T07:00:00.000Z', considered: 4, drafted: 4, needsFix: 0, skipped: { suppressed: 0, notDue: 0, openDraft: 0, otherRep: 0, snoozed: 0, held: 0 } });
    expect(runId).toBe('crisis-update@20261130T0700Z');

    const mail = ledger.drafts.get(draftIdOf(runId, 'c-mail'))!;
    expect(mail).toMatchObject({
      campaignId: 'crisis-update',
      runId,
      contactId: 'c-mail',
      repId: 'rep-1',
      channel: 'email',
      kind: 'email',
      locale: 'de-DE',
      status: 'pending_approval',
      missing: [],
      createdAt: '2026-11-30T07:00:05.000Z',
      expiresAt: '2026-12-07T07:00:05.000Z',
      version: 1,
    });
    expect(mail.content.subject).toContain('Ein kurzes Update');
    expect(mail.content.html).toContain('Sehr geehrte Frau Müller,');
    expect(mail.content.text).toContain('Sehr geehrte Frau Müller,');

    const letter = ledger.drafts.get(draftIdOf(runId, 'c-letter'))!;
    expect(letter.kind).toBe('letter');
    expect(letter.content).toMatchObject({ subject: 'Ein kurzes Update zur aktuellen Lage', salutation: 'Sehr geehrte Frau Müller,', closing: 'Mit freundlichen Grüßen' });

    const visit = ledger.drafts.get(draftIdOf(runId, 'c-visit'))!;
    expect(visit.kind).toBe('task');
    expect(visit.content.text).toMatch(/^Frau Müller besuchen, letzter Kontakt vor 93 Tagen/);
    const call = ledger.drafts.get(draftIdOf(runId, 'c-call'))!;
    expect(call).toMatchObject({ kind: 'task', repId: 'rep-2' });
    expect(call.content.text).toMatch(/^Frau Müller anrufen/);

    expect(ledger.drafts.has(draftIdOf(runId, 'c-later'))).toBe(false);
    expect(ledger.calls.listContactsByRep.every((c) => c.dueBy === RUN_AT.toISOString())).toBe(true);
  });

  it('copies the campaign\'s send window onto its email drafts only, and none without a window', async () => {
    await addContact({ id: 'c-mail', channel: 'email' });
    await addContact({ id: 'c-letter', channel: 'letter' });
    const sendWindow = sendWindowSchema.parse({ from: '09:00', to: '16:00', closedOn: ['12-24'] });
    campaign = { ...campaign, sendWindow };
    await run();
    const runId = runIdOf('crisis-update', RUN_AT);
    expect(ledger.drafts.get(draftIdOf(runId, 'c-mail'))!.sendWindow).toEqual({ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '16:00', skipHolidays: true, closedOn: ['12-24'] });
    expect(ledger.drafts.get(draftIdOf(runId, 'c-letter'))!.sendWindow).toBeUndefined();

    campaign = { ...campaign, sendWindow: undefined };
    await addContact({ id: 'c-mail-2', channel: 'email' });
    await run({ runAt: new Date('2026-12-07T07:00:00Z') });
    expect(ledger.drafts.get(draftIdOf(runIdOf('crisis-update', new Date('2026-12-07T07:00:00Z')), 'c-mail-2'))!.sendWindow).toBeUndefined();
  });

  it('while a rep is away with a deputy, the deputy writes the rep\'s drafts with the stand-in line; with --hold nothing is drafted until the rep is back', async () => {
    // RUN_AT is Monday 30 November 2026, 07:00 UTC
    const setAway = async (away: NonNullable<ReturnType<typeof repOf>['away']>) => {
      const rep = (await ledger.getRep('rep-1'))!;
      await ledger.putRep({ ...rep, away }, rep.version);
    };
    await setAway({ from: '2026-11-30', until: '2026-12-11', deputy: 'rep-2', hold: false });
    await addContact({ id: 'c-mail', channel: 'email' });
    await addContact({ id: 'c-letter', channel: 'letter' });
    await addContact({ id: 'c-own', channel: 'email', repId: 'rep-2' });
    const result = await run();
    const runId = runIdOf('crisis-update', RUN_AT);
    expect(result).toMatchObject({ drafted: 3, skipped: { held: 0 }, standIns: [{ repId: 'rep-1', deputyId: 'rep-2', until: '2026-12-11' }] });
    const mail = ledger.drafts.get(draftIdOf(runId, 'c-mail'))!;
    expect(mail).toMatchObject({ repId: 'rep-1', deputyId: 'rep-2' });
    expect(mail.content.text).toContain('Jan Weber ist bis einschließlich 11. Dezember 2026 nicht im Haus; in dieser Zeit bin ich für Sie da.');
    expect(mail.content.html).toContain('<p style="margin:0 0 16px;">Jan Weber ist bis einschließlich 11. Dezember 2026 nicht im Haus; in dieser Zeit bin ich für Sie da.</p>');
    // signed by the deputy
    expect(mail.content.text).toMatch(/Mit freundlichen Grüßen\nEva Schmidt/);
    expect(ledger.drafts.get(draftIdOf(runId, 'c-letter'))!.content.text).toMatch(/^Jan Weber ist bis einschließlich 11\. Dezember 2026 nicht im Haus/);
    // the deputy's own customer: no stand-in line
    const own = ledger.drafts.get(draftIdOf(runId, 'c-own'))!;
    expect(own.deputyId).toBeUndefined();
    expect(own.content.text).not.toContain('nicht im Haus');

    // held: nothing drafted, counted, until the day after `until`
    await setAway({ from: '2026-12-01', until: '2026-12-11', hold: true });
    await addContact({ id: 'c-held', channel: 'email' });
    const held = await run({ runAt: new Date('2026-12-07T07:00:00Z') });
    expect(held).toMatchObject({ drafted: 0, skipped: { held: 1 }, heldReps: [{ repId: 'rep-1', until: '2026-12-11', contacts: 1 }] });
    const lastDay = await run({ runAt: new Date('2026-12-11T07:00:00Z') });
    expect(lastDay.skipped.held).toBe(1);
    const back = await run({ runAt: new Date('2026-12-14T07:00:00Z') });
    expect(back).toMatchObject({ drafted: 1, skipped: { held: 0 } });
    expect(back.heldReps).toBeUndefined();
    expect(ledger.drafts.get(draftIdOf(runIdOf('crisis-update', new Date('2026-12-14T07:00:00Z')), 'c-held'))!.deputyId).toBeUndefined();
  });

  it('is idempotent: running the same slot again drafts nothing new', async () => {
    await addContact({ id: 'c-1' });
    await addContact({ id: 'c-2', formal: false, firstName: '' });
    const first = await run();
    expect(first).toMatchObject({ drafted: 1, needsFix: 1 });
    const stored = structuredClone([...ledger.drafts.values()]);

    clock.advance(60_000);
    const second = await run();
    expect(second).toEqual({ runId: first.runId, dueBy: '2026-11-30T07:00:00.000Z', considered: 2, drafted: 0, needsFix: 0, skipped: { suppressed: 0, notDue: 0, openDraft: 2, otherRep: 0, snoozed: 0, held: 0 } });
    expect([...ledger.drafts.values()]).toEqual(stored);
  });

  it('does not redraft a contact whose draft of this run was already decided', async () => {
    await addContact({ id: 'c-1' });
    const first = await run();
    await ledger.updateDraft(draftIdOf(first.runId, 'c-1'), { set: { status: 'rejected' } });
    const again = await run();
    expect(again.skipped.openDraft).toBe(1);
    expect(ledger.drafts.get(draftIdOf(first.runId, 'c-1'))!.status).toBe('rejected');
  });

  it('a duplicate scheduler event for the same slot creates no duplicate drafts', async () => {
    for (let i = 0; i < 5; i++) await addContact({ id: `c-${i}` });
    const [a, b] = await Promise.all([run(), run()]);
    expect(a.runId).toBe(b.runId);
    expect(ledger.drafts.size).toBe(5);
    expect(new Set([...ledger.drafts.values()].map((d) => d.contactId)).size).toBe(5);
    // a later replay of the event finds them all
    expect((await run()).skipped.openDraft).toBe(5);
  });

  it('another slot of the same campaign skips contacts whose draft is still open', async () => {
    await addContact({ id: 'c-1' });
    await run();
    const next = await run({ runAt: new Date('2026-12-07T07:00:00Z') });
    expect(next).toMatchObject({ runId: 'crisis-update@20261207T0700Z', drafted: 0, skipped: { openDraft: 1 } });
  });

  it('skips contacts with an open draft of another campaign, not those whose drafts are closed', async () => {
    await addContact({ id: 'c-open' });
    await addContact({ id: 'c-closed' });
    const other = runIdOf('price-update', new Date('2026-11-20T08:00:00Z'));
    const base = { campaignId: 'price-update', runId: other, repId: 'rep-1', channel: 'email' as const, kind: 'email' as const, locale: 'de-DE', content: { subject: 's', html: '', text: 't' }, missing: [], createdAt: DUE, updatedAt: DUE, expiresAt: LATER, version: 1 };
    await ledger.putDrafts([
      { ...base, id: draftIdOf(other, 'c-open'), contactId: 'c-open', status: 'pending_approval' },
      { ...base, id: draftIdOf(other, 'c-closed'), contactId: 'c-closed', status: 'sent' },
    ]);
    const result = await run();
    expect(result).toMatchObject({ drafted: 1, skipped: { openDraft: 1 } });
    expect(ledger.drafts.has(draftIdOf(result.runId, 'c-closed'))).toBe(true);
    expect(ledger.drafts.has(draftIdOf(result.runId, 'c-open'))).toBe(false);
  });

  it.each([
    ['read whole (a short list)', {}],
    ['looked up page by page (a list longer than suppressionListMax)', { suppressionListMax: 0 }],
  ])('skips suppressed, opted-out and non-consenting contacts, the suppression list %s', async (_, options: Partial<PlanCampaignInput>) => {
    await addContact({ id: 'c-bounced', email: 'Bounced@Example.com' });
    await addContact({ id: 'c-out', optedOut: true, channel: 'letter' });
    await addContact({ id: 'c-no-mail', consent: { email: false, letter: true, call: true, visit: true } });
    await addContact({ id: 'c-fine', email: 'fine@example.com' });
    // the suppression list holds addresses: a letter to a bounced address still goes
    await addContact({ id: 'c-letter', channel: 'letter', email: 'bounced@example.com' });
    await ledger.suppress({ emailHash: hashEmail('bounced@example.com'), reason: 'bounce', at: DUE });

    const result = await run(options);
    expect(result).toMatchObject({ drafted: 2, skipped: { suppressed: 3, notDue: 0, openDraft: 0 } });
    expect([...ledger.drafts.values()].map((d) => d.contactId).sort()).toEqual(['c-fine', 'c-letter']);
    // a short list is read once instead of looking up the due addresses
    expect(ledger.calls.suppressedAmong).toBe(options.suppressionListMax === 0 ? 1 : 0);
  });

  it('follows every page of due contacts', async () => {
    for (let i = 0; i < 7; i++) await addContact({ id: `c-${i}`, nextDueAt: `2026-11-0${i + 1}T00:00:00.000Z` });
    await addContact({ id: 'c-late', nextDueAt: LATER });
    // a suppression list longer than the planner reads whole: the due addresses are looked up once per page
    await ledger.suppress({ emailHash: hashEmail('someone-else@example.com'), reason: 'complaint', at: DUE });
    const result = await run({ pageSize: 3, suppressionListMax: 0 });
    expect(result.drafted).toBe(7);
    const reads = ledger.calls.listContactsByRep.filter((c) => c.repId === 'rep-1');
    expect(reads).toHaveLength(3); // 3 + 3 + 1
    expect(reads.every((r) => r.limit === 3)).toBe(true);
    // written in the background while the next page is read: every draft once, in one or more batches
    expect(ledger.calls.putDrafts.reduce((a, b) => a + b, 0)).toBe(7);
    expect(ledger.calls.suppressedAmong).toBe(3);
  });

  it('applies the audience: channels, tags, reps and silentForDays (counted as notDue)', async () => {
    await addContact({ id: 'c-mail', tags: ['key-account'] });
    await addContact({ id: 'c-call', channel: 'call', tags: ['key-account'] });
    await addContact({ id: 'c-untagged' });
    await addContact({ id: 'c-recent', tags: ['key-account'], lastTouchAt: '2026-11-20T00:00:00.000Z' });
    await addContact({ id: 'c-never', tags: ['key-account'], lastTouchAt: undefined });
    await addContact({ id: 'c-rep2', repId: 'rep-2', tags: ['key-account'] });
    const narrowed: Campaign = {
      ...campaign,
      audience: { channels: ['email', 'letter'], tags: ['key-account'], reps: ['rep-1'], silentForDays: 30 },
    };
    const result = await planCampaign(deps, { campaign: narrowed, runAt: RUN_AT });
    expect(result).toMatchObject({ drafted: 2, skipped: { notDue: 3, suppressed: 0, openDraft: 0 } });
    expect([...ledger.drafts.values()].map((d) => d.contactId).sort()).toEqual(['c-mail', 'c-never']);
    // rep-2 is outside the campaign: its contacts are not even read
    expect(ledger.calls.listContactsByRep.some((c) => c.repId === 'rep-2')).toBe(false);
  });

  it('passes snoozed contacts by (counted as snoozed) and drafts them from the moment the snooze ends', async () => {
    const snooze = (until: string, campaignId?: string) => ({ until, reason: 'manual', at: '2026-11-20T00:00:00.000Z', ...(campaignId ? { campaignId } : {}) });
    await addContact({ id: 'c-snoozed', snooze: snooze('2026-12-01T00:00:00.000Z') });
    await addContact({ id: 'c-this-campaign', snooze: snooze('2026-12-01T00:00:00.000Z', 'crisis-update') });
    await addContact({ id: 'c-other-campaign', snooze: snooze('2026-12-01T00:00:00.000Z', 'newsletter') });
    await addContact({ id: 'c-ended', snooze: snooze('2026-11-29T00:00:00.000Z') });
    // ends at the very moment the run looks up to: due again
    await addContact({ id: 'c-ends-now', snooze: snooze(RUN_AT.toISOString()) });
    await addContact({ id: 'c-plain' });

    const result = await run();
    expect(result).toMatchObject({ considered: 6, drafted: 4, skipped: { snoozed: 2, notDue: 0, suppressed: 0, openDraft: 0, otherRep: 0 } });
    expect([...ledger.drafts.values()].map((d) => d.contactId).sort()).toEqual(['c-ended', 'c-ends-now', 'c-other-campaign', 'c-plain']);
    expect(logger.entries.find((e) => e.message === 'campaign run planned')?.data).toMatchObject({ snoozed: 2 });

    // the first run after the snooze has ended drafts them
    const later = new Date('2026-12-01T07:00:00Z');
    const after = await run({ runAt: later });
    expect(after).toMatchObject({ drafted: 2, skipped: { snoozed: 0, held: 0 } });
    expect([...ledger.drafts.values()].filter((d) => d.runId === after.runId).map((d) => d.contactId).sort()).toEqual(['c-snoozed', 'c-this-campaign']);
  });

  it('restricts to the reps asked for', async () => {
    await addContact({ id: 'c-1' });
    await addContact({ id: 'c-2', repId: 'rep-2' });
    const result = await run({ reps: ['rep-2'] });
    expect(result.drafted).toBe(1);
    expect([...ledger.drafts.values()][0]!.repId).toBe('rep-2');
  });

  it('writes a needs_fix draft naming the missing fields', async () => {
    await addContact({ id: 'c-du', formal: false, firstName: '' });
    await addContact({ id: 'c-noaddr', channel: 'letter', address: { street: '', postalCode: '', city: '', country: '' } });
    const result = await run();
    expect(result).toMatchObject({ drafted: 0, needsFix: 2 });
    expect(ledger.drafts.get(draftIdOf(result.runId, 'c-du'))).toMatchObject({ status: 'needs_fix', missing: ['firstName'] });
    expect(ledger.drafts.get(draftIdOf(result.runId, 'c-noaddr'))).toMatchObject({
      status: 'needs_fix',
      missing: ['address.street', 'address.postalCode', 'address.city'],
    });
  });

  it('plans nothing while paused, and says so', async () => {
    await addContact({ id: 'c-1' });
    ledger.paused = true;
    const result = await run();
    expect(result).toEqual({ runId: 'crisis-update@20261130T0700Z', dueBy: '2026-11-30T07:00:00.000Z', considered: 0, drafted: 0, needsFix: 0, skipped: { suppressed: 0, notDue: 0, openDraft: 0, otherRep: 0, snoozed: 0, held: 0 }, paused: true });
    expect(ledger.drafts.size).toBe(0);
    expect(ledger.calls.listReps).toBe(0);
    expect(logger.entries.some((e) => e.level === 'warn' && /paused/.test(e.message))).toBe(true);
  });

  it('holds readers back while too many drafts wait to be written', async () => {
    for (let i = 0; i < 6000; i++) await addContact({ id: `c-${String(i).padStart(4, '0')}` });
    const written = { count: 0 };
    let read = 0;
    let maxAhead = 0;
    const slow = new (class extends CountingLedger {
      override async listContactsByRep(repId: string, opts: { dueBy?: string; cursor?: string; limit?: number } = {}) {
        const page = await super.listContactsByRep(repId, opts);
        read += page.items.length;
        maxAhead = Math.max(maxAhead, read - written.count);
        return page;
      }
      override async putDrafts(drafts: Parameters<MemoryLedger['putDrafts']>[0]) {
        await new Promise((r) => setTimeout(r, 20));
        await super.putDrafts(drafts);
        written.count += drafts.length;
      }
    })();
    for (const [id, c] of ledger.contacts) slow.contacts.set(id, c);
    for (const [id, r] of ledger.reps) slow.reps.set(id, r);
    const result = await planCampaign({ ...deps, ledger: slow }, { campaign, runAt: RUN_AT, pageSize: 300 });
    expect(result.drafted).toBe(6000);
    expect(slow.drafts.size).toBe(6000);
    // read but not yet stored: at most the high-water mark (2 000), the batch being written (up to 1 000) and the
    // pages in hand, never the whole rep
    expect(maxAhead).toBeLessThanOrEqual(2_000 + 1_000 + 2 * 300);
  });

  it('reports a failed write instead of losing it', async () => {
    for (let i = 0; i < 4; i++) await addContact({ id: `c-${i}` });
    ledger.failPutDrafts = true;
    await expect(run({ pageSize: 2 })).rejects.toThrow('write failed');
  });

  it('stops before writing anything when the templates are broken', async () => {
    await addContact({ id: 'c-1' });
    const broken: Campaign = { ...campaign, templates: { ...campaign.templates, folder: 'no-such-folder' } };
    await expect(planCampaign(deps, { campaign: broken, runAt: RUN_AT })).rejects.toThrow(/templates not usable/);
    expect(ledger.drafts.size).toBe(0);
  });

  it('logs counts, never personal data', async () => {
    await addContact({ id: 'c-1' });
    await run();
    const logged = JSON.stringify(logger.entries);
    expect(logged).toContain('"drafted":1');
    expect(logged).not.toMatch(/Müller|anna\.mueller|example\.com/);
  });
});
