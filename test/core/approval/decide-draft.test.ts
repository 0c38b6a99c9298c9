import { describe, expect, it } from 'vitest';
import { approveDraft } from '../../../functions/core/approval/approve-draft';
import { approveSelected, selectionValue } from '../../../functions/core/approval/approve-selected';
import { formNonce } from '../../../functions/core/approval/form-nonce';
import { recordTaskDone, taskTouchId } from '../../../functions/core/approval/record-task-done';
import { rejectDraft } from '../../../functions/core/approval/reject-draft';
import { saveDraftEdit } from '../../../functions/core/approval/save-draft-edit';
import { hashToken, linkEditor } from '../../../functions/core/approval/tokens';
import { viewDigest } from '../../../functions/core/approval/view-digest';
import { viewDraft } from '../../../functions/core/approval/view-draft';
import { viewTask } from '../../../functions/core/approval/view-task';
import { DraftConflict, InvalidToken, ValidationError } from '../../../functions/core/errors';
import { addDraft, linkTo, makeWorld, snapshot } from './approval-world';

const nonceOf = (token: string) => formNonce({ signingKey: async () => Buffer.alloc(32, 7) }, hashToken(token));

describe('viewing', () => {
  it('changes nothing, however often', async () => {
    const w = await makeWorld();
    const draft = await addDraft(w);
    const task = await addDraft(w, { contactId: 'c-2', kind: 'task', channel: 'visit' });
    const other = await addDraft(w, { contactId: 'c-3' });
    const [dl, tl, al] = [await linkTo(w, 'draft', [draft]), await linkTo(w, 'task', [task]), await linkTo(w, 'digest', [draft, other])];
    const before = snapshot(w.ledger);
    for (let i = 0; i < 3; i++) {
      const view = await viewDraft(w, { token: dl });
      expect(view.draft.status).toBe('pending_approval');
      expect(view.nonce).toBe(await nonceOf(dl));
      await viewTask(w, { token: tl });
      await viewDigest(w, { token: al });
    }
    expect(snapshot(w.ledger)).toBe(before);
    expect(w.approvalSink.calls).toEqual([]);
  });
});

describe('approveDraft', () => {
  it('approves once, keeps who/when/which version, spends the link and hands the draft to sending', async () => {
    const w = await makeWorld();
    const draft = await addDraft(w);
    const token = await linkTo(w, 'draft', [draft]);
    const { draft: approved } = await approveDraft(w, { token, nonce: await nonceOf(token), version: '1' });
    expect(approved).toMatchObject({
      status: 'approved',
      content: draft.content,
      decision: { action: 'approved', by: 'rep:rep-1', at: '2026-11-27T09:00:00.000Z', version: 1 },
    });
    expect(approved.editedBy).toBeUndefined();
    expect(w.ledger.tokens.get(hashToken(token))?.usedAt).toBe('2026-11-27T09:00:00.000Z');
    expect(w.approvalSink.calls).toEqual([[draft.id]]);
    await expect(approveDraft(w, { token, nonce: await nonceOf(token), version: '2' })).rejects.toBeInstanceOf(InvalidToken);
    expect(w.approvalSink.calls).toHaveLength(1);
    expect(w.logger.text()).not.toContain(token);
  });

  it('approves the words on screen: an edit sent with Approve is stored with the decision', async () => {
    const w = await makeWorld();
    const draft = await addDraft(w);
    const token = await linkTo(w, 'draft', [draft]);
    const { draft: approved } = await approveDraft(w, {
      token,
      nonce: await nonceOf(token),
      version: '1',
      edit: { subject: 'Neuer Betreff', text: 'Hallo Frau Müller,\r\n\r\nwir sind für Sie da.\r\nIhr Team' },
    });
    expect(approved.content.subject).toBe('Neuer Betreff');
    expect(approved.content.text).toBe('Hallo Frau Müller,\n\nwir sind für Sie da.\nIhr Team');
    expect(approved.content.html).toContain('<p style="margin:0 0 1em 0;">wir sind für Sie da.<br>\nIhr Team</p>');
    expect(approved.editedBy).toBe(linkEditor('rep-1', hashToken(token)));
    expect(approved.decision?.version).toBe(1);
  });

  it('does not count unchanged words (browser CRLF, trailing blanks) as an edit', async () => {
    const w = await makeWorld();
    const draft = await addDraft(w, { content: { subject: 'Update', html: '<p>keep me</p>', text: 'Zeile eins\nZeile zwei' } });
    const token = await linkTo(w, 'draft', [draft]);
    const { draft: approved } = await approveDraft(w, { token, nonce: await nonceOf(token), version: '1', edit: { subject: ' Update ', text: 'Zeile eins  \r\nZeile zwei\r\n' } });
    expect(approved.content.html).toBe('<p>keep me</p>');
    expect(approved.editedBy).toBeUndefined();
  });

  it('refuses a missing or wrong nonce and changes nothing', async () => {
    const w = await makeWorld();
    const draft = await addDraft(w);
    const token = await linkTo(w, 'draft', [draft]);
    const other = await linkTo(w, 'draft', [draft]);
    const before = snapshot(w.ledger);
    await expect(approveDraft(w, { token, nonce: undefined, version: '1' })).rejects.toBeInstanceOf(ValidationError);
    await expect(approveDraft(w, { token, nonce: await nonceOf(other), version: '1' })).rejects.toBeInstanceOf(ValidationError);
    expect(snapshot(w.ledger)).toBe(before);
  });

  it('refuses a form of an older version with 409 and changes nothing', async () => {
    const w = await makeWorld();
    const draft = await addDraft(w);
    const token = await linkTo(w, 'draft', [draft]);
    await saveDraftEdit(w, { token, nonce: await nonceOf(token), version: '1', subject: 'S', text: 'neu' });
    const before = snapshot(w.ledger);
    await expect(approveDraft(w, { token, nonce: await nonceOf(token), version: '1' })).rejects.toBeInstanceOf(DraftConflict);
    await expect(approveDraft(w, { token, nonce: await nonceOf(token), version: 'x' })).rejects.toBeInstanceOf(ValidationError);
    expect(snapshot(w.ledger)).toBe(before);
  });

  it('gives exactly one decision for ten concurrent approvals', async () => {
    const w = await makeWorld();
    const draft = await addDraft(w);
    const token = await linkTo(w, 'draft', [draft]);
    const nonce = await nonceOf(token);
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => approveDraft(w, { token, nonce, version: '1' })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(InvalidToken);
    expect(w.approvalSink.calls).toEqual([[draft.id]]);
    expect((await w.ledger.getDraft(draft.id))?.version).toBe(2);
  });
});

describe('saveDraftEdit and rejectDraft', () => {
  it('saves the rep’s words, rebuilds safe HTML and keeps the link', async () => {
    const w = await makeWorld();
    const draft = await addDraft(w);
    const token = await linkTo(w, 'draft', [draft]);
    const { draft: saved, changed } = await saveDraftEdit(w, {
      token,
      nonce: await nonceOf(token),
      version: '1',
      subject: 'Betreff\r\nBcc: evil@example.com',
      text: '<script>alert(1)</script>\nhttps://example.com/x',
    });
    expect(changed).toBe(true);
    expect(saved.status).toBe('pending_approval');
    expect(saved.content.subject).toBe('Betreff Bcc: evil@example.com');
    expect(saved.content.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;<br>\nhttps://example.com/x');
    expect(saved.content.html).not.toContain('<a ');
    expect((await viewDraft(w, { token })).draft.version).toBe(2);
    // the same words again are no edit
    await expect(saveDraftEdit(w, { token, nonce: await nonceOf(token), version: '2', subject: saved.content.subject, text: saved.content.text })).resolves.toMatchObject({ changed: false });
    await expect(saveDraftEdit(w, { token, nonce: await nonceOf(token), version: '2', subject: '', text: 'x' })).rejects.toBeInstanceOf(ValidationError);
  });

  it('rejects with a reason, once', async () => {
    const w = await makeWorld();
    const draft = await addDraft(w);
    const token = await linkTo(w, 'draft', [draft]);
    const { draft: rejected } = await rejectDraft(w, { token, nonce: await nonceOf(token), version: '1', reason: ' Kunde hat gekündigt \n' });
    expect(rejected.status).toBe('rejected');
    // without an answer to "when should presence ask again?" (a page from before the question): the next cadence
    expect(rejected.decision).toEqual({
      action: 'rejected',
      by: 'rep:rep-1',
      at: '2026-11-27T09:00:00.000Z',
      version: 1,
      reason: 'Kunde hat gekündigt',
      askAgain: { choice: 'next-cadence', until: '2026-12-27T09:00:00.000Z' },
    });
    await expect(approveDraft(w, { token, nonce: await nonceOf(token), version: '2' })).rejects.toBeInstanceOf(InvalidToken);
    expect(w.approvalSink.calls).toEqual([]);
  });
});

describe('approveSelected', () => {
  it('approves exactly the ticked drafts and skips the ones that changed meanwhile', async () => {
    const w = await makeWorld();
    const [a, b, c, d] = [await addDraft(w, { contactId: 'c-1' }), await addDraft(w, { contactId: 'c-2' }), await addDraft(w, { contactId: 'c-3' }), await addDraft(w, { contactId: 'c-4' })];
    const token = await linkTo(w, 'digest', [a!, b!, c!, d!]);
    // d changes after the page was opened (someone edits it)
    await w.ledger.updateDraft(d!.id, { set: { editedBy: 'cli:ops' } });
    const result = await approveSelected(w, { token, nonce: await nonceOf(token), selected: [selectionValue(a!), selectionValue(c!), selectionValue(d!)] });
    expect(result).toEqual({ repId: 'rep-1', approved: [a!.id, c!.id], skipped: [d!.id] });
    expect((await w.ledger.getDraft(a!.id))?.status).toBe('approved');
    expect((await w.ledger.getDraft(b!.id))?.status).toBe('pending_approval');
    expect((await w.ledger.getDraft(c!.id))?.decision).toMatchObject({ action: 'approved', by: 'rep:rep-1', version: 1 });
    expect((await w.ledger.getDraft(d!.id))?.status).toBe('pending_approval');
    expect(w.approvalSink.calls).toEqual([[a!.id, c!.id]]);
    // the list link lives on for b and d
    expect([...(await viewDigest(w, { token })).open].sort()).toEqual([b!.id, d!.id].sort());
  });

  it('refuses a tick for a draft outside the digest and writes nothing', async () => {
    const w = await makeWorld();
    const a = await addDraft(w, { contactId: 'c-1' });
    const outsider = await addDraft(w, { contactId: 'c-9' });
    const token = await linkTo(w, 'digest', [a]);
    const before = snapshot(w.ledger);
    await expect(approveSelected(w, { token, nonce: await nonceOf(token), selected: [selectionValue(a), selectionValue(outsider)] })).rejects.toBeInstanceOf(ValidationError);
    await expect(approveSelected(w, { token, nonce: 'nope', selected: [selectionValue(a)] })).rejects.toBeInstanceOf(ValidationError);
    expect(snapshot(w.ledger)).toBe(before);
  });

  it('spends the list link when nothing is left to decide', async () => {
    const w = await makeWorld();
    const a = await addDraft(w, { contactId: 'c-1' });
    const token = await linkTo(w, 'digest', [a]);
    await approveSelected(w, { token, nonce: await nonceOf(token), selected: [selectionValue(a)] });
    expect(w.ledger.tokens.get(hashToken(token))?.usedAt).toBeDefined();
    await expect(viewDigest(w, { token })).rejects.toBeInstanceOf(InvalidToken);
  });
});

describe('recordTaskDone', () => {
  it('records one task touch, moves the contact and closes the task', async () => {
    const w = await makeWorld();
    const task = await addDraft(w, { kind: 'task', channel: 'call', content: { subject: '', html: '', text: 'Nach dem Umzug fragen' } });
    const token = await linkTo(w, 'task', [task]);
    const nonce = await nonceOf(token);
    const results = await Promise.allSettled([1, 2, 3].map(() => recordTaskDone(w, { token, nonce, note: 'Gut gelaufen' })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const touches = await w.ledger.listTouches('c-1');
    expect(touches).toEqual([
      { id: taskTouchId(task.id), contactId: 'c-1', at: '2026-11-27T09:00:00.000Z', channel: 'call', repId: 'rep-1', campaignId: task.campaignId, draftId: task.id, note: 'Gut gelaufen', source: 'task' },
    ]);
    expect((await w.ledger.getDraft(task.id))?.status).toBe('done');
    expect((await w.ledger.getContact('c-1'))?.lastTouchAt).toBe('2026-11-27T09:00:00.000Z');
    await expect(recordTaskDone(w, { token, nonce })).rejects.toBeInstanceOf(InvalidToken);
  });
});
