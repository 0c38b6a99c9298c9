// `presence contacts show` and `presence reps show` print where someone is (region, time zone) when it is known,
// and say nothing of it when it is not.
import { describe, expect, it } from 'vitest';
import { MemoryLedger } from '../../../functions/adapters/memory/memory-ledger';
import { registerContacts } from '../../../functions/cli/commands/contacts';
import { registerReps } from '../../../functions/cli/commands/reps';
import { aContact, aRep } from '../../support/factories';
import { memoryRuntime, runCli } from './cli-harness';

async function ledger() {
  const l = new MemoryLedger();
  await l.putRep(aRep({ id: 'rep-1', region: 'DE-BY' }));
  await l.putRep(aRep({ id: 'rep-2', email: 'two@example.com' }));
  await l.putContact(aContact({ id: 'K-1', repId: 'rep-1', region: 'DE-BY-A', timeZone: 'Europe/Berlin' }));
  await l.putContact(aContact({ id: 'K-2', repId: 'rep-1', email: 'k2@example.com' }));
  return l;
}

describe('show prints region and time zone', () => {
  it('contacts show: region and time zone when set, neither line when not', async () => {
    const rt = memoryRuntime(await ledger(), '2026-03-02T09:00:00.000Z');
    const set = await runCli(registerContacts, rt, ['contacts', 'show', 'K-1']);
    expect(set.error).toBeUndefined();
    expect(set.stdout).toContain('\n  region    DE-BY-A\n  time zone Europe/Berlin\n  channel ');
    const unset = await runCli(registerContacts, rt, ['contacts', 'show', 'K-2']);
    expect(unset.stdout).toContain('\n  address ');
    expect(unset.stdout).not.toMatch(/region|time zone/);
  });

  it('reps show: the region when set', async () => {
    const rt = memoryRuntime(await ledger(), '2026-03-02T09:00:00.000Z');
    const set = await runCli(registerReps, rt, ['reps', 'show', 'rep-1']);
    expect(set.error).toBeUndefined();
    expect(set.stdout).toMatch(/\n {2}locale {5}.*\n {2}region {5}DE-BY\n/);
    const unset = await runCli(registerReps, rt, ['reps', 'show', 'rep-2']);
    expect(unset.stdout).toContain('  locale ');
    expect(unset.stdout).not.toContain('region');
  });
});
