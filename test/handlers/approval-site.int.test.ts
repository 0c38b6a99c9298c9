// The approval rules against the real DynamoDB ledger (DynamoDB Local): conditional writes decide exactly once.
import { beforeAll, describe, expect, it } from 'vitest';
import { notifyReps } from '../../functions/core/approval/notify-reps';
import { selectionValue } from '../../functions/core/approval/approve-selected';
import type { Ledger } from '../../functions/core/ports';
import { createApprovalHandler } from '../../functions/handlers/approval-site';
import { addDraft, linkTo, makeWorld, type World } from '../core/approval/approval-world';
import { freshTable } from '../support/local-aws';
import { call, formFields, httpEvent, SCANNER_UA, type SiteHandler } from './approval-site-events';

let w: Omit<World, 'ledger'> & { ledger: Ledger };
let handler: SiteHandler;

beforeAll(async () => {
  const table = await freshTable('approval');
  w = (await makeWorld({ ledger: table.ledger })) as unknown as typeof w;
  handler = createApprovalHandler(w as never) as unknown as SiteHandler;
});

describe('approval site on DynamoDB Local', () => {
  it('scanner GETs and HEAD leave the draft and token alone; ten concurrent POSTs decide once', async () => {
    const draft = await addDraft(w as never, { contactId: 'd-1' });
    const token = await linkTo(w as never, 'draft', [draft]);
    let page = '';
    for (let i = 0; i < 3; i++) page = (await call(handler, httpEvent('GET', `/d/${token}`, { headers: { 'user-agent': SCANNER_UA } }))).body;
    expect((await call(handler, httpEvent('HEAD', `/d/${token}`))).statusCode).toBe(200);
    const stored = await w.ledger.getDraft(draft.id);
    expect(stored).toMatchObject({ status: 'pending_approval', version: 1 });
    expect(stored?.decision).toBeUndefined();

    const results = await Promise.all(
      Array.from({ length: 10 }, () => call(handler, httpEvent('POST', `/d/${token}`, { form: { ...formFields(page), action: 'approve' } }))),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 410, 410, 410, 410, 410, 410, 410, 410, 410]);
    const decided = await w.ledger.getDraft(draft.id);
    expect(decided).toMatchObject({ status: 'approved', version: 2, decision: { action: 'approved', by: 'rep:rep-1', version: 1 } });
    expect(w.approvalSink.calls).toEqual([[draft.id]]);
    // status index moved with the decision; an approved draft still counts as open until it is sent
    expect((await w.ledger.listDrafts({ status: 'approved' })).items.map((d) => d.id)).toContain(draft.id);
    expect((await w.ledger.listOpenDraftContactIds('rep-1', 'other-run')).has('d-1')).toBe(true);
  });

  it('concurrent review-all POSTs and task reports still decide once per draft', async () => {
    const drafts = [await addDraft(w as never, { contactId: 'd-2' }), await addDraft(w as never, { contactId: 'd-3' })];
    const token = await linkTo(w as never, 'digest', drafts);
    const page = (await call(handler, httpEvent('GET', `/all/${token}`))).body;
    const form = { nonce: formFields(page).nonce, action: 'approve-selected', pick: drafts.map(selectionValue) };
    const before = w.approvalSink.ids.length;
    await Promise.all(Array.from({ length: 5 }, () => call(handler, httpEvent('POST', `/all/${token}`, { form }))));
    expect(w.approvalSink.ids.slice(before).sort()).toEqual(drafts.map((d) => d.id).sort());
    expect((await w.ledger.getDrafts(drafts.map((d) => d.id))).map((d) => d.version)).toEqual([2, 2]);

    const task = await addDraft(w as never, { contactId: 'd-4', kind: 'task', channel: 'call' });
    const taskToken = await linkTo(w as never, 'task', [task]);
    const taskPage = (await call(handler, httpEvent('GET', `/task/${taskToken}`))).body;
    const done = await Promise.all(Array.from({ length: 5 }, () => call(handler, httpEvent('POST', `/task/${taskToken}`, { form: { nonce: formFields(taskPage).nonce, action: 'done' } }))));
    expect(done.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(await w.ledger.listTouches('d-4')).toHaveLength(1);
    expect((await w.ledger.getDraft(task.id))?.status).toBe('done');
  });

  it('notifyReps mails each rep once per run', async () => {
    const runId = 'digest-test@20261127T0800Z';
    await addDraft(w as never, { contactId: 'd-5', runId, campaignId: 'digest-test' });
    await addDraft(w as never, { contactId: 'd-6', runId, campaignId: 'digest-test', status: 'needs_fix', missing: ['contact.lastName'] });
    const first = await notifyReps(w as never, { runId });
    const second = await notifyReps(w as never, { runId });
    expect(first.digests).toEqual([{ repId: 'rep-1', pending: 1, tasks: 0, needsFix: 1, outcome: 'sent' }]);
    expect(second.digests.map((d) => d.outcome)).toEqual(['already_sent']);
    expect(w.mailer.sent.filter((m) => m.subject.includes('digest-test'))).toHaveLength(1);
  });
});
