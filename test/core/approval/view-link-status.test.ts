// A draft opened through its review-all link (item), and what a closed link may still show (viewLinkStatus).
import { describe, expect, it } from 'vitest';
import { approveDraft } from '../../../functions/core/approval/approve-draft';
import { formNonce } from '../../../functions/core/approval/form-nonce';
import { openDraftLink } from '../../../functions/core/approval/link-access';
import { rejectDraft } from '../../../functions/core/approval/reject-draft';
import { hashToken } from '../../../functions/core/approval/tokens';
import { viewLinkStatus } from '../../../functions/core/approval/view-link-status';
import { InvalidToken } from '../../../functions/core/errors';
import { addDraft, linkTo, makeWorld, snapshot } from './approval-world';

const detailOf = async (p: Promise<unknown>) => {
  const error = await p.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(InvalidToken);
  return (error as InvalidToken).detail;
};

describe('a draft through its review-all link', () => {
  it('opens by its place in the list, only while it can be decided and only mails and letters', async () => {
    const w = await makeWorld();
    const [a, task] = [await addDraft(w, { contactId: 'c-1' }), await addDraft(w, { contactId: 'c-2', kind: 'task', channel: 'call' })];
    const token = await linkTo(w, 'digest', [a, task]);
    await expect(openDraftLink(w, token, 1)).resolves.toMatchObject({ draft: { id: a.id }, ownLink: false });
    expect(await detailOf(openDraftLink(w, token, 2))).toBe('wrong_kind');
    expect(await detailOf(openDraftLink(w, token, 3))).toBe('unknown_draft');
    expect(await detailOf(openDraftLink(w, token, 0))).toBe('unknown_draft');
    // a draft link is not a list link
    expect(await detailOf(openDraftLink(w, await linkTo(w, 'draft', [a]), 1))).toBe('wrong_kind');
  });

  it('approving or rejecting one draft does not spend the list link; its own link would be', async () => {
    const w = await makeWorld();
    const [a, b] = [await addDraft(w, { contactId: 'c-1' }), await addDraft(w, { contactId: 'c-2' })];
    const token = await linkTo(w, 'digest', [a, b]);
    const nonce = await formNonce(w.secrets, hashToken(token));
    await approveDraft(w, { token, item: 1, nonce, version: '1' });
    await rejectDraft(w, { token, item: 2, nonce, version: '1' });
    expect((await w.ledger.getToken(hashToken(token)))?.usedAt).toBeUndefined();
    expect((await w.ledger.getDrafts([a.id, b.id])).map((d) => d.status)).toEqual(['approved', 'rejected']);
    const own = await linkTo(w, 'draft', [await addDraft(w, { contactId: 'c-3' })]);
    await approveDraft(w, { token: own, nonce: await formNonce(w.secrets, hashToken(own)), version: '1' });
    expect((await w.ledger.getToken(hashToken(own)))?.usedAt).toBe(w.clock.now().toISOString());
  });
});

describe('viewLinkStatus', () => {
  it('gives the decided drafts of a list, or of one place in it, and writes nothing', async () => {
    const w = await makeWorld();
    const [a, b] = [await addDraft(w, { contactId: 'c-1' }), await addDraft(w, { contactId: 'c-2' })];
    const token = await linkTo(w, 'digest', [a, b]);
    const nonce = await formNonce(w.secrets, hashToken(token));
    // one decided, one waiting: the list still opens, so it has no status; the decided place has
    await approveDraft(w, { token, item: 1, nonce, version: '1' });
    expect(await viewLinkStatus(w, { token, kind: 'digest' })).toBeUndefined();
    expect((await viewLinkStatus(w, { token, kind: 'digest', item: 1 }))?.items.map((i) => [i.draft.id, i.decidedBy])).toEqual([[a.id, { you: true }]]);
    expect(await viewLinkStatus(w, { token, kind: 'digest', item: 2 })).toBeUndefined();
    await rejectDraft(w, { token, item: 2, nonce, version: '1' });
    const before = snapshot(w.ledger);
    const view = await viewLinkStatus(w, { token, kind: 'digest' });
    expect(view?.items.map((i) => i.draft.status)).toEqual(['approved', 'rejected']);
    expect(view?.rep?.id).toBe('rep-1');
    expect(snapshot(w.ledger)).toBe(before);
  });

  it('says nothing of a link of another kind, a malformed one or one past its lifetime', async () => {
    const w = await makeWorld();
    const a = await addDraft(w, { status: 'approved' });
    const token = await linkTo(w, 'draft', [a], { ttlHours: 1 });
    expect(await viewLinkStatus(w, { token, kind: 'draft' })).toMatchObject({ items: [{ draft: { id: a.id } }] });
    expect(await viewLinkStatus(w, { token, kind: 'digest' })).toBeUndefined();
    expect(await viewLinkStatus(w, { token, kind: 'task' })).toBeUndefined();
    expect(await viewLinkStatus(w, { token: token.slice(1), kind: 'draft' })).toBeUndefined();
    w.clock.advance(3_600_000);
    expect(await viewLinkStatus(w, { token, kind: 'draft' })).toBeUndefined();
  });
});
