// The sending commands on a memory runtime: parsing, the use cases they reach, what they print.
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseTouchTime, registerSending } from '../../../functions/cli/commands/sending';
import type { Runtime } from '../../../functions/local/runtime';
import { aWorld, type World } from '../../core/sending/sending-fixtures';

let out: string[];
beforeEach(() => {
  out = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
});
afterEach(() => vi.restoreAllMocks());

async function cli(w: World, ...args: string[]): Promise<string> {
  const runtime = { ...w.deps, assetsDir: '.', dataDir: '.', close: async () => undefined } as unknown as Runtime;
  const program = new Command().exitOverride();
  registerSending(program, async () => runtime);
  out = [];
  await program.parseAsync(['node', 'presence', ...args]);
  return out.join('');
}

describe('presence sending commands', () => {
  it('send, pause, resume', async () => {
    const w = await aWorld({ maxSendRate: 50 });
    for (let i = 0; i < 3; i++) await w.approvedDraft(`c-${i}`);
    expect(await cli(w, 'pause')).toMatch(/^Paused/);
    expect(await cli(w, 'send')).toMatch(/0 sent.*\nSending is paused/s);
    expect(await cli(w, 'resume')).toBe('Resumed.\n3 approved email drafts are queued: `presence send` sends them now.\n');
    expect(JSON.parse(await cli(w, 'send', '--limit', '2', '--json'))).toMatchObject({ sent: 2, problems: [] });
    expect(await cli(w, 'send')).toMatch(/^1 sent, 0 failed/);
    expect(w.mailer.sent).toHaveLength(3);
  });

  it('touch, suppress, sweep and resolve', async () => {
    const w = await aWorld();
    await w.approvedDraft('c-1', { status: 'pending_approval' });
    expect(await cli(w, 'touch', 'c-1', '--channel', 'visit', '--note', 'Messe', '--at', '2026-11-26')).toBe('Recorded: visit with c-1 at 2026-11-26T12:00:00.000Z.\n');
    expect(await w.ledger.listTouches('c-1')).toEqual([expect.objectContaining({ channel: 'visit', note: 'Messe', source: 'manual' })]);
    await expect(cli(w, 'touch', 'c-1', '--channel', 'fax')).rejects.toThrow(/not a channel/);

    expect(await cli(w, 'suppress', 'someone@example.com')).toBe('Suppressed.\n');
    expect(await cli(w, 'suppress', 'someone@example.com')).toBe('Was already suppressed.\n');

    const stuck = await w.approvedDraft('c-2', { status: 'sending', claimedAt: '2026-11-27T08:00:00.000Z' });
    expect(await cli(w, 'sweep', '--older-than', '30')).toContain(`possibly_sent  ${stuck.id}`);
    await expect(cli(w, 'resolve', stuck.id)).rejects.toThrow(/either --sent or --not-sent/);
    expect(await cli(w, 'resolve', stuck.id, '--not-sent')).toMatch(/Approved again/);
    expect((await w.ledger.getDraft(stuck.id))!.status).toBe('approved');
  });
});

describe('parseTouchTime', () => {
  it('reads dates, local times and ISO times, and refuses the rest', () => {
    expect(parseTouchTime('2026-11-26')).toBe('2026-11-26T12:00:00.000Z');
    expect(parseTouchTime('2026-11-26T14:30:00+01:00')).toBe('2026-11-26T13:30:00.000Z');
    expect(parseTouchTime('2026-11-26T14:30')).toBe(new Date(2026, 10, 26, 14, 30).toISOString());
    for (const bad of ['yesterday', '26.11.2026', '2026-13-45', '']) expect(() => parseTouchTime(bad)).toThrow(/not a time/);
  });
});
