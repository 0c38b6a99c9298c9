import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApprovalServer, type ApprovalServer } from '../../functions/local/http-adapter';
import { addDraft, linkTo, makeWorld, type World } from '../core/approval/approval-world';
import { formFields } from '../handlers/approval-site-events';

let w: World & { ledger: import('../../functions/adapters/memory/memory-ledger').MemoryLedger };
let server: ApprovalServer;

beforeAll(async () => {
  w = await makeWorld();
  server = await startApprovalServer({
    port: 0,
    runtime: { ...w, assetsDir: join(import.meta.dirname, '..', '..') },
    approvalSink: w.approvalSink,
  });
});
afterAll(async () => server?.stop());

describe('the local http adapter', () => {
  it('serves the same handler: GET and HEAD change nothing, POST forms decide, headers survive', async () => {
    const draft = await addDraft(w);
    const token = await linkTo(w, 'draft', [draft]);
    const get = await fetch(`${server.url}/d/${token}`);
    expect(get.status).toBe(200);
    expect(get.headers.get('content-security-policy')).toMatch(/^default-src 'none'; style-src 'sha256-/);
    expect(get.headers.get('referrer-policy')).toBe('no-referrer');
    const page = await get.text();
    const head = await fetch(`${server.url}/d/${token}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await w.ledger.getDraft(draft.id))?.status).toBe('pending_approval');

    const saved = await fetch(`${server.url}/d/${token}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...formFields(page), action: 'save', subject: 'Neu', text: 'Grüße aus Köln' }).toString(),
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`/d/${token}?notice=saved`);
    const again = await (await fetch(`${server.url}${saved.headers.get('location')}`)).text();
    expect(again).toContain('Grüße aus Köln</textarea>');
    const approved = await fetch(`${server.url}/d/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...formFields(again), action: 'approve', subject: 'Neu', text: 'Grüße aus Köln' }).toString(),
    });
    expect(approved.status).toBe(200);
    expect(await w.ledger.getDraft(draft.id)).toMatchObject({ status: 'approved', content: { text: 'Grüße aus Köln' } });
  });

  it('refuses oversized bodies and answers unknown paths with 404', async () => {
    const big = await fetch(`${server.url}/renew`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'link=' + 'a'.repeat(1_100_000) });
    expect(big.status).toBe(413);
    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
    expect(await (await fetch(`${server.url}/healthz`)).text()).toBe('ok\n');
  });
});
