import { describe, expect, it } from 'vitest';
import { throttled } from '../../../functions/adapters/memory/memory-mailer';
import { DraftConflict, MailerError } from '../../../functions/core/errors';
import { hashEmail } from '../../../functions/core/ids';
import type { TouchRecord } from '../../../functions/core/ports';
import { sendApproved } from '../../../functions/core/sending/send-approved';
import { sendDraft, sendTouchId, worthRetrying } from '../../../functions/core/sending/send-draft';
import { sweepClaims } from '../../../functions/core/sending/sweep-claims';
import { verifyUnsubscribeToken } from '../../../functions/core/sending/unsubscribe-token';
import { aWorld, SIGNING_KEY } from './sending-fixtures';

describe('sendDraft', () => {
  it('sends an approved draft as the rep and records one touch in the same step as the draft closes', async () => {
    const w = await aWorld();
    const draft = await w.approvedDraft();

    const outcome = await sendDraft(w.deps, draft.id);

    expect(outcome).toMatchObject({ result: 'sent', messageId: 'mem-1' });
    expect(w.mailer.sent).toHaveLength(1);
    const mail = w.mailer.sent[0]!;
    expect(mail.from).toBe('"Petra Schneider" <updates@presence.example>');
    expect(mail.replyTo).toEqual(['"Petra Schneider" <petra.schneider@example.com>']);
    expect(mail.to).toEqual(['c-1@customer.example']);
    expect(mail.subject).toBe('Kurzes Update');
    expect(mail.configurationSet).toBe('presence');
    const header = (name: string) => mail.headers?.find((h) => h.name === name)?.value;
    expect(header('List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    const url = /^<(https:\/\/u\.presence\.example\/u\/([^>]+))>$/.exec(header('List-Unsubscribe') ?? '');
    expect(url).not.toBeNull();
    expect(verifyUnsubscribeToken(SIGNING_KEY, decodeURIComponent(url![2]!))).toEqual({ contactId: 'c-1', emailHash: hashEmail('c-1@customer.example') });

    const stored = await w.ledger.getDraft(draft.id);
    expect(stored).toMatchObject({ status: 'sent', messageId: 'mem-1', sentAt: '2026-11-27T09:00:00.000Z' });
    const touches = await w.ledger.listTouches('c-1');
    expect(touches).toEqual([
      expect.objectContaining({ id: sendTouchId(draft.id), channel: 'email', source: 'send', messageId: 'mem-1', draftId: draft.id, repId: 'rep-1' }),
    ]);
    const contact = await w.ledger.getContact('c-1');
    expect(contact).toMatchObject({ lastTouchAt: '2026-11-27T09:00:00.000Z', lastTouchChannel: 'email', nextDueAt: '2026-12-27T09:00:00.000Z' });
  });

  it('sends from the rep’s own address when configured', async () => {
    const w = await aWorld({ sendAsRepAddress: true });
    const draft = await w.approvedDraft();
    await sendDraft(w.deps, draft.id);
    expect(w.mailer.sent[0]!.from).toBe('"Petra Schneider" <petra.schneider@example.com>');
  });

  it('retries throttling with growing, jittered waits and sends one mail', async () => {
    const w = await aWorld();
    const draft = await w.approvedDraft();
    w.mailer.failNext.push(throttled(), throttled(), throttled(), new MailerError('Service Unavailable', 'transient'));

    const outcome = await sendDraft(w.deps, draft.id);

    expect(outcome.result).toBe('sent');
    expect(w.mailer.sent).toHaveLength(1);
    // full jitter with random() = 0.5: half of 100, 200, 400, 800 ms
    expect(w.sleeps).toEqual([50, 100, 200, 400]);
    expect((await w.ledger.getDraft(draft.id))!.status).toBe('sent');
  });

  it('gives the draft back to the queue when throttling does not stop', async () => {
    const w = await aWorld();
    const draft = await w.approvedDraft();
    w.deps.retry = { ...w.deps.retry, maxAttempts: 3 };
    w.mailer.failNext.push(throttled(), throttled(), throttled(), throttled());

    const outcome = await sendDraft(w.deps, draft.id);

    expect(outcome).toMatchObject({ result: 'queued', reason: 'retry_exhausted' });
    expect(w.mailer.sent).toHaveLength(0);
    expect(w.mailer.failNext).toHaveLength(1); // three attempts, no more
    expect((await w.ledger.getDraft(draft.id))!.status).toBe('approved');
  });

  it('never sends again when the provider accepted but the ledger write failed; the sweeper flags it', async () => {
    const w = await aWorld();
    const draft = await w.approvedDraft();
    let failures = 0;
    w.ledger.recordTouch = async (_record: TouchRecord) => {
      failures++;
      throw new Error('ProvisionedThroughputExceededException');
    };

    const first = await sendDraft(w.deps, draft.id);
    expect(first).toMatchObject({ result: 'unrecorded', messageId: 'mem-1' });
    expect(failures).toBe(3);
    expect((await w.ledger.getDraft(draft.id))).toMatchObject({ status: 'sending', messageId: 'mem-1' });

    // a retry of the same message, and a batch run, both leave it alone
    expect(await sendDraft(w.deps, draft.id)).toMatchObject({ result: 'skipped' });
    expect((await sendApproved(w.deps)).sent).toBe(0);
    expect(w.mailer.sent).toHaveLength(1);

    // young claims are left to their sender; old ones are flagged for a person, never resent
    expect((await sweepClaims(w.deps, { olderThanMinutes: 15 })).flagged).toEqual([]);
    w.clock.advance(16 * 60_000);
    expect((await sweepClaims(w.deps, { olderThanMinutes: 15 })).flagged).toEqual([draft.id]);
    const flagged = await w.ledger.getDraft(draft.id);
    expect(flagged).toMatchObject({ status: 'possibly_sent', messageId: 'mem-1' });
    expect(flagged!.failure).toMatch(/sent, but the touch could not be recorded/);
    expect((await sendApproved(w.deps)).sent).toBe(0);
    expect(w.mailer.sent).toHaveLength(1);
  });

  it('records the touch when a recording attempt failed once and then worked', async () => {
    const w = await aWorld();
    const draft = await w.approvedDraft();
    const real = w.ledger.recordTouch.bind(w.ledger);
    let calls = 0;
    w.ledger.recordTouch = async (record) => {
      if (++calls === 1) throw new Error('timeout');
      return real(record);
    };
    expect((await sendDraft(w.deps, draft.id)).result).toBe('sent');
    expect(await w.ledger.listTouches('c-1')).toHaveLength(1);
  });

  it('records as sent when the sweeper flagged the draft while the mail was on its way', async () => {
    const w = await aWorld();
    const draft = await w.approvedDraft();
    const realSend = w.mailer.send.bind(w.mailer);
    w.mailer.send = async (mail) => {
      // the send took longer than the claim timeout
      await w.ledger.updateDraft(draft.id, { fromStatuses: ['sending'], set: { status: 'possibly_sent' } });
      return realSend(mail);
    };
    expect((await sendDraft(w.deps, draft.id)).result).toBe('sent');
    expect(await w.ledger.getDraft(draft.id)).toMatchObject({ status: 'sent', messageId: 'mem-1' });
    expect(await w.ledger.listTouches('c-1')).toHaveLength(1);
  });

  it('sends once when the same approval arrives twice', async () => {
    const w = await aWorld();
    const draft = await w.approvedDraft();
    const summary = await sendApproved(w.deps, { draftIds: [draft.id, draft.id] });
    expect(await sendDraft(w.deps, draft.id)).toMatchObject({ result: 'skipped', reason: 'status sent' });
    expect(summary.sent).toBe(1);
    expect(w.mailer.sent).toHaveLength(1);
    expect(await w.ledger.listTouches('c-1')).toHaveLength(1);
  });

  it('sends once with ten concurrent senders', async () => {
    const w = await aWorld();
    const draft = await w.approvedDraft();
    // a slow provider keeps every sender in flight at the same time
    const realSend = w.mailer.send.bind(w.mailer);
    w.mailer.send = async (mail) => {
      await new Promise((r) => setTimeout(r, 5));
      return realSend(mail);
    };
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => sendDraft(w.deps, draft.id)));
    expect(outcomes.filter((o) => o.result === 'sent')).toHaveLength(1);
    expect(outcomes.filter((o) => o.result === 'skipped')).toHaveLength(9);
    expect(w.mailer.sent).toHaveLength(1);
    expect(await w.ledger.listTouches('c-1')).toHaveLength(1);
  });

  it('sends once when ten batch runs race over the same drafts', async () => {
    const w = await aWorld();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await w.approvedDraft(`c-${i}`)).id);
    const summaries = await Promise.all(Array.from({ length: 10 }, () => sendApproved(w.deps, { draftIds: ids })));
    expect(summaries.reduce((n, s) => n + s.sent, 0)).toBe(5);
    expect(w.mailer.sent).toHaveLength(5);
    expect(new Set(w.mailer.sent.map((m) => m.to[0])).size).toBe(5);
  });

  it('does not send to an address suppressed after approval', async () => {
    const w = await aWorld();
    const draft = await w.approvedDraft();
    await w.ledger.suppress({ emailHash: hashEmail('C-1@Customer.example '), reason: 'unsubscribe', at: '2026-11-27T08:30:00.000Z' });

    const outcome = await sendDraft(w.deps, draft.id);

    expect(outcome).toMatchObject({ result: 'failed', reason: 'suppressed: unsubscribe' });
    expect(w.mailer.sent).toHaveLength(0);
    expect(await w.ledger.getDraft(draft.id)).toMatchObject({ status: 'failed', failure: 'suppressed: unsubscribe' });
    expect(await w.ledger.listTouches('c-1')).toHaveLength(0);
  });

  it('does not send when the contact opted out or withdrew email consent meanwhile', async () => {
    const w = await aWorld();
    const a = await w.approvedDraft('c-a');
    const b = await w.approvedDraft('c-b');
    const ca = (await w.ledger.getContact('c-a'))!;
    await w.ledger.putContact({ ...ca, optedOut: true }, ca.version);
    const cb = (await w.ledger.getContact('c-b'))!;
    await w.ledger.putContact({ ...cb, consent: { ...cb.consent, email: false } }, cb.version);

    expect(await sendDraft(w.deps, a.id)).toMatchObject({ result: 'failed', reason: 'opted_out' });
    expect(await sendDraft(w.deps, b.id)).toMatchObject({ result: 'failed', reason: 'no_consent' });
    expect(w.mailer.sent).toHaveLength(0);
  });

  it('holds the draft, unsent and approved, while sending is paused', async () => {
    const w = await aWorld();
    const draft = await w.approvedDraft();
    await w.ledger.setPaused(true);

    expect(await sendDraft(w.deps, draft.id)).toMatchObject({ result: 'queued', reason: 'paused' });
    const summary = await sendApproved(w.deps);
    expect(summary).toMatchObject({ stoppedBy: 'paused', attempted: 0, sent: 0 });
    expect(w.mailer.sent).toHaveLength(0);
    expect((await w.ledger.getDraft(draft.id))!.status).toBe('approved');

    await w.ledger.setPaused(false);
    expect((await sendApproved(w.deps)).sent).toBe(1);
  });

  it('closes a rejected mail as failed with the reason, and flags an unknown outcome without retrying', async () => {
    const w = await aWorld();
    const a = await w.approvedDraft('c-a');
    const b = await w.approvedDraft('c-b');
    w.mailer.failNext.push(new MailerError('Email address is not verified.', 'rejected'));
    expect(await sendDraft(w.deps, a.id)).toMatchObject({ result: 'failed' });
    expect((await w.ledger.getDraft(a.id))!.failure).toBe('rejected: Email address is not verified.');

    w.mailer.failNext.push(new MailerError('socket hang up', 'unknown'));
    expect(await sendDraft(w.deps, b.id)).toMatchObject({ result: 'possibly_sent' });
    expect((await w.ledger.getDraft(b.id))!.status).toBe('possibly_sent');
    expect(w.sleeps).toEqual([]);
  });

  it('closes a draft whose words would break the headers, without sending', async () => {
    const w = await aWorld();
    const draft = await w.approvedDraft('c-1', { content: { subject: 'Update\r\nBcc: everyone@example.com', html: '', text: 'Hallo' } });
    const outcome = await sendDraft(w.deps, draft.id);
    expect(outcome.result).toBe('failed');
    expect(outcome.reason).toMatch(/^invalid_mail: subject contains a line break/);
    expect(w.mailer.sent).toHaveLength(0);
  });

  it('releases the claim when something fails before sending', async () => {
    const w = await aWorld();
    const draft = await w.approvedDraft();
    w.deps.secrets = { signingKey: async () => Promise.reject(new Error('secret unavailable')) };
    expect(await sendDraft(w.deps, draft.id)).toMatchObject({ result: 'error' });
    expect((await w.ledger.getDraft(draft.id))!.status).toBe('approved');
    expect(w.mailer.sent).toHaveLength(0);
  });

  it('leaves drafts that are not approved emails alone', async () => {
    const w = await aWorld();
    const pending = await w.approvedDraft('c-1', { status: 'pending_approval' });
    const letter = await w.approvedDraft('c-2', { kind: 'letter', channel: 'letter' });
    expect(await sendDraft(w.deps, pending.id)).toMatchObject({ result: 'skipped', reason: 'status pending_approval' });
    expect(await sendDraft(w.deps, letter.id)).toMatchObject({ result: 'skipped', reason: 'not_email' });
    expect(await sendDraft(w.deps, 'nope@20261127T0800Z~x')).toMatchObject({ result: 'skipped', reason: 'not_found' });
    expect(w.mailer.sent).toHaveLength(0);
  });

  it('claims a draft whose read was stale (approved a moment ago, read as pending)', async () => {
    const w = await aWorld();
    const draft = await w.approvedDraft();
    const real = w.ledger.getDraft.bind(w.ledger);
    w.ledger.getDraft = async (id) => {
      const d = await real(id);
      return d && { ...d, status: 'pending_approval' };
    };
    expect(await sendDraft(w.deps, draft.id)).toMatchObject({ result: 'sent' });
    expect(w.mailer.sent).toHaveLength(1);
  });

  it('leaves a draft alone until its approval is as old as the grace period, then sends it once', async () => {
    const w = await aWorld({ approvalGraceSeconds: 120 });
    const draft = await w.approvedDraft('c-1', { decision: { action: 'approved', by: 'rep:rep-1', at: '2026-11-27T09:00:00.000Z', version: 1 } });
    const before = await w.ledger.getDraft(draft.id);
    w.clock.advance(119_000);
    expect(await sendDraft(w.deps, draft.id)).toEqual({ draftId: draft.id, result: 'queued', reason: 'grace', notBefore: '2026-11-27T09:02:00.000Z' });
    // no claim and no write: the draft is exactly as it was, so a take-back still finds it
    expect(await w.ledger.getDraft(draft.id)).toEqual(before);
    expect(w.mailer.sent).toHaveLength(0);
    expect(worthRetrying({ draftId: draft.id, result: 'queued', reason: 'grace' })).toBe(true);
    // the sweep's batch and `presence send` keep it too
    expect((await sendApproved(w.deps)).sent).toBe(0);
    w.clock.advance(1_000);
    expect(await sendDraft(w.deps, draft.id)).toMatchObject({ result: 'sent' });
    expect(w.mailer.sent).toHaveLength(1);
  });

  it('gives a claim back when the claimed record shows an approval within the grace period (a stale read)', async () => {
    const w = await aWorld({ approvalGraceSeconds: 120 });
    const draft = await w.approvedDraft('c-1', { decision: { action: 'approved', by: 'rep:rep-1', at: '2026-11-27T09:00:00.000Z', version: 1 } });
    const real = w.ledger.getDraft.bind(w.ledger);
    w.ledger.getDraft = async (id) => {
      const d = await real(id);
      return d && { ...d, status: 'pending_approval', decision: undefined };
    };
    expect(await sendDraft(w.deps, draft.id)).toMatchObject({ result: 'queued', reason: 'grace', notBefore: '2026-11-27T09:02:00.000Z' });
    expect(await real(draft.id)).toMatchObject({ status: 'approved' });
    expect((await real(draft.id))?.claimedAt).toBeUndefined();
    expect(w.mailer.sent).toHaveLength(0);
  });

  it('does not wait for a draft approved without a recorded approval time, or with no grace configured', async () => {
    const w = await aWorld({ approvalGraceSeconds: 0 });
    const draft = await w.approvedDraft('c-1', { decision: { action: 'approved', by: 'rep:rep-1', at: '2026-11-27T09:00:00.000Z', version: 1 } });
    expect(await sendDraft(w.deps, draft.id)).toMatchObject({ result: 'sent' });
    const w2 = await aWorld({ approvalGraceSeconds: 120 });
    const old = await w2.approvedDraft();
    expect(await sendDraft(w2.deps, old.id)).toMatchObject({ result: 'sent' });
  });

  it('treats a lost claim race as someone else’s send', async () => {
    const w = await aWorld();
    const draft = await w.approvedDraft();
    const real = w.ledger.updateDraft.bind(w.ledger);
    w.ledger.updateDraft = async (id, change) => {
      // another sender claims between our read and our write
      await real(id, { fromStatuses: ['approved'], set: { status: 'sending' } });
      w.ledger.updateDraft = real;
      return real(id, change);
    };
    await expect(sendDraft(w.deps, draft.id)).resolves.toMatchObject({ result: 'skipped', reason: 'claimed_elsewhere' });
    expect(w.mailer.sent).toHaveLength(0);
    await expect(real(draft.id, { fromStatuses: ['approved'], set: {} })).rejects.toBeInstanceOf(DraftConflict);
  });

  it('keeps personal data out of the logs', async () => {
    const w = await aWorld();
    const draft = await w.approvedDraft();
    w.mailer.failNext.push(throttled(), new MailerError('Address c-1@customer.example rejected', 'rejected'));
    await sendDraft(w.deps, draft.id);
    const text = JSON.stringify(w.logs);
    expect(text).not.toContain('@customer.example');
    expect(text).not.toContain('Petra');
    expect(text).not.toContain('Müller');
  });
});
