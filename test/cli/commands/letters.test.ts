import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FixedClock } from '../../../functions/adapters/memory/fixed-clock';
import { MemoryLedger } from '../../../functions/adapters/memory/memory-ledger';
import { registerLetters } from '../../../functions/cli/commands/letters';
import type { Runtime } from '../../../functions/local/runtime';
import { readCompanySettingsFile } from '../../../functions/adapters/settings/company-settings-file';
import { returnAddressOf } from '../../../functions/core/company/company';
import { defaultConfig, type PresenceConfig } from '../../../functions/core/config';
import { silentLogger } from '../../../functions/core/ports';
import { aContact, aDraft, aRep } from '../../support/factories';

let ledger: MemoryLedger;
let out: string;
let written: string;
let closed = 0;
// as the local runtime makes it (local-runtime.ts): the shipped settings/company.yaml
const company = readCompanySettingsFile('.');
let config: PresenceConfig;

const runtime = (): Runtime =>
  ({
    ledger,
    clock: new FixedClock('2026-11-27T09:00:00Z'),
    logger: silentLogger,
    config,
    close: async () => {
      closed++;
    },
  }) as unknown as Runtime;

async function presence(...args: string[]): Promise<string> {
  const program = new Command().exitOverride();
  registerLetters(program, async () => runtime());
  written = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written += String(chunk);
    return true;
  });
  try {
    await program.parseAsync(args, { from: 'user' });
  } finally {
    spy.mockRestore();
  }
  return written;
}

beforeEach(async () => {
  config = { ...defaultConfig, company, letterReturnAddress: returnAddressOf(company) };
  ledger = new MemoryLedger();
  out = await mkdtemp(join(tmpdir(), 'letters-cli-'));
  await ledger.putRep(aRep());
  await ledger.putContact(aContact());
  await ledger.putContact(aContact({ id: 'c-2', address: { street: 'Weg 1', postalCode: '', city: 'Bonn', country: '' } }));
  const letter = { kind: 'letter' as const, channel: 'letter' as const, status: 'approved' as const, content: { subject: 'Betreff', html: '', text: 'Text' } };
  await ledger.putDrafts([aDraft({ ...letter }), aDraft({ ...letter, contactId: 'c-2' })]);
});
afterEach(() => vi.restoreAllMocks());

describe('presence letters export', () => {
  it('--json prints the summary and writes the batch into --out', async () => {
    const json = JSON.parse(await presence('letters', 'export', '--out', out, '--form', 'a', '--delimiter', 'tab', '--json'));
    expect(json).toMatchObject({ letters: 1, pages: 1, recorded: 1, batchId: '20261127T090000Z' });
    expect(json.needsFix).toEqual([{ draftId: aDraft({ contactId: 'c-2' }).id, reasons: [expect.stringMatching(/^address\.postalCode/)] }]);
    expect(json.csv).toBe(join(out, '20261127T090000Z', 'letters.csv'));
    expect(existsSync(json.pdf)).toBe(true);
    expect(closed).toBe(1);
  });

  it('tells a person what was printed and what needs a fix', async () => {
    const text = await presence('letters', 'export', '--out', out, '--campaign', 'crisis-update');
    expect(text).toContain('1 letter, 1 page (batch 20261127T090000Z-crisis-update)');
    expect(text).toContain(`merge file  ${join(out, '20261127T090000Z-crisis-update', 'letters.csv')}`);
    expect(text).toMatch(/1 letter not printed, address to fix:\n  crisis-update@20261127T0800Z~c-2  address\.postalCode: /);
    const again = await presence('letters', 'export', '--out', join(out, 'again'), '--campaign', 'crisis-update', '--again', '--per-letter');
    expect(again).toContain('PDFs        1 files beside the merge file');
    expect(again).toContain('recorded    nothing (reprint)');
  });

  it('refuses without a return address and says where to set it', async () => {
    config = { ...defaultConfig };
    await expect(presence('letters', 'export', '--out', out)).rejects.toThrow(
      "Letters need a return address for the envelope window: set the company's address (or letterReturnAddress) in settings/company.yaml.",
    );
    expect(existsSync(join(out, '20261127T090000Z'))).toBe(false);
  });

  it('refuses an unknown form', async () => {
    await expect(presence('letters', 'export', '--out', out, '--form', 'C')).rejects.toThrow(/use A or B/);
  });
});
