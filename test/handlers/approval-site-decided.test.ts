// The approval site after a decision and on the review-all list: a used link shows what became of its own draft(s)
// (by whom, when, sent when) and changes nothing; unknown and expired links stay generic; the list starts with
// nothing ticked, opens each draft on its own page through the list link and rejects one draft at a time.
import { describe, expect, it } from 'vitest';
import { createApprovalHandler } from '../../functions/handlers/approval-site';
import { aContact } from '../support/factories';
import { addDraft, linkTo, makeWorld, snapshot } from '../core/approval/approval-world';
import { call, formFields, httpEvent, type SiteHandler } from './approval-site-events';

const siteOf = (w: Awaited<ReturnType<typeof makeWorld>>) => createApprovalHandler(w) as unknown as SiteHandler;
const text = (page: string) => page.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('a used link shows its draft’s status', () => {
  it('approved by you, then sent, in the rep’s time zone and German dates; GET and HEAD change nothing', async () => {
    const w = await makeWorld();
    const handler = siteOf(w);
    const draft = await addDraft(w, { content: { subject: 'Kurzes Update', html: '', text: 'Hallo' } });
    const other = await addDraft(w, { contactId: 'c-2', content: { subject: 'Andere Sache', html: '', text: 'x' } });
    const token = await linkTo(w, 'draft', [draft]);
    const page = (await call(handler, httpEvent('GET', `/d/${token}`))).body;
    // 09:00 UTC is 10:00 in Berlin
    expect((await call(handler, httpEvent('POST', `/d/${token}`, { form: { ...formFields(page), action: 'approve' } }))).statusCode).toBe(200);
    w.clock.advance(2 * 60_000);
    await w.ledger.updateDraft(draft.id, { expectedVersion: 2, fromStatuses: ['approved'], set: { status: 'sent', sentAt: w.clock.now().toISOString(), updatedAt: w.clock.now().toISOString() } });

    const before = snapshot(w.ledger);
    const res = await call(handler, httpEvent('GET', `/d/${token}`));
    expect(res.statusCode).toBe(200);
    const words = text(res.body);
    expect(words).toContain('Schon entschieden');
    expect(words).toContain('Freigegeben von Ihnen am 27.11.2026 um 10:00 Uhr');
    expect(words).toContain('Verschickt am 27.11.2026 um 10:02 Uhr');
    expect(words).toContain('Betreff: Kurzes Update');
    // only the link's own draft
    expect(words).not.toContain('Andere Sache');
    expect(res.body).not.toContain(other.id);
    expect(res.body).not.toContain('name="nonce"');
    const head = await call(handler, httpEvent('HEAD', `/d/${token}`));
    expect([head.statusCode, head.body]).toEqual([200, '']);
    expect(snapshot(w.ledger)).toBe(before);
    expect(w.logger.text()).not.toContain(token);
  });

  it('speaks English for an English rep, names another decider, and says when presence asks again', async () => {
    const w = await makeWorld();
    const handler = siteOf(w);
    await w.ledger.putContact(aContact({ id: 'c-9', repId: 'rep-2' }));
    const draft = await addDraft(w, { contactId: 'c-9', repId: 'rep-2', locale: 'en-GB' });
    const token = await linkTo(w, 'draft', [draft]);
    const page = (await call(handler, httpEvent('GET', `/d/${token}`))).body;
    await call(handler, httpEvent('POST', `/d/${token}`, { form: { ...formFields(page), action: 'reject', askAgain: 'two-weeks' } }));
    const words = text((await call(handler, httpEvent('GET', `/d/${token}`))).body);
    expect(words).toContain('Already decided');
    expect(words).toContain('Rejected by you on 27 Nov 2026 at 09:00');
    expect(words).toContain('presence will ask again from 11 December 2026.');
  });

  it('a draft decided through the list shows on its own link too; the decider is named when it is someone else', async () => {
    const w = await makeWorld();
    const handler = siteOf(w);
    const draft = await addDraft(w);
    const own = await linkTo(w, 'draft', [draft]);
    const list = await linkTo(w, 'digest', [draft]);
    const page = (await call(handler, httpEvent('GET', `/all/${list}`))).body;
    const pick = /name="pick" value="([^"]+)"/.exec(page)![1]!;
    await call(handler, httpEvent('POST', `/all/${list}`, { form: { nonce: formFields(page).nonce, action: 'approve-selected', pick } }));
    expect(text((await call(handler, httpEvent('GET', `/d/${own}`))).body)).toContain('Freigegeben von Ihnen am 27.11.2026 um 10:00 Uhr');
    // the list link, spent, shows its drafts
    expect(text((await call(handler, httpEvent('GET', `/all/${list}`))).body)).toContain('Freigegeben von Ihnen am');
    // decided by a deputy standing in (another rep): named, not "you"
    const d2 = await addDraft(w, { contactId: 'c-2' });
    const link2 = await linkTo(w, 'draft', [d2]);
    await w.ledger.updateDraft(d2.id, { expectedVersion: 1, fromStatuses: ['pending_approval'], set: { status: 'approved', decision: { action: 'approved', by: 'rep:rep-2', at: '2026-11-27T09:30:00.000Z', version: 1 }, updatedAt: '2026-11-27T09:30:00.000Z' } });
    expect(text((await call(handler, httpEvent('GET', `/d/${link2}`))).body)).toContain('Freigegeben von Jonas Weber am 27.11.2026 um 10:30 Uhr');
  });

  it('stays generic for unknown, expired, other-rep and reassigned links, and for a draft still waiting', async () => {
    const w = await makeWorld();
    const handler = siteOf(w);
    const generic = async (path: string) => {
      const res = await call(handler, httpEvent('GET', path));
      expect(res.statusCode, path).toBe(410);
      expect(res.body).toContain('Dieser Link ist nicht mehr gültig.');
      expect(res.body).not.toContain('Schon entschieden');
    };
    const a = await addDraft(w, { contactId: 'c-1' });
    const expiring = await linkTo(w, 'draft', [a], { ttlHours: 1 });
    const page = (await call(handler, httpEvent('GET', `/d/${expiring}`))).body;
    await call(handler, httpEvent('POST', `/d/${expiring}`, { form: { ...formFields(page), action: 'approve' } }));
    expect((await call(handler, httpEvent('GET', `/d/${expiring}`))).statusCode).toBe(200);
    w.clock.advance(2 * 3_600_000);
    await generic(`/d/${expiring}`);
    await generic(`/d/${'A'.repeat(43)}`);
    // a link of rep-2 naming rep-1's decided draft
    await generic(`/d/${await linkTo(w, 'draft', [a], { repId: 'rep-2' })}`);
    // the wrong kind of link for the draft
    await generic(`/task/${await linkTo(w, 'draft', [a])}`);
    // decided, but the customer has moved to another rep since
    const b = await addDraft(w, { contactId: 'c-2', status: 'rejected' });
    const moved = await linkTo(w, 'draft', [b]);
    const contact = (await w.ledger.getContact('c-2'))!;
    await w.ledger.putContact({ ...contact, repId: 'rep-2' }, contact.version);
    await generic(`/d/${moved}`);
    // still waiting, but the link died because someone else edited the words
    const c = await addDraft(w, { contactId: 'c-3' });
    const stale = await linkTo(w, 'draft', [c]);
    await w.ledger.updateDraft(c.id, { expectedVersion: 1, fromStatuses: ['pending_approval'], set: { content: { ...c.content, text: 'neu' }, editedBy: 'cli', updatedAt: w.clock.now().toISOString() } });
    await generic(`/d/${stale}`);
  });
});

describe('review all, phone first', () => {
  it('starts with nothing ticked; ?select=all ticks every open draft; the bar holds select-all and approve', async () => {
    const w = await makeWorld();
    const handler = siteOf(w);
    const drafts = [await addDraft(w, { contactId: 'c-1' }), await addDraft(w, { contactId: 'c-2' })];
    const token = await linkTo(w, 'digest', drafts);
    const page = (await call(handler, httpEvent('GET', `/all/${token}`))).body;
    expect(page.match(/<input type="checkbox" name="pick"/g)).toHaveLength(2);
    expect(page).not.toMatch(/name="pick"[^>]*checked/);
    const bar = page.slice(page.indexOf('<section class="bar"'));
    expect(bar).toContain('<button type="submit" form="select" name="select" value="all" id="select-all"');
    expect(bar).toContain('>Alle auswählen</button>');
    expect(bar).toContain('<button type="submit" form="pick" name="action" value="approve-selected" class="primary">Ausgewählte freigeben</button>');
    const all = (await call(handler, httpEvent('GET', `/all/${token}`, { query: 'select=all' }))).body;
    expect(all.match(/name="pick"[^>]*checked/g)).toHaveLength(2);
    expect(all).toContain('name="select" value="none"');
    expect(all).toContain('>Auswahl aufheben</button>');
  });

  it('opens each draft on its own page through the list link; deciding there keeps the list link alive', async () => {
    const w = await makeWorld();
    const handler = siteOf(w);
    const drafts = [await addDraft(w, { contactId: 'c-1' }), await addDraft(w, { contactId: 'c-2' }), await addDraft(w, { contactId: 'c-3' })];
    const own = await linkTo(w, 'draft', [drafts[1]!]);
    const token = await linkTo(w, 'digest', drafts);
    const list = (await call(handler, httpEvent('GET', `/all/${token}`))).body;
    expect(list).toContain(`href="${token}/2"`);
    const item = await call(handler, httpEvent('GET', `/all/${token}/2`));
    expect(item.statusCode).toBe(200);
    expect(item.body).toContain(`<a href="../${token}">Zurück zur Liste</a>`);
    expect(item.body).toContain('<button type="submit" form="decide" name="action" value="approve" class="primary">Freigeben</button>');
    // edit and save through the list: back to the item's page; the draft's own link is edited elsewhere now
    const saved = await call(handler, httpEvent('POST', `/all/${token}/2`, { form: { ...formFields(item.body), action: 'save', subject: 'Neu', text: 'Neuer Text' } }));
    expect(saved).toMatchObject({ statusCode: 303, headers: { location: `/all/${token}/2?notice=saved` } });
    expect((await call(handler, httpEvent('GET', `/d/${own}`))).statusCode).toBe(410);
    const again = (await call(handler, httpEvent('GET', `/all/${token}/2`, { query: 'notice=saved' }))).body;
    const approved = await call(handler, httpEvent('POST', `/all/${token}/2`, { form: { ...formFields(again), action: 'approve', subject: 'Neu', text: 'Neuer Text' } }));
    expect(approved.statusCode).toBe(200);
    expect(approved.body).toContain(`<a href="../${token}">Zurück zur Liste</a>`);
    expect(await w.ledger.getDraft(drafts[1]!.id)).toMatchObject({ status: 'approved', content: { subject: 'Neu', text: 'Neuer Text' } });
    expect(w.approvalSink.ids).toEqual([drafts[1]!.id]);
    // the list lives on, the decided draft with its state, the others still open
    const after = (await call(handler, httpEvent('GET', `/all/${token}`))).body;
    expect(after.match(/<input type="checkbox" name="pick"/g)).toHaveLength(2);
    expect(text(after)).toContain('Freigegeben von Ihnen am 27.11.2026 um 10:00 Uhr');
    // the decided item's page shows its status; a place outside the list is generic
    expect(text((await call(handler, httpEvent('GET', `/all/${token}/2`))).body)).toContain('Schon entschieden');
    expect((await call(handler, httpEvent('GET', `/all/${token}/4`))).statusCode).toBe(410);
  });

  it('rejects one draft from the list (next cadence), and the spent list shows every draft', async () => {
    const w = await makeWorld();
    const handler = siteOf(w);
    const drafts = [await addDraft(w, { contactId: 'c-1' }), await addDraft(w, { contactId: 'c-2' })];
    const token = await linkTo(w, 'digest', drafts);
    const list = (await call(handler, httpEvent('GET', `/all/${token}`))).body;
    const button = new RegExp(`<button type="submit" form="reject-one" formaction="${token}/1" name="version" value="1" class="danger small" aria-label="Entwurf für Dr. Anna Müller \\(Müller GmbH\\) ablehnen">Ablehnen</button>`);
    expect(list).toMatch(button);
    const rejectForm = /<form id="reject-one" method="post" action="">([\s\S]*?)<\/form>/.exec(list)![1]!;
    expect(rejectForm).toContain('name="action" value="reject"');
    const nonce = /name="nonce" value="([^"]+)"/.exec(rejectForm)![1]!;
    const res = await call(handler, httpEvent('POST', `/all/${token}/1`, { form: { nonce, action: 'reject', version: '1' } }));
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Abgelehnt');
    expect(await w.ledger.getDraft(drafts[0]!.id)).toMatchObject({ status: 'rejected', decision: { action: 'rejected', askAgain: { choice: 'next-cadence' } } });
    // approve the other from the list: nothing open is left, so the list link is spent and shows both
    const page = (await call(handler, httpEvent('GET', `/all/${token}`))).body;
    const pick = /name="pick" value="([^"]+)"/.exec(page)![1]!;
    await call(handler, httpEvent('POST', `/all/${token}`, { form: { nonce: formFields(page).nonce, action: 'approve-selected', pick } }));
    const spent = await call(handler, httpEvent('GET', `/all/${token}`));
    expect(spent.statusCode).toBe(200);
    const words = text(spent.body);
    expect(words).toContain('So steht es um die 2 Entwürfe:');
    expect(words).toContain('Abgelehnt von Ihnen am 27.11.2026 um 10:00 Uhr');
    expect(words).toContain('Freigegeben von Ihnen am 27.11.2026 um 10:00 Uhr');
  });
});

describe('task page on a phone', () => {
  it('dials the number and searches the address on OpenStreetMap, encoded', async () => {
    const w = await makeWorld();
    const handler = siteOf(w);
    await w.ledger.putContact(aContact({ id: 'c-5', phone: '+49 (89) 765-4321', address: { street: 'Brücken & Weg "7"', postalCode: '80331', city: 'München', country: 'DE' } }));
    const task = await addDraft(w, { contactId: 'c-5', kind: 'task', channel: 'call', content: { subject: '', html: '', text: 'Anrufen' } });
    const page = (await call(handler, httpEvent('GET', `/task/${await linkTo(w, 'task', [task])}`))).body;
    expect(page).toContain('<a class="big" href="tel:+49897654321">+49 (89) 765-4321</a>');
    expect(page).toContain('href="https://www.openstreetmap.org/search?query=Br%C3%BCcken%20%26%20Weg%20%227%22%2C%2080331%20M%C3%BCnchen%2C%20DE" target="_blank" rel="noopener noreferrer"');
  });
});
