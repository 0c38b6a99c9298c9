import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseInboundMail } from '../../../functions/adapters/mail/parse-inbound-mail';
import { FixedClock } from '../../../functions/adapters/memory/fixed-clock';
import { MemoryLedger } from '../../../functions/adapters/memory/memory-ledger';
import { MemoryMailer } from '../../../functions/adapters/memory/memory-mailer';
import { defaultConfig } from '../../../functions/core/config';
import { MailerError } from '../../../functions/core/errors';
import { logAddressOf, parseInboundAddress, replyAddressOf } from '../../../functions/core/inbound/inbound-addresses';
import { nextBusinessDay, receiveMail, type ReceiveMailDeps } from '../../../functions/core/inbound/receive-mail';
import type { Draft } from '../../../functions/core/model';
import { formatMailbox } from '../../../functions/core/sending/mail-headers';
import { silentLogger } from '../../../functions/core/ports';
import { aContact, aDraft, aRep } from '../../support/factories';
import { rawMail } from '../../support/raw-mail';

const KEY = Buffer.alloc(32, 9);
const DOMAIN = 'in.presence.example';
const sample = (name: string) => readFileSync(new URL(`../../../samples/inbound/${name}`, import.meta.url));

async function aWorld(now = '2027-01-12T09:30:00.000Z') {
  const ledger = new MemoryLedger();
  const mailer = new MemoryMailer();
  const clock = new FixedClock(now);
  await ledger.putRep(aRep({ id: 'rep-1', name: 'Petra Schneider', email: 'petra.schneider@presence.example' }));
  await ledger.putRep(aRep({ id: 'rep-2', name: 'Emily Carter', email: 'emily.carter@presence.example', locale: 'en-GB' }));
  await ledger.putContact(aContact({ id: 'c-1', email: 'anna.mueller@mueller-praezision.example', repId: 'rep-1' }));
  await ledger.putContact(aContact({ id: 'c-2', firstName: 'Klaus', lastName: 'Weißenberger', email: 'k.weissenberger@weissenberger.example', repId: 'rep-1' }));
  // the same address at another rep's customer: never touched by rep-1's own mail
  await ledger.putContact(aContact({ id: 'c-3', email: 'k.weissenberger@weissenberger.example', repId: 'rep-2' }));
  const sent = aDraft({ contactId: 'c-1', status: 'sent', runAt: '2027-01-11T08:00:00Z', sentAt: '2027-01-11T08:12:00.000Z' });
  const pending = aDraft({ contactId: 'c-1', status: 'pending_approval', campaignId: 'spring-news', runAt: '2027-01-12T08:00:00Z' });
  await ledger.putDrafts([sent, pending]);
  const deps: ReceiveMailDeps = {
    ledger,
    mailer,
    clock,
    logger: silentLogger,
    secrets: { signingKey: async () => KEY },
    config: { ...defaultConfig, receivingDomain: DOMAIN, configurationSet: 'presence' },
  };
  const replyTo = replyAddressOf(KEY, DOMAIN, sent)!;
  return { ledger, mailer, clock, deps, sent, pending, replyTo };
}

async function deliver(deps: ReceiveMailDeps, raw: Buffer, to: string, verdicts = { spf: 'PASS', dkim: 'PASS' }) {
  return receiveMail(deps, { mail: await parseInboundMail(raw), recipients: [to], verdicts });
}

describe('inbound addresses', () => {
  it('reads back what it signed, case-insensitively, and refuses a changed one', () => {
    const draft = aDraft({ contactId: 'K-10001' });
    const reply = replyAddressOf(KEY, DOMAIN, draft)!;
    expect(reply).toMatch(/^r-[0-9a-f]+-[0-9a-f]{12}@in\.presence\.example$/);
    expect(reply.split('@')[0]!.length).toBeLessThanOrEqual(64);
    expect(parseInboundAddress(KEY, DOMAIN, reply.toUpperCase())).toMatchObject({ kind: 'reply', contactId: 'K-10001' });
    const log = logAddressOf(KEY, DOMAIN, 'rep-1')!;
    expect(parseInboundAddress(KEY, DOMAIN, log)).toMatchObject({ kind: 'log', repId: 'rep-1' });
    // one digit of the mac changed, another key, another domain
    const tampered = log.replace(/([0-9a-f])@/, (_, d: string) => `${d === '0' ? '1' : '0'}@`);
    expect(parseInboundAddress(KEY, DOMAIN, tampered)).toBeUndefined();
    expect(parseInboundAddress(Buffer.alloc(32, 1), DOMAIN, log)).toBeUndefined();
    expect(parseInboundAddress(KEY, 'in.other.example', log)).toBeUndefined();
  });

  it('gives no address to an id too long for a local part', () => {
    expect(replyAddressOf(KEY, DOMAIN, aDraft({ contactId: 'c'.repeat(30) }))).toBeUndefined();
    expect(replyAddressOf(KEY, DOMAIN, aDraft({ contactId: 'c'.repeat(24) }))).toBeDefined();
  });
});

describe('receiveMail: a customer replies', () => {
  it('records the reply, withdraws the next draft, forwards it to the rep and keeps it for the digest', async () => {
    const w = await aWorld();
    const outcome = await deliver(w.deps, sample('reply-de-outlook.eml'), w.replyTo);

    expect(outcome).toMatchObject({ result: 'recorded', kind: 'human-reply', touches: 1, withdrawn: 1, forwarded: true });
    const touches = await w.ledger.listTouches('c-1');
    expect(touches).toEqual([expect.objectContaining({ source: 'reply', channel: 'email', repId: 'rep-1', draftId: w.sent.id, at: '2027-01-12T09:30:00.000Z' })]);
    expect((await w.ledger.getContact('c-1'))?.lastTouchAt).toBe('2027-01-12T09:30:00.000Z');
    expect(await w.ledger.getDraft(w.pending.id)).toMatchObject({ status: 'withdrawn', withdrawnReason: 'replied' });

    expect(w.mailer.sent).toHaveLength(1);
    const forward = w.mailer.sent[0]!;
    expect(forward.to).toEqual(['petra.schneider@presence.example']);
    expect(forward.from).toContain('<updates@presence.example>');
    expect(forward.from).toBe(formatMailbox('Anna Müller über presence', 'updates@presence.example'));
    expect(forward.replyTo).toEqual([formatMailbox('Anna Müller', 'anna.mueller@mueller-praezision.example')]);
    expect(forward.subject).toBe('AW: Neuigkeiten zur Lieferlage');
    expect(forward.text).toContain('Wir brauchen die Teile ab KW 4.');
    expect(forward.html).toBeUndefined();

    const inbox = await w.ledger.listUnshownInbox('rep-1');
    expect(inbox).toEqual([expect.objectContaining({ kind: 'reply', contactId: 'c-1', draftId: w.sent.id })]);
    expect(inbox[0]!.excerpt).toContain('Können Sie mich am Donnerstag anrufen?');
    expect(inbox[0]!.excerpt).not.toContain('Von:');
  });

  it('changes nothing when the same mail comes a second time', async () => {
    const w = await aWorld();
    await deliver(w.deps, sample('reply-en-gmail.eml'), w.replyTo);
    w.clock.advance(60_000);
    const again = await deliver(w.deps, sample('reply-en-gmail.eml'), w.replyTo);

    expect(again).toMatchObject({ result: 'duplicate', touches: 0, forwarded: false });
    expect(await w.ledger.listTouches('c-1')).toHaveLength(1);
    expect(w.mailer.sent).toHaveLength(1);
  });

  it('forwards on the next delivery when forwarding failed, and records the touch once', async () => {
    const w = await aWorld();
    w.mailer.failNext.push(new MailerError('Service Unavailable', 'transient'));
    await expect(deliver(w.deps, sample('reply-de-apple.eml'), w.replyTo)).rejects.toThrow(MailerError);
    expect(await w.ledger.listTouches('c-1')).toHaveLength(1);

    const retried = await deliver(w.deps, sample('reply-de-apple.eml'), w.replyTo);
    expect(retried).toMatchObject({ result: 'duplicate', forwarded: true });
    expect(w.mailer.sent).toHaveLength(1);
    expect(await w.ledger.listTouches('c-1')).toHaveLength(1);
  });

  it('leaves a draft that is being sent alone', async () => {
    const w = await aWorld();
    await w.ledger.updateDraft(w.pending.id, { set: { status: 'sending' } });
    const outcome = await deliver(w.deps, sample('reply-de-outlook.eml'), w.replyTo);
    expect(outcome.withdrawn).toBe(0);
    expect((await w.ledger.getDraft(w.pending.id))?.status).toBe('sending');
  });

  it('drops mail to a made-up, changed or foreign address and without a receiving domain, changing nothing', async () => {
    const w = await aWorld();
    const otherDraft = replyAddressOf(KEY, DOMAIN, { id: 'crisis-update@20270101T0800Z~c-1', contactId: 'c-1' })!;
    const cases: Array<[string, string]> = [
      [otherDraft, 'tampered-address'],
      [w.replyTo.replace(/^r-[0-9a-f]+/, 'r-' + Buffer.from('c-2').toString('hex')), 'tampered-address'],
      [`r-${Buffer.from('nobody').toString('hex')}-0123456789ab@${DOMAIN}`, 'unknown-contact'],
      ['petra.schneider@presence.example', 'unknown-address'],
      [w.replyTo.replace(DOMAIN, 'in.elsewhere.example'), 'unknown-address'],
    ];
    for (const [to, reason] of cases) {
      expect(await deliver(w.deps, sample('reply-de-outlook.eml'), to)).toMatchObject({ result: 'dropped', reason });
    }
    const noDomain = { ...w.deps, config: { ...w.deps.config, receivingDomain: undefined } };
    expect(await deliver(noDomain, sample('reply-de-outlook.eml'), w.replyTo)).toMatchObject({ result: 'dropped', reason: 'no-receiving-domain' });
    expect(await w.ledger.listTouches('c-1')).toHaveLength(0);
    expect(w.mailer.sent).toHaveLength(0);
    expect((await w.ledger.getDraft(w.pending.id))?.status).toBe('pending_approval');
  });

  it('ignores delivery reports, unreadable mail and automatic mail that is no absence', async () => {
    const w = await aWorld();
    const bulk = rawMail({ headers: { Precedence: 'bulk', 'Message-ID': '<newsletter-1@example>' } });
    const huge = rawMail({ body: 'x'.repeat(11 * 1024 * 1024) });
    expect(await deliver(w.deps, sample('report-delivery.eml'), w.replyTo)).toMatchObject({ result: 'ignored', kind: 'delivery-report' });
    expect(await deliver(w.deps, huge, w.replyTo)).toMatchObject({ result: 'ignored', kind: 'unreadable', reason: 'too-large' });
    expect(await deliver(w.deps, bulk, w.replyTo)).toMatchObject({ result: 'ignored', kind: 'auto-reply' });
    expect(await w.ledger.listTouches('c-1')).toHaveLength(0);
    expect((await w.ledger.getDraft(w.pending.id))?.status).toBe('pending_approval');
    expect(w.mailer.sent).toHaveLength(0);
  });
});

describe('receiveMail: an absence notice', () => {
  it('snoozes the contact until one business day after the return date and holds its drafts', async () => {
    const w = await aWorld('2027-01-04T06:50:00.000Z');
    const outcome = await deliver(w.deps, sample('auto-de-abwesenheitsnotiz.eml'), w.replyTo);

    // back on Wednesday 13 January: presence writes again on Thursday
    expect(outcome).toMatchObject({ result: 'snoozed', kind: 'auto-reply', reason: 'return-date', withdrawn: 1 });
    const contact = await w.ledger.getContact('c-1');
    expect(contact?.snooze).toMatchObject({ reason: 'away', by: 'inbound', until: '2027-01-13T23:00:00.000Z' });
    expect(await w.ledger.getDraft(w.pending.id)).toMatchObject({ status: 'withdrawn', withdrawnReason: 'away' });
    expect(await w.ledger.listTouches('c-1')).toHaveLength(0);
    expect(w.mailer.sent).toHaveLength(0);
    expect(await w.ledger.listUnshownInbox('rep-1')).toEqual([expect.objectContaining({ kind: 'away', until: '2027-01-14' })]);
  });

  it('snoozes for the configured days when the notice gives no date, and keeps a longer snooze set by hand', async () => {
    const w = await aWorld('2027-01-04T06:50:00.000Z');
    const noDate = rawMail({ headers: { Subject: 'Abwesenheitsnotiz: Update', 'Auto-Submitted': 'auto-replied' }, body: 'Ich bin nicht im Büro.\r\n' });
    expect(await deliver(w.deps, noDate, w.replyTo)).toMatchObject({ result: 'snoozed', reason: 'default-days' });
    expect((await w.ledger.getContact('c-1'))?.snooze?.until).toBe('2027-01-10T23:00:00.000Z');

    const c = (await w.ledger.getContact('c-1'))!;
    await w.ledger.putContact({ ...c, snooze: { until: '2027-03-01T00:00:00.000Z', reason: 'manual', at: '2027-01-04T06:55:00.000Z' } }, c.version);
    await deliver(w.deps, sample('auto-de-abwesenheitsnotiz.eml'), w.replyTo);
    expect((await w.ledger.getContact('c-1'))?.snooze).toMatchObject({ reason: 'manual', until: '2027-03-01T00:00:00.000Z' });
  });

  it('counts a weekend return as back on Monday', () => {
    expect(nextBusinessDay('2027-01-08')).toBe('2027-01-11'); // Friday -> Monday
    expect(nextBusinessDay('2027-01-12')).toBe('2027-01-13');
  });
});

describe('receiveMail: the rep’s own mail through the logging address', () => {
  const logAddress = () => logAddressOf(KEY, DOMAIN, 'rep-1')!;

  it('records a touch for each of the rep’s contacts in To and Cc, once', async () => {
    const w = await aWorld('2027-01-13T15:00:00.000Z');
    const outcome = await deliver(w.deps, sample('own-mail-rep.eml'), logAddress());

    expect(outcome).toMatchObject({ result: 'recorded', kind: 'own-mail', touches: 2 });
    for (const id of ['c-1', 'c-2']) {
      expect(await w.ledger.listTouches(id)).toEqual([expect.objectContaining({ source: 'own-mail', channel: 'email', repId: 'rep-1', at: '2027-01-13T14:30:00.000Z' })]);
    }
    expect(await w.ledger.listTouches('c-3')).toEqual([]);
    expect((await w.ledger.getDraft(w.pending.id))?.status).toBe('pending_approval');
    expect(w.mailer.sent).toHaveLength(0);

    expect(await deliver(w.deps, sample('own-mail-rep.eml'), logAddress())).toMatchObject({ result: 'duplicate', touches: 0 });
    expect(await w.ledger.listTouches('c-1')).toHaveLength(1);
  });

  it('records nothing for a mail not from the rep, or one SES could not authenticate', async () => {
    const w = await aWorld('2027-01-13T15:00:00.000Z');
    expect(await deliver(w.deps, sample('own-mail-forged.eml'), logAddress())).toMatchObject({ result: 'dropped', reason: 'not-from-rep' });
    expect(await deliver(w.deps, sample('own-mail-rep.eml'), logAddress(), { spf: 'FAIL', dkim: 'FAIL' })).toMatchObject({
      result: 'dropped',
      reason: 'unauthenticated',
    });
    expect(await deliver(w.deps, sample('own-mail-rep.eml'), logAddress(), { spf: 'GRAY', dkim: 'GRAY' })).toMatchObject({ result: 'dropped' });
    expect(await w.ledger.listTouches('c-1')).toHaveLength(0);
    expect(await w.ledger.listTouches('c-2')).toHaveLength(0);
  });
});

describe('the drafts and digests that point at the inbound path', () => {
  it('an update sent with a receiving domain has the signed Reply-To under the rep’s name', async () => {
    const { aWorld: sendingWorld } = await import('../sending/sending-fixtures');
    const s = await sendingWorld({ receivingDomain: DOMAIN });
    const draft: Draft = await s.approvedDraft();
    const { sendDraft } = await import('../../../functions/core/sending/send-draft');
    await sendDraft(s.deps, draft.id);
    const replyTo = s.mailer.sent[0]!.replyTo![0]!;
    const address = /^"Petra Schneider" <(.+)>$/.exec(replyTo)![1]!;
    const key = await s.deps.secrets.signingKey();
    expect(parseInboundAddress(key, DOMAIN, address)).toMatchObject({ kind: 'reply', contactId: draft.contactId });
    expect(address).toBe(replyAddressOf(key, DOMAIN, draft));
  });
});
