import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createApprovalHandler } from '../../functions/handlers/approval-site';
import { createRenewSiteHandler, createSiteHandler } from '../../functions/handlers/approval-site/site-handler';
import { hashToken, issueLink } from '../../functions/core/approval/tokens';
import { PAGE_SCRIPT } from '../../functions/web/approval/page-script';
import { addDraft, linkTo, makeWorld, snapshot, type World } from '../core/approval/approval-world';
import { call, formFields, httpEvent, type SiteHandler } from './approval-site-events';

async function site(world?: World & { ledger: import('../../functions/adapters/memory/memory-ledger').MemoryLedger }) {
  const w = world ?? (await makeWorld());
  return { w, handler: createApprovalHandler(w) as unknown as SiteHandler };
}

const approveForm = (html: string, extra: Record<string, string> = {}) => ({ ...formFields(html), action: 'approve', ...extra });

describe('approval site: scanner safety', () => {
  it('three GETs and a HEAD by a mail scanner change nothing; then one POST approves', async () => {
    const { w, handler } = await site();
    const draft = await addDraft(w);
    const token = await linkTo(w, 'draft', [draft]);
    const before = snapshot(w.ledger);
    let page = '';
    for (let i = 0; i < 3; i++) {
      const res = await call(handler, httpEvent('GET', `/d/${token}`));
      expect(res.statusCode).toBe(200);
      page = res.body;
    }
    const head = await call(handler, httpEvent('HEAD', `/d/${token}`));
    expect(head.statusCode).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers['content-security-policy']).toContain("default-src 'none'");
    expect(snapshot(w.ledger)).toBe(before);
    expect((await w.ledger.getDraft(draft.id))?.status).toBe('pending_approval');

    const res = await call(handler, httpEvent('POST', `/d/${token}`, { form: approveForm(page) }));
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Freigegeben');
    expect(await w.ledger.getDraft(draft.id)).toMatchObject({ status: 'approved', decision: { action: 'approved', by: 'rep:rep-1', version: 1 } });
    expect(w.approvalSink.calls).toEqual([[draft.id]]);
    expect(w.logger.text()).not.toContain(token);
  });

  it('ten concurrent approve POSTs give exactly one decision', async () => {
    const { w, handler } = await site();
    const draft = await addDraft(w);
    const token = await linkTo(w, 'draft', [draft]);
    const page = (await call(handler, httpEvent('GET', `/d/${token}`))).body;
    const results = await Promise.all(Array.from({ length: 10 }, () => call(handler, httpEvent('POST', `/d/${token}`, { form: approveForm(page) }))));
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 410)).toHaveLength(9);
    expect((await w.ledger.getDraft(draft.id))?.version).toBe(2);
    expect(w.approvalSink.calls).toEqual([[draft.id]]);
  });
});

describe('approval site: links that do not work', () => {
  it('tampered, expired, wrong-rep, reused and unknown tokens get the same generic 410 and change nothing', async () => {
    const { w, handler } = await site();
    const drafts = [await addDraft(w, { contactId: 'c-1' }), await addDraft(w, { contactId: 'c-2' }), await addDraft(w, { contactId: 'c-3' }), await addDraft(w, { contactId: 'c-4' })];
    const valid = await linkTo(w, 'draft', [drafts[0]!]);
    const tampered = valid.slice(0, 20) + (valid[20] === 'A' ? 'B' : 'A') + valid.slice(21);
    const expiring = await linkTo(w, 'draft', [drafts[1]!], { ttlHours: 1 });
    const wrongRep = (await issueLink(w, { kind: 'draft', repId: 'rep-2', draftIds: [drafts[2]!.id], draftVersion: 1, ttlHours: 72 })).token;
    const reused = await linkTo(w, 'draft', [drafts[3]!]);
    const reusedPage = (await call(handler, httpEvent('GET', `/d/${reused}`))).body;
    expect((await call(handler, httpEvent('POST', `/d/${reused}`, { form: approveForm(reusedPage) }))).statusCode).toBe(200);
    const nonceFor = (await call(handler, httpEvent('GET', `/d/${valid}`))).body;
    w.clock.advance(2 * 3_600_000);

    const before = snapshot(w.ledger);
    const bodies = new Set<string>();
    for (const token of [tampered, expiring, wrongRep, reused, 'A'.repeat(43), 'short', '%3Cscript%3E']) {
      for (const event of [
        // a GET of the used link shows what became of its draft (the next test); everything else is generic
        ...(token === reused ? [] : [httpEvent('GET', `/d/${token}`), httpEvent('HEAD', `/d/${token}`), httpEvent('GET', `/all/${token}/1`)]),
        httpEvent('POST', `/d/${token}`, { form: approveForm(nonceFor, { version: '1' }) }),
        httpEvent('GET', `/all/${token}`),
        httpEvent('POST', `/all/${token}/1`, { form: approveForm(nonceFor, { version: '1' }) }),
        httpEvent('POST', `/task/${token}`, { form: { ...formFields(nonceFor), action: 'done' } }),
      ]) {
        const res = await call(handler, event);
        expect(res.statusCode).toBe(410);
        if (event.requestContext.http.method !== 'HEAD') bodies.add(res.body.replace(`name="link" value="${token}"`, 'name="link" value=""'));
      }
    }
    expect(bodies.size).toBe(1);
    expect([...bodies][0]).toContain('Dieser Link ist nicht mehr gültig.');
    expect([...bodies][0]).toContain('action="/renew"');
    expect(snapshot(w.ledger)).toBe(before);
    expect(w.approvalSink.calls).toHaveLength(1);
  });

  it('a POST without the right nonce is refused with 400 and changes nothing', async () => {
    const { w, handler } = await site();
    const draft = await addDraft(w);
    const token = await linkTo(w, 'draft', [draft]);
    const other = await linkTo(w, 'draft', [draft]);
    const otherPage = (await call(handler, httpEvent('GET', `/d/${other}`))).body;
    const before = snapshot(w.ledger);
    const forms: Array<Record<string, string>> = [
      { action: 'approve', version: '1' },
      { action: 'approve', version: '1', nonce: '' },
      { action: 'approve', version: '1', nonce: 'x'.repeat(43) },
      { action: 'approve', version: '1', nonce: formFields(otherPage).nonce },
      { action: 'save', version: '1', nonce: 'x', subject: 'a', text: 'b' },
      { action: 'reject', version: '1' },
    ];
    for (const form of forms) {
      const res = await call(handler, httpEvent('POST', `/d/${token}`, { form }));
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('Es wurde nichts geändert.');
    }
    expect(snapshot(w.ledger)).toBe(before);
  });

  it('refuses cross-site form posts and non-form bodies', async () => {
    const { w, handler } = await site();
    const draft = await addDraft(w);
    const token = await linkTo(w, 'draft', [draft]);
    const page = (await call(handler, httpEvent('GET', `/d/${token}`))).body;
    const before = snapshot(w.ledger);
    expect((await call(handler, httpEvent('POST', `/d/${token}`, { form: approveForm(page), headers: { 'sec-fetch-site': 'cross-site' } }))).statusCode).toBe(400);
    expect((await call(handler, httpEvent('POST', `/d/${token}`, { form: approveForm(page), headers: { 'content-type': 'application/json' } }))).statusCode).toBe(400);
    expect(snapshot(w.ledger)).toBe(before);
    expect((await call(handler, httpEvent('POST', `/d/${token}`, { form: approveForm(page), headers: { 'sec-fetch-site': 'same-origin', origin: 'null' } }))).statusCode).toBe(200);
  });
});

describe('approval site: pages', () => {
  it('sends a strict CSP whose style hash matches the inline sheet, and the other security headers', async () => {
    const { w, handler } = await site();
    const draft = await addDraft(w);
    const token = await linkTo(w, 'draft', [draft]);
    const res = await call(handler, httpEvent('GET', `/d/${token}`));
    const csp = res.headers['content-security-policy']!;
    expect(csp).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]{43}='.*; script-src 'sha256-[A-Za-z0-9+/]{43}='; form-action 'self'; frame-ancestors 'none'; base-uri 'none'$/);
    const sheet = /<style>([\s\S]*?)<\/style>/.exec(res.body)![1]!;
    expect(csp).toContain(`'sha256-${createHash('sha256').update(sheet).digest('base64')}'`);
    // one inline script, the page's own, allowed by the hash of exactly its bytes; nothing loads from anywhere
    const scripts = [...res.body.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    expect(scripts).toHaveLength(1);
    expect(csp).toContain(`script-src 'sha256-${createHash('sha256').update(scripts[0]!).digest('base64')}';`);
    expect(res.body).not.toMatch(/<script [^>]*src|<link|src="http/);
    expect(res.headers).toMatchObject({
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
      'x-robots-tag': 'noindex, nofollow',
      'x-content-type-options': 'nosniff',
      'content-type': 'text/html; charset=utf-8',
    });
    for (const r of [await call(handler, httpEvent('GET', '/d/nope')), await call(handler, httpEvent('GET', '/nothing')), await call(handler, httpEvent('GET', '/healthz'))]) {
      expect(r.headers['content-security-policy']).toContain("default-src 'none'");
      expect(r.headers['cache-control']).toBe('no-store');
    }
  });

  it('escapes hostile draft text and lets the preview’s inline styles through by hash only', async () => {
    const { w, handler } = await site();
    const draft = await addDraft(w, {
      content: {
        subject: '"><img src=x onerror=alert(1)>',
        html: '<div style="color:red">hi</div><script>alert(2)</script>',
        text: '</textarea><script>alert(3)</script>',
      },
    });
    const token = await linkTo(w, 'draft', [draft]);
    const res = await call(handler, httpEvent('GET', `/d/${token}`));
    // the only script element is the page's own, at the end of the body
    expect(res.body.match(/<script>/g)).toHaveLength(1);
    expect(res.body).toContain(`<script>${PAGE_SCRIPT}</script>\n</body>`);
    expect(res.body).not.toContain('<script>alert');
    expect(res.body).not.toContain('<img src=x');
    expect(res.body).toContain('&lt;/textarea&gt;&lt;script&gt;alert(3)&lt;/script&gt;</textarea>');
    expect(res.body).toContain('value="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"');
    // the page script may measure the mail (same origin), the mail itself may not run script (no allow-scripts)
    expect(res.body).toContain('<iframe class="preview" sandbox="allow-same-origin"');
    expect(res.body).toContain('srcdoc="&lt;div style=&quot;color:red&quot;&gt;hi&lt;/div&gt;&lt;script&gt;alert(2)&lt;/script&gt;"');
    const csp = res.headers['content-security-policy']!;
    expect(csp).toContain(`'unsafe-hashes' 'sha256-${createHash('sha256').update('color:red').digest('base64')}'`);
    expect(csp).not.toContain('unsafe-inline');
  });

  it('edit, save (303 back to the page), then approve stores the edited text', async () => {
    const { w, handler } = await site();
    const draft = await addDraft(w);
    const token = await linkTo(w, 'draft', [draft]);
    const page = (await call(handler, httpEvent('GET', `/d/${token}`))).body;
    const saved = await call(handler, httpEvent('POST', `/d/${token}`, { form: { ...formFields(page), action: 'save', subject: 'Gute Nachrichten', text: 'Liebe Frau Müller,\r\n\r\nalles läuft.' } }));
    expect(saved.statusCode).toBe(303);
    expect(saved.headers['location']).toBe(`/d/${token}?notice=saved`);
    const after = await call(handler, httpEvent('GET', `/d/${token}`, { query: 'notice=saved' }));
    expect(after.body).toContain('Ihre Änderungen sind gespeichert.');
    expect(after.body).toContain('alles läuft.</textarea>');
    expect(formFields(after.body).version).toBe('2');
    // the old form (version 1) is refused: the rep must see what is approved
    expect((await call(handler, httpEvent('POST', `/d/${token}`, { form: approveForm(page) }))).statusCode).toBe(409);
    const approved = await call(handler, httpEvent('POST', `/d/${token}`, { form: approveForm(after.body, { subject: 'Gute Nachrichten', text: 'Liebe Frau Müller,\r\n\r\nalles läuft.' }) }));
    expect(approved.statusCode).toBe(200);
    expect(await w.ledger.getDraft(draft.id)).toMatchObject({
      status: 'approved',
      content: { subject: 'Gute Nachrichten', text: 'Liebe Frau Müller,\n\nalles läuft.' },
      decision: { action: 'approved', version: 2 },
    });
  });

  it('reject with a reason says so on the page', async () => {
    const { w, handler } = await site();
    const draft = await addDraft(w);
    const token = await linkTo(w, 'draft', [draft]);
    const page = (await call(handler, httpEvent('GET', `/d/${token}`))).body;
    const res = await call(handler, httpEvent('POST', `/d/${token}`, { form: { ...formFields(page), action: 'reject', reason: 'passt nicht' } }));
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Abgelehnt');
    expect((await w.ledger.getDraft(draft.id))?.decision).toMatchObject({ action: 'rejected', reason: 'passt nicht' });
  });

  it('reject asks when to ask again: the answer is stored with the rejection, snoozes the contact and is said on the page', async () => {
    const { w, handler } = await site();
    const draft = await addDraft(w);
    const token = await linkTo(w, 'draft', [draft]);
    const page = (await call(handler, httpEvent('GET', `/d/${token}`))).body;
    expect(page).toContain('Wann soll presence wieder fragen?');
    const res = await call(handler, httpEvent('POST', `/d/${token}`, { form: { ...formFields(page), action: 'reject', askAgain: 'date', askAgainOn: '2027-04-01' } }));
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('presence fragt ab dem 1. April 2027 wieder nach.');
    expect((await w.ledger.getDraft(draft.id))?.decision).toMatchObject({ action: 'rejected', askAgain: { choice: 'date', until: '2027-03-31T22:00:00.000Z' } });
    expect((await w.ledger.getContact(draft.contactId))?.snooze).toMatchObject({ until: '2027-03-31T22:00:00.000Z', reason: 'rejected' });
  });

  it('a bad answer to "when should presence ask again?" is a 400 that names the field and writes nothing', async () => {
    const { w, handler } = await site();
    const draft = await addDraft(w);
    const token = await linkTo(w, 'draft', [draft]);
    const page = (await call(handler, httpEvent('GET', `/d/${token}`))).body;
    const before = snapshot(w.ledger);
    const bad: Array<Record<string, string>> = [{ askAgain: 'someday' }, { askAgain: 'date', askAgainOn: '2026-02-30' }, { askAgain: 'date' }];
    for (const extra of bad) {
      const res = await call(handler, httpEvent('POST', `/d/${token}`, { form: { ...formFields(page), action: 'reject', ...extra } }));
      expect(res.statusCode, JSON.stringify(extra)).toBe(400);
      expect(res.body, JSON.stringify(extra)).toMatch(/<li><code>askAgain(On)?<\/code>: /);
    }
    expect(snapshot(w.ledger)).toBe(before);
  });

  it('review all approves only the ticked drafts, in the rep’s language', async () => {
    const w = await makeWorld({ locale: 'en-GB' });
    const { handler } = await site(w);
    const drafts = [await addDraft(w, { contactId: 'c-1' }), await addDraft(w, { contactId: 'c-2' }), await addDraft(w, { contactId: 'c-3' })];
    const token = await linkTo(w, 'digest', drafts);
    const page = (await call(handler, httpEvent('GET', `/all/${token}`))).body;
    expect(page).toContain('3 drafts are waiting for your approval.');
    const picks = [...page.matchAll(/name="pick" value="([^"]+)"/g)].map((m) => m[1]!.replaceAll('&#39;', "'"));
    expect(picks).toHaveLength(3);
    const res = await call(handler, httpEvent('POST', `/all/${token}`, { form: { nonce: formFields(page).nonce, action: 'approve-selected', pick: [picks[0]!, picks[2]!] } }));
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('2 drafts are approved.');
    expect((await w.ledger.getDrafts(drafts.map((d) => d.id))).map((d) => d.status)).toEqual(['approved', 'pending_approval', 'approved']);
    expect(w.approvalSink.ids.sort()).toEqual([drafts[0]!.id, drafts[2]!.id].sort());
    const none = await call(handler, httpEvent('POST', `/all/${token}`, { form: { nonce: formFields(page).nonce, action: 'approve-selected' } }));
    expect(none.body).toContain('You did not select any draft.');
  });

  it('the task page records a visit as done', async () => {
    const { w, handler } = await site();
    const task = await addDraft(w, { kind: 'task', channel: 'visit', content: { subject: '', html: '', text: 'Neue Preisliste mitnehmen' } });
    const token = await linkTo(w, 'task', [task]);
    const page = (await call(handler, httpEvent('GET', `/task/${token}`))).body;
    expect(page).toContain('Neue Preisliste mitnehmen');
    expect(page).toContain('Hauptstraße 1, 10115 Berlin, DE');
    const res = await call(handler, httpEvent('POST', `/task/${token}`, { form: { nonce: formFields(page).nonce, action: 'done', note: 'war da' } }));
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Erledigt');
    expect(await w.ledger.listTouches('c-1')).toMatchObject([{ source: 'task', channel: 'visit', note: 'war da' }]);
  });

  it('answers the new-link form the same way whatever the link, and mails only for a renewable one', async () => {
    const { w, handler } = await site();
    const draft = await addDraft(w);
    const token = await linkTo(w, 'draft', [draft], { ttlHours: 1 });
    w.clock.advance(2 * 3_600_000);
    const expired = await call(handler, httpEvent('GET', `/d/${token}`));
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain(`name="link" value="${token}"`);
    const a = await call(handler, httpEvent('POST', '/renew', { form: { link: token } }));
    const b = await call(handler, httpEvent('POST', '/renew', { form: { link: 'B'.repeat(43) } }));
    const c = await call(handler, httpEvent('POST', '/renew', { form: {} }));
    expect([a.statusCode, b.statusCode, c.statusCode]).toEqual([200, 200, 200]);
    expect(new Set([a.body, b.body, c.body]).size).toBe(1);
    expect(w.mailer.sent).toHaveLength(1);
    expect(w.mailer.sent[0]!.to).toEqual(['petra.schneider@example.com']);
    expect(w.logger.text()).not.toContain(token);
    expect((await call(handler, httpEvent('GET', '/renew'))).statusCode).toBe(405);
  });

  it('split as in AWS: the pages function answers the renewal with 404 and mails nothing; the renewal function serves only POST /renew', async () => {
    const w = await makeWorld();
    const { mailer: _mailer, mails: _mails, ...pageDeps } = w;
    const pages = createSiteHandler({ pages: pageDeps }, w.logger) as unknown as SiteHandler;
    const renew = createRenewSiteHandler(w, w.logger) as unknown as SiteHandler;
    const draft = await addDraft(w);
    const token = await linkTo(w, 'draft', [draft], { ttlHours: 1 });
    expect((await call(pages, httpEvent('GET', `/d/${token}`))).statusCode).toBe(200);
    expect((await call(renew, httpEvent('GET', `/d/${token}`))).statusCode).toBe(404);
    w.clock.advance(2 * 3_600_000);
    expect((await call(pages, httpEvent('POST', '/renew', { form: { link: token } }))).statusCode).toBe(404);
    expect(w.mailer.sent).toHaveLength(0);
    const renewed = await call(renew, httpEvent('POST', '/renew', { form: { link: token } }));
    expect(renewed.statusCode).toBe(200);
    expect(renewed.headers['content-security-policy']).toContain("default-src 'none'");
    expect(w.mailer.sent).toHaveLength(1);
    expect((await call(renew, httpEvent('GET', '/healthz'))).statusCode).toBe(200);
  });

  it('knows its routes', async () => {
    const { handler } = await site();
    expect((await call(handler, httpEvent('GET', '/'))).statusCode).toBe(404);
    const put = await call(handler, httpEvent('PUT', `/d/${'A'.repeat(43)}`));
    expect(put.statusCode).toBe(405);
    expect(put.headers['allow']).toBe('GET, HEAD, POST');
    expect((await call(handler, httpEvent('GET', '/healthz'))).body).toBe('ok\n');
  });
});

describe('approval site: extra routes', () => {
  it('serves a mounted route with its own CSP (not doubled) plus the common headers', async () => {
    const w = await makeWorld();
    const handler = createApprovalHandler(w, {
      extraRoutes: [
        {
          prefix: '/dashboard',
          handle: async (req) => ({ statusCode: 200, headers: { 'Content-Security-Policy': "default-src 'none'; script-src 'sha256-x'", 'Content-Type': 'text/html' }, body: `q=${req.query.get('t')}` }),
        },
      ],
    }) as unknown as SiteHandler;
    const res = await call(handler, httpEvent('GET', '/dashboard', { query: 't=abc' }));
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('q=abc');
    expect(Object.keys(res.headers).filter((k) => k.toLowerCase() === 'content-security-policy')).toEqual(['content-security-policy']);
    expect(res.headers['content-security-policy']).toBe("default-src 'none'; script-src 'sha256-x'");
    expect(res.headers['cache-control']).toBe('no-store');
    expect((await call(handler, httpEvent('GET', '/dashboardx'))).statusCode).toBe(404);
  });
});

describe('token hash is what the ledger keys on', () => {
  it('never stores the token of a link opened on the site', async () => {
    const { w, handler } = await site();
    const draft = await addDraft(w);
    const token = await linkTo(w, 'draft', [draft]);
    await call(handler, httpEvent('GET', `/d/${token}`));
    expect(w.ledger.tokens.has(hashToken(token))).toBe(true);
    expect(JSON.stringify([...w.ledger.tokens.values()])).not.toContain(token);
  });
});
