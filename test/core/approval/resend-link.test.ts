import { describe, expect, it } from 'vitest';
import { approveDraft } from '../../../functions/core/approval/approve-draft';
import { formNonce } from '../../../functions/core/approval/form-nonce';
import { openDigestLink, openDraftLink, openTaskLink } from '../../../functions/core/approval/link-access';
import { renewLink, resendLink } from '../../../functions/core/approval/resend-link';
import { hashToken } from '../../../functions/core/approval/tokens';
import { DraftAlreadyDecided, NotFound } from '../../../functions/core/errors';
import { addDraft, fixedSecrets, linkTo, makeWorld } from './approval-world';

const tokenIn = (text: string, kind: string) => new RegExp(`/${kind}/([A-Za-z0-9_-]{43})`).exec(text)?.[1] ?? '';

describe('resendLink (operator)', () => {
  it('mails the draft’s rep a fresh working link', async () => {
    const w = await makeWorld();
    const draft = await addDraft(w);
    const out = await resendLink(w, { draftId: draft.id });
    expect(out).toEqual({ repId: 'rep-1', kind: 'draft', expiresAt: '2026-11-30T08:00:00.000Z' });
    expect(w.mailer.sent).toHaveLength(1);
    expect(w.mailer.sent[0]).toMatchObject({ to: ['petra.schneider@example.com'], subject: 'Ihr neuer Link: Dr. Anna Müller (Müller GmbH)' });
    const token = tokenIn(w.mailer.sent[0]!.text, 'd');
    expect((await openDraftLink(w, token)).draft.id).toBe(draft.id);
    expect(w.logger.text()).not.toContain(token);
  });

  it('sends a "done" link for a task and refuses closed or unknown drafts', async () => {
    const w = await makeWorld();
    const task = await addDraft(w, { contactId: 'c-2', kind: 'task', channel: 'visit' });
    await resendLink(w, { draftId: task.id });
    expect((await openTaskLink(w, tokenIn(w.mailer.sent[0]!.text, 'task'))).draft.id).toBe(task.id);
    const done = await addDraft(w, { contactId: 'c-3', status: 'approved' });
    await expect(resendLink(w, { draftId: done.id })).rejects.toBeInstanceOf(DraftAlreadyDecided);
    await expect(resendLink(w, { draftId: 'nope@20261127T0800Z~x' })).rejects.toBeInstanceOf(NotFound);
  });
});

describe('renewLink (the form on the "link not valid" page)', () => {
  it('mails a fresh link for an expired one, to the rep only, once per hour', async () => {
    const w = await makeWorld();
    const draft = await addDraft(w, { expiresAt: '2026-12-10T00:00:00.000Z' });
    const old = await linkTo(w, 'draft', [draft], { ttlHours: 1 });
    w.clock.advance(2 * 3_600_000);
    await renewLink(w, { token: old });
    await renewLink(w, { token: old });
    expect(w.mailer.sent).toHaveLength(1);
    expect(w.mailer.sent[0]!.to).toEqual(['petra.schneider@example.com']);
    expect((await openDraftLink(w, tokenIn(w.mailer.sent[0]!.text, 'd'))).draft.id).toBe(draft.id);
    w.clock.advance(3_600_000);
    await renewLink(w, { token: old });
    expect(w.mailer.sent).toHaveLength(2);
  });

  it('renews a review-all link with the drafts still open', async () => {
    const w = await makeWorld();
    const a = await addDraft(w, { contactId: 'c-1' });
    const b = await addDraft(w, { contactId: 'c-2' });
    const old = await linkTo(w, 'digest', [a, b], { ttlHours: 1 });
    await w.ledger.updateDraft(a.id, { set: { status: 'approved' } });
    w.clock.advance(2 * 3_600_000);
    await renewLink(w, { token: old });
    expect(w.mailer.sent[0]!.subject).toBe('Ihr neuer Link: 1 Entwurf');
    expect([...(await openDigestLink(w, tokenIn(w.mailer.sent[0]!.text, 'all'))).open]).toEqual([b.id]);
  });

  it('does nothing for unknown, malformed or decided links, and its markers never open anything', async () => {
    const w = await makeWorld();
    const draft = await addDraft(w);
    const token = await linkTo(w, 'draft', [draft]);
    await approveDraft(w, { token, nonce: await formNonce(fixedSecrets, hashToken(token)), version: '1' });
    for (const t of [token, 'x'.repeat(43), '../../etc', '']) await renewLink(w, { token: t });
    expect(w.mailer.sent).toHaveLength(0);
    for (const record of w.ledger.tokens.values()) if (record.draftIds.length === 0) expect(record.usedAt).toBeDefined();
  });
});
