// Reliability: a newcomer imports contacts and starts a campaign run within the same minute. The run is named
// by the minute, but the contacts imported seconds before it started are due in it; a run that drafts nothing
// says why instead of printing zeros.
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FixedClock } from '../../functions/adapters/memory/fixed-clock';
import { MemoryLedger } from '../../functions/adapters/memory/memory-ledger';
import { MemoryMailer } from '../../functions/adapters/memory/memory-mailer';
import { registerCampaign } from '../../functions/cli/commands/campaign';
import type { Runtime } from '../../functions/local/runtime';
import { defaultConfig } from '../../functions/core/config';
import { importContacts } from '../../functions/core/import/import-contacts';
import { collectRejects } from '../../functions/core/import/import-source';
import { silentLogger } from '../../functions/core/ports';
import { importRows } from '../support/factories';
import { repOf } from '../core/campaign-fixtures';

let ledger: MemoryLedger;
let out: string;

function cli(clock: FixedClock, ...args: string[]) {
  const runtime = (): Promise<Runtime> =>
    Promise.resolve({
      ledger,
      mailer: new MemoryMailer(),
      secrets: { signingKey: async () => Buffer.alloc(32, 1) },
      clock,
      logger: silentLogger,
      config: defaultConfig,
      assetsDir: '.',
      dataDir: '.presence-test',
      close: async () => undefined,
    });
  const p = new Command().exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  registerCampaign(p, runtime);
  return p.parseAsync(['node', 'presence', ...args]);
}

beforeEach(async () => {
  ledger = new MemoryLedger();
  out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  await ledger.putRep(repOf());
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('a campaign run right after an import', () => {
  it('drafts the contacts imported earlier in the same minute', async () => {
    const importedAt = new FixedClock('2026-11-30T07:00:30.000Z');
    const result = await importContacts(
      { ledger, clock: importedAt, logger: silentLogger },
      { source: importRows(['id;firstName;lastName;email;repId', 'K-10001;Anna;Müller;anna@example.com;rep-1']), rejects: collectRejects() },
    );
    expect(result.created).toBe(1);
    expect((await ledger.getContact('K-10001'))?.nextDueAt).toBe('2026-11-30T07:00:30.000Z');

    await cli(new FixedClock('2026-11-30T07:00:42.000Z'), 'campaign', 'run', 'crisis-update', '--no-notify', '--json');
    expect(JSON.parse(out)).toMatchObject({ runId: 'crisis-update@20261130T0700Z', drafted: 1, dueBy: '2026-11-30T07:00:42.000Z' });
  });

  it('says why a run drafts nothing: nobody is due yet, and when the next one is', async () => {
    const importedAt = new FixedClock('2026-11-30T07:00:30.000Z');
    await importContacts(
      { ledger, clock: importedAt, logger: silentLogger },
      { source: importRows(['id;firstName;email;repId', 'K-10002;Bernd;bernd@example.com;rep-1']), rejects: collectRejects() },
    );
    // --at names an earlier moment of the same minute: the contact is not due by then
    await cli(new FixedClock('2026-11-30T07:00:42.000Z'), 'campaign', 'run', 'crisis-update', '--at', '2026-11-30T07:00:10Z', '--no-notify');
    expect(out).toContain('0 drafted for approval');
    expect(out).toContain('nothing drafted: no contact is due by 2026-11-30 07:00:10 UTC; the next one is due at 2026-11-30 07:00:30 UTC');
  });
});
