// The approval site's take-back ("Freigabe zurücknehmen") and the contact's opt-out state on the rep's pages.
import { describe, expect, it } from 'vitest';
import { createApprovalHandler } from '../../functions/handlers/approval-site';
import { hashEmail } from '../../functions/core/ids';
import { aContact } from '../support/factories';
import { addDraft, linkTo, makeWorld, snapshot } from '../core/approval/approval-world';
import { call, formFields, httpEvent, type SiteHandler } from './approval-site-events';

const siteOf = (w: Awaited<ReturnType<typeof makeWorld>>) => createApprovalHandler(w) as unknown as SiteHandler;
const text = (page: string) => page.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const takeBackField = (page: string) => /name="takeBack" value="([^"]*)"/.exec(page)?.[1];

describe('taking an approval back on the draft’s page', () => {
  it('is offered after Approve and on the spent link within the grace period; only the POST takes it back, once', async () => {
    const w = await makeWorld();
    const handler = siteOf(w);
    const draft = await addDraft(w, { content: { subject: 'Kurzes Update', html: '', text: 'Hallo' } });
    const token = await linkTo(w, 'draft', [draft]);
    const page = (await call(handler, httpEvent('GET', `/d/${token}`))).body;
    const approved = await call(handler, httpEvent('POST', `/d/${token}`, { form: { ...formFields(page), action: 'approve' } }));
    expect(approved.statusCode).toBe(200);
    // 09:00 UTC + 2 minutes is 10:02 in Berlin
    expect(text(approved.body)).toContain('Bis 27.11.2026 um 10:02 Uhr können Sie die Freigabe zurücknehmen');
    expect(takeBackField(approved.body)).toBeTruthy();

    w.clock.advance(30_000);
    const before = snapshot(w.ledger);
    const status = await call(handler, httpEvent('GET', `/d/${token}`));
    expect(status.statusCode).toBe(200);
    expect(text(status.body)).toContain('Freigegeben von Ihnen');
    expect(status.body).toContain('value="take_back"');
    expect(status.body).toContain('method="post"');
    expect((await call(handler, httpEvent('HEAD', `/d/${token}`))).body).toBe('');
    expect(snapshot(w.ledger)).toBe(before);

    const form = { nonce: formFields(status.body).nonce, takeBack: takeBackField(status.body)!, action: 'take_back' };
    const back = await call(handler, httpEvent('POST', `/d/${token}`, { form }));
    expect(back.statusCode).toBe(303);
    const location = back.headers['location'] ?? '';
    expect(location).toMatch(/^[A-Za-z0-9_-]{43}\?notice=taken_back$/);
    expect((await w.ledger.getDraft(draft.id))?.status).toBe('pending_approval');

    const fresh = await call(handler, httpEvent('GET', `/d/${location.split('?')[0]}`, { query: 'notice=taken_back' }));
    expect(fresh.statusCode).toBe(200);
    expect(text(fresh.body)).toContain('Freigabe zurückgenommen. Der Entwurf wartet wieder auf Sie');
    expect(fresh.body).toContain('value="approve"');

    // the old link says what happened; the same form again takes nothing back
    const old = text((await call(handler, httpEvent('GET', `/d/${token}`))).body);
    expect(old).toContain('Freigabe zurückgenommen am 27.11.2026 um 10:00 Uhr');
    const twice = await call(handler, httpEvent('POST', `/d/${token}`, { form }));
    expect(twice.statusCode).toBe(200);
    expect(text(twice.body)).toContain('Diese Freigabe ist schon zurückgenommen.');
    expect(w.ledger.audits.filter((a) => a.action === 'approval.take-back')).toHaveLength(1);
    expect(w.logger.text()).not.toContain(token);
  });

  it('says it was too late once a sender has the mail, and after the grace period offers nothing', async () => {
    const w = await makeWorld();
    const handler = siteOf(w);
    const draft = await addDraft(w);
    const token = await linkTo(w, 'draft', [draft]);
    const page = (await call(handler, httpEvent('GET', `/d/${token}`))).body;
    const approved = (await call(handler, httpEvent('POST', `/d/${token}`, { form: { ...formFields(page), action: 'approve' } }))).body;
    const form = { nonce: formFields(approved).nonce, takeBack: takeBackField(approved)!, action: 'take_back' };
    await w.ledger.updateDraft(draft.id, { fromStatuses: ['approved'], set: { status: 'sending' } });
    const late = await call(handler, httpEvent('POST', `/d/${token}`, { form }));
    expect(late.statusCode).toBe(409);
    expect(text(late.body)).toContain('Zu spät zum Zurücknehmen');
    expect((await w.ledger.getDraft(draft.id))?.status).toBe('sending');

    await w.ledger.updateDraft(draft.id, { fromStatuses: ['sending'], set: { status: 'approved' } });
    w.clock.advance(120_000);
    expect((await call(handler, httpEvent('GET', `/d/${token}`))).body).not.toContain('take_back');
  });
});

describe('the contact’s opt-out state on the rep’s pages', () => {
  it('the draft page, the task page and the review-all items say who opted out, how and when', async () => {
    const w = await makeWorld();
    const handler = siteOf(w);
    for (const id of ['c-1', 'c-2', 'c-3']) await w.ledger.putContact(aContact({ id, email: `${id}@customer.example` }));
    const mail = await addDraft(w);
    const task = await addDraft(w, { contactId: 'c-2', kind: 'task', channel: 'visit' });
    const fine = await addDraft(w, { contactId: 'c-3' });
    const c1 = (await w.ledger.getContact('c-1'))!;
    await w.ledger.suppress({ emailHash: hashEmail(c1.email!), reason: 'unsubscribe', at: '2026-11-25T10:00:00.000Z' });
    const c2 = (await w.ledger.getContact('c-2'))!;
    await w.ledger.putContact({ ...c2, optedOut: true }, c2.version);

    const draftPage = text((await call(handler, httpEvent('GET', `/d/${await linkTo(w, 'draft', [mail])}`))).body);
    expect(draftPage).toContain('Keine Mails mehr an diesen Kontakt: abgemeldet, über den Abmeldelink am 25. November 2026.');
    const taskPage = text((await call(handler, httpEvent('GET', `/task/${await linkTo(w, 'task', [task])}`))).body);
    expect(taskPage).toContain('abgemeldet, laut CRM-Datei.');
    const list = (await call(handler, httpEvent('GET', `/all/${await linkTo(w, 'digest', [mail, fine])}`))).body;
    expect(list.match(/class="optout"/g)).toHaveLength(1);
    expect(text(list)).toContain('über den Abmeldelink am 25. November 2026');
    const clean = text((await call(handler, httpEvent('GET', `/d/${await linkTo(w, 'draft', [fine])}`))).body);
    expect(clean).not.toContain('Keine Mails mehr');
  });
});
