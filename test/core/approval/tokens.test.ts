import { describe, expect, it } from 'vitest';
import { checkFormNonce, formNonce } from '../../../functions/core/approval/form-nonce';
import { openDigestLink, openDraftLink, openTaskLink } from '../../../functions/core/approval/link-access';
import { hashToken, isWellFormedToken, issueLink, linkEditor, loadLink, newToken, sameDigest } from '../../../functions/core/approval/tokens';
import { InvalidToken, ValidationError } from '../../../functions/core/errors';
import { addDraft, fixedSecrets, linkTo, makeWorld } from './approval-world';

const detailOf = async (p: Promise<unknown>) => {
  const error = await p.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(InvalidToken);
  return (error as InvalidToken).detail;
};

describe('link tokens', () => {
  it('are 256 random bits in base64url, different every time', () => {
    const tokens = new Set(Array.from({ length: 200 }, newToken));
    expect(tokens.size).toBe(200);
    for (const t of tokens) {
      expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(t, 'base64url')).toHaveLength(32);
    }
  });

  it('are stored only as their SHA-256 hash', async () => {
    const w = await makeWorld();
    const draft = await addDraft(w);
    const { token, record } = await issueLink(w, { kind: 'draft', repId: 'rep-1', draftIds: [draft.id], draftVersion: 1, ttlHours: 72 });
    expect(record.hash).toBe(hashToken(token));
    expect([...w.ledger.tokens.keys()]).toEqual([hashToken(token)]);
    expect(JSON.stringify([...w.ledger.tokens.values()])).not.toContain(token);
  });

  it('expire after the TTL, or earlier when the draft expires first', async () => {
    const w = await makeWorld();
    const a = await issueLink(w, { kind: 'draft', repId: 'rep-1', draftIds: ['x'], draftVersion: 1, ttlHours: 72 });
    expect(a.record.expiresAt).toBe('2026-11-30T09:00:00.000Z');
    const b = await issueLink(w, { kind: 'draft', repId: 'rep-1', draftIds: ['x'], draftVersion: 1, ttlHours: 72, notAfter: '2026-11-28T00:00:00.000Z' });
    expect(b.record.expiresAt).toBe('2026-11-28T00:00:00.000Z');
    await expect(issueLink(w, { kind: 'draft', repId: 'rep-1', draftIds: ['x'], ttlHours: 0 })).rejects.toThrow(RangeError);
  });

  it('refuses malformed, unknown, wrong-kind, used and expired tokens alike', async () => {
    const w = await makeWorld();
    const draft = await addDraft(w);
    const token = await linkTo(w, 'draft', [draft]);
    expect(await detailOf(loadLink(w, token.slice(1), 'draft'))).toBe('malformed');
    expect(await detailOf(loadLink(w, `${token.slice(0, 42)}${token.endsWith('A') ? 'B' : 'A'}`, 'draft'))).toBe('unknown');
    expect(await detailOf(loadLink(w, token, 'digest'))).toBe('wrong_kind');
    w.clock.advance(72 * 3_600_000);
    expect(await detailOf(loadLink(w, token, 'draft'))).toBe('expired');
    w.clock.advance(-3_600_000);
    expect((await loadLink(w, token, 'draft')).record.draftIds).toEqual([draft.id]);
    await w.ledger.useToken(hashToken(token), w.clock.now().toISOString());
    expect(await detailOf(loadLink(w, token, 'draft'))).toBe('used');
  });

  it('compares digests in constant time and only equal ones match', () => {
    const h = hashToken('a');
    expect(sameDigest(h, h)).toBe(true);
    expect(sameDigest(h, hashToken('b'))).toBe(false);
    expect(sameDigest(h, h.slice(0, 62))).toBe(false);
    expect(sameDigest('', '')).toBe(false);
    expect(isWellFormedToken('x'.repeat(43))).toBe(true);
    expect(isWellFormedToken('x'.repeat(43) + '\n')).toBe(false);
  });
});

describe('whether a draft still accepts its link', () => {
  it('dies when the draft is decided, moved to another rep, expired, or edited by someone else', async () => {
    const w = await makeWorld();
    const draft = await addDraft(w);
    const token = await linkTo(w, 'draft', [draft]);
    await expect(openDraftLink(w, token)).resolves.toMatchObject({ draft: { id: draft.id } });

    // edited through this link: still alive
    const mine = await w.ledger.updateDraft(draft.id, { expectedVersion: 1, set: { editedBy: linkEditor('rep-1', hashToken(token)) } });
    await expect(openDraftLink(w, token)).resolves.toMatchObject({ draft: { version: mine.version } });
    // edited by anyone else afterwards: dead for good
    await w.ledger.updateDraft(draft.id, { set: { editedBy: 'cli:someone' } });
    expect(await detailOf(openDraftLink(w, token))).toBe('edited_elsewhere');

    const d2 = await addDraft(w, { contactId: 'c-2' });
    const t2 = await linkTo(w, 'draft', [d2]);
    await w.ledger.updateDraft(d2.id, { set: { repId: 'rep-2' } });
    expect(await detailOf(openDraftLink(w, t2))).toBe('closed');

    const d3 = await addDraft(w, { contactId: 'c-3' });
    const t3 = await linkTo(w, 'draft', [d3]);
    await w.ledger.updateDraft(d3.id, { set: { status: 'recalled' } });
    expect(await detailOf(openDraftLink(w, t3))).toBe('closed');

    const d4 = await addDraft(w, { contactId: 'c-4', expiresAt: '2026-11-27T10:00:00.000Z' });
    const t4 = await linkTo(w, 'draft', [d4]);
    w.clock.advance(2 * 3_600_000);
    expect(await detailOf(openDraftLink(w, t4))).toBe('closed');
  });

  it('keeps draft, task and digest links apart', async () => {
    const w = await makeWorld();
    const task = await addDraft(w, { contactId: 'c-5', kind: 'task', channel: 'call' });
    const forged = await linkTo(w, 'draft', [task]);
    expect(await detailOf(openDraftLink(w, forged))).toBe('wrong_kind');
    const taskLink = await linkTo(w, 'task', [task]);
    await expect(openTaskLink(w, taskLink)).resolves.toMatchObject({ draft: { id: task.id } });
  });

  it('keeps a digest link while any of its drafts can be decided', async () => {
    const w = await makeWorld();
    const a = await addDraft(w, { contactId: 'c-1' });
    const b = await addDraft(w, { contactId: 'c-2' });
    const token = await linkTo(w, 'digest', [a, b]);
    await w.ledger.updateDraft(a.id, { set: { status: 'approved' } });
    const open = await openDigestLink(w, token);
    expect([...open.open]).toEqual([b.id]);
    expect(open.drafts.map((d) => d.id)).toEqual([a.id, b.id]);
    await w.ledger.updateDraft(b.id, { set: { status: 'rejected' } });
    expect(await detailOf(openDigestLink(w, token))).toBe('closed');
  });
});

describe('form nonce', () => {
  it('is an HMAC of the token hash under the signing key', async () => {
    const n1 = await formNonce(fixedSecrets, hashToken('a'));
    expect(n1).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await formNonce(fixedSecrets, hashToken('a'))).toBe(n1);
    expect(await formNonce(fixedSecrets, hashToken('b'))).not.toBe(n1);
    expect(await formNonce({ signingKey: async () => Buffer.alloc(32, 8) }, hashToken('a'))).not.toBe(n1);
  });

  it('rejects a missing, wrong or foreign nonce', async () => {
    const good = await formNonce(fixedSecrets, hashToken('a'));
    await expect(checkFormNonce(fixedSecrets, hashToken('a'), good)).resolves.toBeUndefined();
    await expect(checkFormNonce(fixedSecrets, hashToken('a'), undefined)).rejects.toBeInstanceOf(ValidationError);
    await expect(checkFormNonce(fixedSecrets, hashToken('a'), good.slice(1))).rejects.toBeInstanceOf(ValidationError);
    await expect(checkFormNonce(fixedSecrets, hashToken('a'), await formNonce(fixedSecrets, hashToken('b')))).rejects.toBeInstanceOf(ValidationError);
  });
});
