import { describe, expect, it } from 'vitest';
import { openDigestLink, openDraftLink, openTaskLink } from '../../../functions/core/approval/link-access';
import { CLAIM_STALE_MS, DIGEST_DRAFTS_LISTED, REVIEW_ALL_PART, digestMarkerHash, notifyReps } from '../../../functions/core/approval/notify-reps';
import { MailerError } from '../../../functions/core/errors';
import { aContact, aDraft } from '../../support/factories';
import { addDraft, makeWorld, type World } from './approval-world';

const RUN = 'crisis-update@20261127T0800Z';
const linksIn = (text: string) => [...text.matchAll(/http:\/\/localhost:8787\/(d|all|task)\/([A-Za-z0-9_-]{43})/g)].map((m) => ({ kind: m[1]!, token: m[2]! }));

async function crisisRun(w: World) {
  await w.ledger.putContact(aContact({ id: 'c-2', firstName: 'Bernd', lastName: 'Kraus', company: 'Kraus & Söhne <KG>', salutation: 'mr', title: '' }));
  await w.ledger.putContact(aContact({ id: 'c-3', firstName: 'Clara', lastName: 'Lang', company: 'Lang AG', phone: '+49 30 1234567' }));
  await w.ledger.putContact(aContact({ id: 'c-4', firstName: 'Dora', lastName: 'Meier', company: 'Meier OHG' }));
  await w.ledger.putContact(aContact({ id: 'c-5', firstName: 'Ed', lastName: 'Nash', company: 'Nash Ltd', repId: 'rep-2', locale: 'en-GB' }));
  return {
    mail: await addDraft(w, { contactId: 'c-1', content: { subject: 'Wir sind für Sie da', html: '<p>x</p>', text: 'x' } }),
    letter: await addDraft(w, { contactId: 'c-2', channel: 'letter', kind: 'letter', content: { subject: 'Ihre Lieferungen', html: '', text: 'y' } }),
    call: await addDraft(w, { contactId: 'c-3', channel: 'call', kind: 'task', content: { subject: '', html: '', text: 'anrufen' } }),
    fix: await addDraft(w, { contactId: 'c-4', status: 'needs_fix', missing: ['contact.email'] }),
    english: await addDraft(w, { contactId: 'c-5', repId: 'rep-2', locale: 'en-GB', content: { subject: 'We are here for you', html: '<p>z</p>', text: 'z' } }),
    decided: await addDraft(w, { contactId: 'c-6', status: 'approved' }),
  };
}

describe('notifyReps', () => {
  it('mails one digest per rep in the rep’s language, grouped by channel, with working links', async () => {
    const w = await makeWorld();
    const d = await crisisRun(w);
    const result = await notifyReps(w, { runId: RUN, campaignName: 'Krisen-Update' });
    expect(result.digests).toEqual([
      { repId: 'rep-1', pending: 2, tasks: 1, needsFix: 1, outcome: 'sent' },
      { repId: 'rep-2', pending: 1, tasks: 0, needsFix: 0, outcome: 'sent' },
    ]);
    expect(w.mailer.sent).toHaveLength(2);
    const [de, en] = w.mailer.sent;
    expect(de).toMatchObject({ to: ['petra.schneider@example.com'], from: 'updates@presence.example', subject: '2 Entwürfe warten auf Ihre Freigabe – Krisen-Update' });
    expect(en).toMatchObject({ to: ['jonas.weber@example.com'], subject: '1 draft is waiting for your approval – Krisen-Update' });

    const text = de!.text;
    expect(text).toContain('== E-Mail (1) ==');
    expect(text).toContain('== Brief (1) ==');
    expect(text).toContain('== Anruf (1) ==');
    expect(text).toContain('Telefon: +49 30 1234567');
    expect(text).toContain('Dora Meier (Meier OHG) (E-Mail): es fehlt contact.email');
    expect(text).not.toContain(d.decided.id);
    const links = linksIn(text);
    expect(links.map((l) => l.kind).sort()).toEqual(['all', 'd', 'd', 'task']);
    // the HTML part carries the same links
    expect(linksIn(de!.html!).map((l) => l.token).sort()).toEqual(links.map((l) => l.token).sort());
    for (const l of links) {
      if (l.kind === 'd') expect([d.mail.id, d.letter.id]).toContain((await openDraftLink(w, l.token)).draft.id);
      if (l.kind === 'task') expect((await openTaskLink(w, l.token)).draft.id).toBe(d.call.id);
      if (l.kind === 'all') expect([...(await openDigestLink(w, l.token)).open].sort()).toEqual([d.mail.id, d.letter.id].sort());
    }
    // one link per draft: the English rep's single draft gets no "review all"
    expect(linksIn(en!.text).map((l) => l.kind)).toEqual(['d']);
    expect(en!.text).toContain('Open: http://localhost:8787/d/');
  });

  it('escapes customer data in the HTML digest', async () => {
    const w = await makeWorld();
    await crisisRun(w);
    await notifyReps(w, { runId: RUN });
    const html = w.mailer.sent[0]!.html!;
    expect(html).toContain('Kraus &amp; Söhne &lt;KG&gt;');
    expect(html).not.toContain('<KG>');
    expect(w.mailer.sent[0]!.text).toContain('Kraus & Söhne <KG>');
  });

  it('sends each rep’s digest once per run, again only when forced', async () => {
    const w = await makeWorld();
    await crisisRun(w);
    await notifyReps(w, { runId: RUN });
    const again = await notifyReps(w, { runId: RUN });
    expect(again.digests.map((x) => x.outcome)).toEqual(['already_sent', 'already_sent']);
    expect(w.mailer.sent).toHaveLength(2);
    const forced = await notifyReps(w, { runId: RUN, force: true });
    expect(forced.digests.map((x) => x.outcome)).toEqual(['sent', 'sent']);
    expect(w.mailer.sent).toHaveLength(4);
  });

  it('retries a digest whose send failed once the claim is stale, not while it is fresh', async () => {
    const w = await makeWorld();
    await crisisRun(w);
    w.mailer.failNext.push(new MailerError('down', 'transient'));
    const first = await notifyReps(w, { runId: RUN });
    expect(first.digests.map((x) => x.outcome)).toEqual(['failed', 'sent']);
    expect(w.ledger.tokens.get(digestMarkerHash(RUN, 'rep-1'))?.usedAt).toBeUndefined();
    expect((await notifyReps(w, { runId: RUN })).digests.map((x) => x.outcome)).toEqual(['in_progress', 'already_sent']);
    w.clock.advance(CLAIM_STALE_MS);
    expect((await notifyReps(w, { runId: RUN })).digests.map((x) => x.outcome)).toEqual(['sent', 'already_sent']);
    expect(w.mailer.sent.map((m) => m.to[0])).toEqual(['jonas.weber@example.com', 'petra.schneider@example.com']);
  });

  it('shows the silent customers it is given and keeps tokens and names out of the logs', async () => {
    const w = await makeWorld();
    await crisisRun(w);
    await notifyReps(w, {
      runId: RUN,
      linkTtlHours: 24,
      silentCustomers: async (repId) =>
        repId === 'rep-1'
          ? [
              { contactId: 'c-7', name: 'Gerd Ohm', company: 'Ohm KG', lastTouchAt: '2026-06-01T10:00:00.000Z', silentDays: 179 },
              { contactId: 'c-8', name: 'Hanna Pohl', company: '' },
              // has a draft in this digest: not listed as silent
              { contactId: 'c-1', name: 'Anna Müller', company: 'Müller GmbH' },
            ]
          : [],
    });
    const de = w.mailer.sent[0]!;
    expect(de.text).toContain('== Lange nichts gehört (2) ==');
    expect(de.text).toContain('- Gerd Ohm (Ohm KG) – zuletzt 1. Juni 2026');
    expect(de.text).toContain('- Hanna Pohl – noch nie kontaktiert');
    expect(w.mailer.sent[1]!.text).not.toContain('Not heard from you');
    // the campaign's link lifetime is used
    expect(de.text).toContain('Die Links gelten bis 28.11.2026, 10:00');
    const logs = w.logger.text();
    for (const l of linksIn(de.text)) expect(logs).not.toContain(l.token);
    expect(logs).not.toContain('Müller');
    expect(logs).not.toContain('@example.com');
  });

  it('skips a run without drafts and refuses a base URL that is not http(s)', async () => {
    const w = await makeWorld();
    expect(await notifyReps(w, { runId: RUN })).toEqual({ runId: RUN, digests: [] });
    await expect(notifyReps({ ...w, config: { ...w.config, publicBaseUrl: 'javascript:alert(1)' } }, { runId: RUN })).rejects.toThrow(/http/);
  });
});

describe('notifyReps: what came back since the last digest', () => {
  it('shows replies (escaped, first lines only) and absences once, and the rep’s logging address', async () => {
    const w = await makeWorld();
    const d = await crisisRun(w);
    const { logAddressOf } = await import('../../../functions/core/inbound/inbound-addresses');
    await w.ledger.addInboxEntry({
      mailHash: 'a'.repeat(64),
      contactId: 'c-2',
      repId: 'rep-1',
      kind: 'reply',
      at: '2026-11-26T15:04:00.000Z',
      draftId: d.letter.id,
      excerpt: 'Danke! <b>Bitte</b> rufen Sie mich an.',
    });
    await w.ledger.addInboxEntry({ mailHash: 'b'.repeat(64), contactId: 'c-4', repId: 'rep-1', kind: 'away', at: '2026-11-26T16:00:00.000Z', draftId: d.fix.id, until: '2026-12-14' });
    const deps = { ...w, config: { ...w.config, receivingDomain: 'in.presence.example' } };

    await notifyReps(deps, { runId: RUN });
    const de = w.mailer.sent.find((m) => m.to[0] === 'petra.schneider@example.com')!;
    expect(de.text).toContain('== Geantwortet seit Ihrem letzten Überblick (1) ==');
    expect(de.text).toContain('- Bernd Kraus (Kraus & Söhne <KG>), 26.11.2026, 16:04');
    expect(de.text).toContain('Danke! <b>Bitte</b> rufen Sie mich an.');
    expect(de.html).toContain('Danke! &lt;b&gt;Bitte&lt;/b&gt; rufen Sie mich an.');
    expect(de.text).toContain('- Dr. Dora Meier (Meier OHG) – abwesend, presence schreibt ab 14. Dezember 2026 wieder');
    const logAddress = logAddressOf(await w.secrets.signingKey(), 'in.presence.example', 'rep-1')!;
    expect(de.text).toContain(`in BCC setzen: ${logAddress}`);
    // the English rep has nothing new
    expect(w.mailer.sent.find((m) => m.to[0] === 'jonas.weber@example.com')!.text).not.toContain('Replied since');

    expect(await w.ledger.listUnshownInbox('rep-1')).toEqual([]);
    await notifyReps(deps, { runId: RUN, force: true });
    expect(w.mailer.sent.at(-1)!.text).not.toContain('Geantwortet');
  });

  it('keeps a long digest readable and every token item small: the first drafts listed, review-all in parts', async () => {
    const w = await makeWorld();
    const count = 2 * REVIEW_ALL_PART + 50;
    const contacts = Array.from({ length: count }, (_, i) => aContact({ id: `k-${String(i).padStart(4, '0')}`, email: `k${i}@example.com`, lastName: `Kunde ${String(i).padStart(4, '0')}` }));
    for (const c of contacts) await w.ledger.putContact(c);
    await w.ledger.putDrafts(contacts.map((c) => aDraft({ contactId: c.id, content: { subject: `Betreff ${c.id}`, html: '<p>x</p>', text: 'x' } })));
    // the digest reads the contacts of the drafts it lists, not of all 450
    const read: string[] = [];
    const getContacts = w.ledger.getContacts.bind(w.ledger);
    w.ledger.getContacts = async (ids) => (read.push(...ids), getContacts(ids));
    await notifyReps(w, { runId: RUN, campaignName: 'Krisen-Update' });
    expect(read).toHaveLength(DIGEST_DRAFTS_LISTED);
    const [mail] = w.mailer.sent;
    const links = linksIn(mail!.text);
    // one link per listed draft, three review-all parts: 1-200, 201-400, 401-450
    expect(links.filter((l) => l.kind === 'd')).toHaveLength(DIGEST_DRAFTS_LISTED);
    const parts = links.filter((l) => l.kind === 'all');
    expect(parts).toHaveLength(3);
    expect(mail!.text).toContain(`1–${REVIEW_ALL_PART}: `);
    expect(mail!.text).toContain(`${2 * REVIEW_ALL_PART + 1}–${count}: `);
    expect(mail!.text).toContain(`${count - DIGEST_DRAFTS_LISTED} weitere Entwürfe stehen nicht einzeln in dieser Mail`);
    expect(mail!.html).toContain(`${REVIEW_ALL_PART + 1}–${2 * REVIEW_ALL_PART}</a>`);
    // together the parts open every draft exactly once, none more than REVIEW_ALL_PART
    const opened: string[] = [];
    for (const part of parts) {
      const open = await openDigestLink(w, part.token);
      expect(open.drafts.length).toBeLessThanOrEqual(REVIEW_ALL_PART);
      opened.push(...open.drafts.map((d) => d.contactId));
    }
    expect(opened.sort()).toEqual(contacts.map((c) => c.id).sort());
    // no token holds more ids than a part
    expect(Math.max(...[...w.ledger.tokens.values()].map((t) => t.draftIds.length))).toBe(REVIEW_ALL_PART);
  });
});
