import { describe, expect, it } from 'vitest';
import { approveDraft } from '../../../functions/core/approval/approve-draft';
import { formNonce } from '../../../functions/core/approval/form-nonce';
import { takeBackApproval, takeBackOffer } from '../../../functions/core/approval/take-back-approval';
import { hashToken } from '../../../functions/core/approval/tokens';
import { viewDraft } from '../../../functions/core/approval/view-draft';
import { viewLinkStatus } from '../../../functions/core/approval/view-link-status';
import { InvalidToken, ValidationError } from '../../../functions/core/errors';
import { sendDraft } from '../../../functions/core/sending/send-draft';
import { unlimited } from '../../../functions/core/sending/rate-limiter';
import { addDraft, linkTo, makeWorld, snapshot } from './approval-world';

const nonceOf = (token: string) => formNonce({ signingKey: async () => Buffer.alloc(32, 7) }, hashToken(token));

/** An email draft approved through its own link at 09:00 (grace 120 s), and what its page offers. */
async function approved(over: { approvalGraceSeconds?: number } = {}) {
  const w = await makeWorld();
  w.config = { ...w.config, approvalGraceSeconds: over.approvalGraceSeconds ?? 120 };
  const draft = await addDraft(w);
  const token = await linkTo(w, 'draft', [draft]);
  const nonce = await nonceOf(token);
  const { draft: yes, link } = await approveDraft(w, { token, nonce, version: '1' });
  const offer = await takeBackOffer(w, link, yes);
  return { w, draft: yes, token, nonce, offer };
}

describe('take an approval back', () => {
  it('within the grace period: back to pending, audited, with a fresh link that opens the draft for editing', async () => {
    const { w, draft, token, nonce, offer } = await approved();
    expect(offer?.until).toBe('2026-11-27T09:02:00.000Z');
    w.clock.advance(60_000);
    const result = await takeBackApproval(w, { token, nonce, takeBack: offer!.token });
    expect(result.outcome).toBe('taken_back');
    const back = await w.ledger.getDraft(draft.id);
    expect(back).toMatchObject({ status: 'pending_approval', approvalTakenBack: { by: 'rep:rep-1', at: '2026-11-27T09:01:00.000Z', approvedAt: '2026-11-27T09:00:00.000Z' } });
    expect(back?.decision).toBeUndefined();
    expect(w.ledger.audits).toContainEqual(expect.objectContaining({ action: 'approval.take-back', actor: 'rep:rep-1', subject: draft.id }));
    // the fresh link opens the draft as it is now
    const fresh = result.outcome === 'taken_back' ? result.link : '';
    expect((await viewDraft(w, { token: fresh })).draft).toMatchObject({ id: draft.id, status: 'pending_approval' });
    // the old, spent link says what happened and offers nothing more
    const status = await viewLinkStatus(w, { token, kind: 'draft' });
    expect(status?.items[0]?.takeBack).toBeUndefined();
    expect(w.logger.text()).not.toContain(fresh);
  });

  it('exactly once: a second click is "already", and a draft approved again cannot be taken back again', async () => {
    const { w, token, nonce, offer } = await approved();
    const first = await takeBackApproval(w, { token, nonce, takeBack: offer!.token });
    expect((await takeBackApproval(w, { token, nonce, takeBack: offer!.token })).outcome).toBe('already');
    expect(w.ledger.audits.filter((a) => a.action === 'approval.take-back')).toHaveLength(1);
    const fresh = first.outcome === 'taken_back' ? first.link : '';
    const again = await approveDraft(w, { token: fresh, nonce: await nonceOf(fresh), version: String((await viewDraft(w, { token: fresh })).draft.version) });
    expect(again.draft.status).toBe('approved');
    expect(await takeBackOffer(w, again.link, again.draft)).toBeUndefined();
  });

  it('not after the grace period, and never once the sender has claimed it', async () => {
    const late = await approved();
    late.w.clock.advance(120_000);
    expect((await takeBackApproval(late.w, { token: late.token, nonce: late.nonce, takeBack: late.offer!.token })).outcome).toBe('too_late');
    expect((await late.w.ledger.getDraft(late.draft.id))?.status).toBe('approved');

    const claimed = await approved();
    await claimed.w.ledger.updateDraft(claimed.draft.id, { fromStatuses: ['approved'], set: { status: 'sending' } });
    expect((await takeBackApproval(claimed.w, { token: claimed.token, nonce: claimed.nonce, takeBack: claimed.offer!.token })).outcome).toBe('too_late');
    expect((await claimed.w.ledger.getDraft(claimed.draft.id))?.status).toBe('sending');
  });

  it('loses cleanly against a sender that claims between its read and its write', async () => {
    const { w, draft, token, nonce, offer } = await approved();
    const real = w.ledger.updateDraft.bind(w.ledger);
    w.ledger.updateDraft = async (id, change) => {
      await real(id, { fromStatuses: ['approved'], set: { status: 'sending', claimedAt: '2026-11-27T09:00:30.000Z' } });
      w.ledger.updateDraft = real;
      return real(id, change);
    };
    expect((await takeBackApproval(w, { token, nonce, takeBack: offer!.token })).outcome).toBe('too_late');
    expect((await w.ledger.getDraft(draft.id))?.status).toBe('sending');
    expect(w.ledger.audits.some((a) => a.action === 'approval.take-back')).toBe(false);
  });

  it('a sender that comes after the take-back sends nothing', async () => {
    const { w, draft, token, nonce, offer } = await approved({ approvalGraceSeconds: 120 });
    await takeBackApproval(w, { token, nonce, takeBack: offer!.token });
    w.clock.advance(600_000);
    const outcome = await sendDraft({ ...w, limiter: unlimited }, draft.id);
    expect(outcome.result).toBe('skipped');
    expect(w.mailer.sent).toHaveLength(0);
  });

  it('refuses a forged or missing take-back token and a missing nonce, changing nothing', async () => {
    const { w, token, nonce, offer } = await approved();
    const before = snapshot(w.ledger);
    await expect(takeBackApproval(w, { token, nonce, takeBack: `${offer!.token.slice(0, -2)}AA` })).rejects.toBeInstanceOf(InvalidToken);
    await expect(takeBackApproval(w, { token, nonce, takeBack: undefined })).rejects.toBeInstanceOf(InvalidToken);
    await expect(takeBackApproval(w, { token, nonce: undefined, takeBack: offer!.token })).rejects.toBeInstanceOf(ValidationError);
    await expect(takeBackApproval(w, { token: 'x'.repeat(43), nonce, takeBack: offer!.token })).rejects.toBeInstanceOf(InvalidToken);
    expect(snapshot(w.ledger)).toBe(before);
  });

  it('is offered only to the approving rep, for mails, within the grace period; viewing changes nothing', async () => {
    const { w, draft, token, offer } = await approved();
    const before = snapshot(w.ledger);
    const status = await viewLinkStatus(w, { token, kind: 'draft' });
    expect(status?.items[0]?.takeBack).toEqual(offer);
    expect(status?.nonce).toBe(await nonceOf(token));
    expect(await takeBackOffer(w, { hash: hashToken(token), repId: 'rep-2' }, draft)).toBeUndefined();
    expect(await takeBackOffer(w, { hash: hashToken(token), repId: 'rep-1' }, { ...draft, kind: 'letter' })).toBeUndefined();
    w.clock.advance(120_000);
    expect((await viewLinkStatus(w, { token, kind: 'draft' }))?.items[0]?.takeBack).toBeUndefined();
    expect(snapshot(w.ledger)).toBe(before);
  });

  it('works through a review-all link’s draft page', async () => {
    const w = await makeWorld();
    const a = await addDraft(w);
    const b = await addDraft(w, { contactId: 'c-2' });
    const list = await linkTo(w, 'digest', [a, b]);
    const nonce = await nonceOf(list);
    const { draft, link } = await approveDraft(w, { token: list, item: 1, nonce, version: '1' });
    const offer = await takeBackOffer(w, link, draft);
    const result = await takeBackApproval(w, { token: list, item: 1, nonce, takeBack: offer!.token });
    expect(result.outcome).toBe('taken_back');
    expect((await viewDraft(w, { token: list, item: 1 })).draft.status).toBe('pending_approval');
  });
});
