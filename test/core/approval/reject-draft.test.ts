// Rejecting a draft answers "when should presence ask again?": the answer is recorded with the rejection and holds
// the contact back, so a rejected contact is not drafted again by the next run. (It used to come back 13 minutes
// later in the rep's next digest.)
import { describe, expect, it } from 'vitest';
import { formNonce } from '../../../functions/core/approval/form-nonce';
import { rejectDraft } from '../../../functions/core/approval/reject-draft';
import { hashToken } from '../../../functions/core/approval/tokens';
import { InvalidToken, ValidationError, VersionConflict } from '../../../functions/core/errors';
import { planCampaign } from '../../../functions/core/plan-campaign';
import type { Contact } from '../../../functions/core/model';
import { crisisUpdate } from '../campaign-fixtures';
import { aContact } from '../../support/factories';
import { addDraft, linkTo, makeWorld, NOW, snapshot } from './approval-world';

const nonceOf = (token: string) => formNonce({ signingKey: async () => Buffer.alloc(32, 7) }, hashToken(token));

async function rejectable(over: { cadenceDays?: number; nextDueAt?: string; snooze?: Contact['snooze'] } = {}) {
  const w = await makeWorld();
  await w.ledger.putContact(aContact({ id: 'c-1', repId: 'rep-1', cadenceDays: over.cadenceDays ?? 30, nextDueAt: over.nextDueAt ?? '2026-11-20T00:00:00.000Z', ...(over.snooze ? { snooze: over.snooze } : {}) }));
  const draft = await addDraft(w);
  const token = await linkTo(w, 'draft', [draft]);
  const reject = async (fields: { askAgain?: string; askAgainOn?: string; reason?: string } = {}) => rejectDraft(w, { token, nonce: await nonceOf(token), version: '1', ...fields });
  return { w, draft, token, reject };
}

const errorOf = async (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

describe('rejectDraft: when should presence ask again?', () => {
  it('at the next cadence (the default): snoozed and due one cadence after the rejection, as a touch then would be', async () => {
    const { w, reject } = await rejectable({ cadenceDays: 30 });
    const { draft } = await reject();
    expect(draft.decision?.askAgain).toEqual({ choice: 'next-cadence', until: '2026-12-27T09:00:00.000Z' });
    const contact = (await w.ledger.getContact('c-1'))!;
    expect(contact.nextDueAt).toBe('2026-12-27T09:00:00.000Z');
    expect(contact.snooze).toEqual({ until: '2026-12-27T09:00:00.000Z', reason: 'rejected', at: NOW, by: 'rep:rep-1' });
    // no touch: the customer heard nothing
    expect(contact.lastTouchAt).toBeUndefined();
  });

  it('at the next cadence never moves a later due date back', async () => {
    const { w, reject } = await rejectable({ cadenceDays: 7, nextDueAt: '2027-01-15T00:00:00.000Z' });
    await reject({ askAgain: 'next-cadence' });
    expect((await w.ledger.getContact('c-1'))!.nextDueAt).toBe('2027-01-15T00:00:00.000Z');
  });

  it('in 2 weeks, in a month, on a date (the day in the rep’s time zone): snoozed until then, the due date untouched', async () => {
    for (const [fields, until] of [
      [{ askAgain: 'two-weeks' }, '2026-12-11T09:00:00.000Z'],
      [{ askAgain: 'month' }, '2026-12-27T09:00:00.000Z'],
      [{ askAgain: 'date', askAgainOn: '2027-04-01' }, '2027-03-31T22:00:00.000Z'],
    ] as const) {
      const { w, reject } = await rejectable();
      const { draft } = await reject(fields);
      expect(draft.decision?.askAgain, fields.askAgain).toEqual({ choice: fields.askAgain, until });
      const contact = (await w.ledger.getContact('c-1'))!;
      expect(contact.snooze, fields.askAgain).toEqual({ until, reason: 'rejected', at: NOW, by: 'rep:rep-1' });
      expect(contact.nextDueAt, fields.askAgain).toBe('2026-11-20T00:00:00.000Z');
    }
  });

  it('not in this campaign: this campaign passes the contact by for a year, the others do not', async () => {
    const { w, reject } = await rejectable();
    const { draft } = await reject({ askAgain: 'not-in-campaign' });
    expect(draft.decision?.askAgain).toEqual({ choice: 'not-in-campaign', until: '2027-11-27T09:00:00.000Z' });
    expect((await w.ledger.getContact('c-1'))!.snooze).toEqual({ until: '2027-11-27T09:00:00.000Z', reason: 'rejected', at: NOW, by: 'rep:rep-1', campaignId: 'crisis-update' });
  });

  it('a rejected contact is not drafted by the next run; "in 2 weeks" drafts it again 15 days later', async () => {
    const { w, draft, reject } = await rejectable();
    await reject({ askAgain: 'two-weeks' });
    const { campaign, library } = await crisisUpdate();
    const plan = (at: string) => planCampaign({ ledger: w.ledger, clock: w.clock, logger: w.logger, templates: library }, { campaign, runAt: new Date(at) });
    const nextRun = await plan('2026-11-27T09:13:00.000Z');
    expect(nextRun).toMatchObject({ drafted: 0, skipped: { snoozed: 1 } });
    expect(await plan('2026-11-28T09:00:00.000Z')).toMatchObject({ drafted: 0, skipped: { snoozed: 1 } });
    const later = await plan('2026-12-12T09:00:00.000Z');
    expect(later).toMatchObject({ drafted: 1, skipped: { snoozed: 0, held: 0 } });
    expect(w.ledger.drafts.has(`${later.runId}~c-1`)).toBe(true);
    expect(w.ledger.drafts.get(draft.id)!.status).toBe('rejected');
  });

  it('keeps a longer snooze the contact already has', async () => {
    const away = { until: '2027-02-01T00:00:00.000Z', reason: 'away', at: '2026-11-20T00:00:00.000Z' };
    const { w, reject } = await rejectable({ snooze: away });
    const { draft } = await reject({ askAgain: 'two-weeks' });
    expect(draft.status).toBe('rejected');
    expect((await w.ledger.getContact('c-1'))!.snooze).toEqual(away);
  });

  it('refuses a bad answer, naming the field, and writes nothing', async () => {
    for (const [fields, path] of [
      [{ askAgain: 'tomorrow' }, 'askAgain'],
      [{ askAgain: 'date' }, 'askAgainOn'],
      [{ askAgain: 'date', askAgainOn: '' }, 'askAgainOn'],
      [{ askAgain: 'date', askAgainOn: '2027-02-30' }, 'askAgainOn'],
      [{ askAgain: 'date', askAgainOn: '2026-11-27' }, 'askAgainOn'],
      [{ askAgain: 'date', askAgainOn: '2026-11-01' }, 'askAgainOn'],
      [{ askAgain: 'date', askAgainOn: '2045-01-01' }, 'askAgainOn'],
    ] as const) {
      const { w, reject } = await rejectable();
      const before = snapshot(w.ledger);
      const error = await errorOf(reject(fields));
      expect(error, JSON.stringify(fields)).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((i) => i.path), JSON.stringify(fields)).toEqual([path]);
      expect(snapshot(w.ledger), JSON.stringify(fields)).toBe(before);
    }
  });

  it('writes the snooze with the rejection or not at all: a draft decided meanwhile leaves the contact as it was', async () => {
    const { w, draft, reject } = await rejectable();
    const before = JSON.stringify(await w.ledger.getContact('c-1'));
    // someone approves between the page's read and the transaction
    const original = w.ledger.updateDraftReplacingContact.bind(w.ledger);
    w.ledger.updateDraftReplacingContact = async (...args) => {
      await w.ledger.updateDraft(draft.id, { set: { status: 'approved' } });
      return original(...args);
    };
    expect(await errorOf(reject({ askAgain: 'two-weeks' }))).toBeInstanceOf(InvalidToken);
    expect(JSON.stringify(await w.ledger.getContact('c-1'))).toBe(before);
  });

  it('reads the contact again when it changed meanwhile (a touch) and keeps both changes', async () => {
    const { w, reject } = await rejectable();
    const original = w.ledger.updateDraftReplacingContact.bind(w.ledger);
    let raced = false;
    w.ledger.updateDraftReplacingContact = async (...args) => {
      if (!raced) {
        raced = true;
        await w.ledger.recordTouch({ touch: { id: 't-1', contactId: 'c-1', at: '2026-11-27T08:00:00.000Z', channel: 'call', repId: 'rep-1', source: 'manual' } });
      }
      return original(...args);
    };
    const { draft } = await reject({ askAgain: 'two-weeks' });
    expect(draft.status).toBe('rejected');
    const contact = (await w.ledger.getContact('c-1'))!;
    expect(contact.lastTouchAt).toBe('2026-11-27T08:00:00.000Z');
    expect(contact.snooze?.until).toBe('2026-12-11T09:00:00.000Z');
  });

  it('gives up after repeated conflicts, leaving the draft undecided', async () => {
    const { w, draft, reject } = await rejectable();
    w.ledger.updateDraftReplacingContact = async () => {
      throw new VersionConflict('always');
    };
    expect(await errorOf(reject())).toBeInstanceOf(VersionConflict);
    expect(w.ledger.drafts.get(draft.id)!.status).toBe('pending_approval');
  });

  it('a contact erased between the link check and the rejection ends the link, and the draft stays as it was', async () => {
    const { w, draft, reject } = await rejectable();
    const original = w.ledger.getContact.bind(w.ledger);
    let reads = 0;
    w.ledger.getContact = async (id) => (++reads > 1 ? undefined : original(id));
    expect(await errorOf(reject({ askAgain: 'two-weeks' }))).toBeInstanceOf(InvalidToken);
    expect(w.ledger.drafts.get(draft.id)!.status).toBe('pending_approval');
  });
});
