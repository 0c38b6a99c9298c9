import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerDrafts } from '../../../functions/cli/commands/drafts';
import { registerNotify } from '../../../functions/cli/commands/drafts-approval';
import type { Runtime } from '../../../functions/local/runtime';
import { openDraftLink } from '../../../functions/core/approval/link-access';
import { addDraft, makeWorld, type World } from '../../core/approval/approval-world';

let out = '';
beforeEach(() => {
  out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

async function cli(w: World, args: string[]) {
  const runtime: Runtime = { ...w, assetsDir: join(import.meta.dirname, '..', '..', '..'), dataDir: '/nonexistent', close: async () => undefined };
  const program = new Command().exitOverride();
  registerDrafts(program, async () => runtime);
  registerNotify(program, async () => runtime);
  await program.parseAsync(['node', 'presence', ...args]);
}

describe('presence drafts show / resend-link / notify', () => {
  it('shows a draft with its decision trail and words', async () => {
    const w = await makeWorld();
    const d = await addDraft(w, { content: { subject: 'Update', html: '<p>Hallo</p>', text: 'Hallo Anna' } });
    await w.ledger.updateDraft(d.id, { set: { status: 'approved', decision: { action: 'approved', by: 'rep:rep-1', at: '2026-11-27T09:05:00.000Z', version: 1 } } });
    await cli(w, ['drafts', 'show', d.id]);
    expect(out).toContain('status    approved');
    expect(out).toContain('approved by rep:rep-1 at 2026-11-27T09:05:00.000Z from version 1');
    expect(out).toContain('contact Dr. Anna Müller (Müller GmbH)');
    expect(out).toContain('Subject: Update\n\nHallo Anna\n');
    out = '';
    await cli(w, ['drafts', 'show', d.id, '--json']);
    expect(JSON.parse(out)).toMatchObject({ id: d.id, status: 'approved', version: 2 });
    await expect(cli(w, ['drafts', 'show', 'nope'])).rejects.toThrow(/does not exist/);
  });

  it('resend-link mails the rep and prints no token', async () => {
    const w = await makeWorld();
    const d = await addDraft(w);
    await cli(w, ['drafts', 'resend-link', d.id]);
    expect(out).toBe(`mailed a new draft link for ${d.id} to rep rep-1, valid until 2026-11-30T08:00:00.000Z\n`);
    const token = /\/d\/([A-Za-z0-9_-]{43})/.exec(w.mailer.sent[0]!.text)![1]!;
    expect((await openDraftLink(w, token)).draft.id).toBe(d.id);
    expect(out).not.toContain(token);
  });

  it('notify sends the digests of a run once, with --force again', async () => {
    const w = await makeWorld();
    const d = await addDraft(w);
    await cli(w, ['notify', d.runId]);
    expect(out).toMatch(/rep-1\s+1\s+0\s+0\s+sent/);
    // the German rep reads the campaign's German name (campaigns/crisis-update.yaml names.de)
    expect(w.mailer.sent[0]!.subject).toBe('1 Entwurf wartet auf Ihre Freigabe – Krisen-Update');
    out = '';
    await cli(w, ['notify', d.runId, '--json']);
    expect(JSON.parse(out).digests[0].outcome).toBe('already_sent');
    out = '';
    await cli(w, ['notify', d.runId, '--force', '--link-ttl-hours', '24', '--silent', '0']);
    expect(out).toMatch(/rep-1\s+1\s+0\s+0\s+sent/);
    expect(w.mailer.sent).toHaveLength(2);
    out = '';
    await cli(w, ['notify', 'empty@20261127T0800Z']);
    expect(out).toBe('empty@20261127T0800Z: no drafts waiting for approval, no digest sent\n');
  });
});
