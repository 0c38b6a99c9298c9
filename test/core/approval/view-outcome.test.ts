import { describe, expect, it } from 'vitest';
import { viewDecision, viewSelection } from '../../../functions/core/approval/view-outcome';
import { addDraft, makeWorld, snapshot } from './approval-world';

describe('viewDecision', () => {
  it('gives the decided draft with its rep and contact, and changes nothing', async () => {
    const w = await makeWorld();
    const draft = await addDraft(w, { contactId: 'c-7' });
    const before = snapshot(w.ledger);
    const view = await viewDecision(w, 'rejected', draft);
    expect(view.outcome).toBe('rejected');
    expect(view.draft).toBe(draft);
    expect(view.rep?.id).toBe('rep-1');
    expect(view.contact?.id).toBe('c-7');
    expect(snapshot(w.ledger)).toBe(before);
  });

  it('leaves rep and contact undefined when they are gone', async () => {
    const w = await makeWorld();
    const draft = await addDraft(w);
    const view = await viewDecision(w, 'approved', { ...draft, repId: 'rep-gone', contactId: 'c-gone' });
    expect(view.rep).toBeUndefined();
    expect(view.contact).toBeUndefined();
  });
});

describe('viewSelection', () => {
  it('counts approved and skipped drafts for the link’s rep', async () => {
    const w = await makeWorld();
    const view = await viewSelection(w, { repId: 'rep-2', approved: ['a', 'b'], skipped: ['c'] }, 3);
    expect(view).toMatchObject({ approved: 2, skipped: 1, nothingSelected: false, locale: 'de' });
    expect(view.rep?.locale).toBe('en-GB');
  });

  it('says so when nothing was ticked', async () => {
    const w = await makeWorld();
    expect(await viewSelection(w, { repId: 'rep-1', approved: [], skipped: [] }, 0)).toMatchObject({ approved: 0, skipped: 0, nothingSelected: true });
  });
});
