import { describe, expect, it } from 'vitest';
import { MemoryLedger } from '../../../functions/adapters/memory/memory-ledger';
import { registerContact, type Terminal } from '../../../functions/cli/commands/contact';
import type { Command } from 'commander';
import type { Runtime } from '../../../functions/local/runtime';
import { NotFound, ValidationError } from '../../../functions/core/errors';
import { hashEmail } from '../../../functions/core/ids';
import { aContact, aDraft, aRep } from '../../support/factories';
import { memoryRuntime, runCli } from './cli-harness';

const NOW = '2026-11-27T10:00:00.000Z';

async function ledgerWithAnna() {
  const ledger = new MemoryLedger();
  await ledger.putRep(aRep());
  await ledger.putContact(aContact({ id: 'c-1' }));
  await ledger.putDrafts([aDraft({ contactId: 'c-1' })]);
  await ledger.recordTouch({ touch: { id: 't-1', contactId: 'c-1', repId: 'rep-1', channel: 'email', at: '2026-11-01T10:00:00.000Z', source: 'send' } });
  return ledger;
}

function withTerminal(term: Terminal) {
  return (program: Command, open: () => Promise<Runtime>) => registerContact(program, open, term);
}
const noTerminal: Terminal = { interactive: false, ask: async () => '' };
const answering = (answer: string): Terminal & { asked: string[] } => {
  const asked: string[] = [];
  return { interactive: true, asked, ask: async (q) => (asked.push(q), answer) };
};

describe('presence contact export', () => {
  it('prints the contact, drafts and touches as JSON and audits it', async () => {
    const ledger = await ledgerWithAnna();
    const { stdout } = await runCli(withTerminal(noTerminal), memoryRuntime(ledger, NOW), ['contact', 'export', 'c-1', '--by', 'privacy-desk']);
    const data = JSON.parse(stdout);
    expect(data.contact.email).toBe('anna.mueller@example.com');
    expect(data.drafts).toHaveLength(1);
    expect(data.touches.map((t: { id: string }) => t.id)).toEqual(['t-1']);
    expect(ledger.audits[0]).toMatchObject({ action: 'contact.exported', actor: 'cli:privacy-desk' });
  });

  it('fails with NotFound for an unknown id', async () => {
    const { error } = await runCli(withTerminal(noTerminal), memoryRuntime(new MemoryLedger(), NOW), ['contact', 'export', 'nobody']);
    expect(error).toBeInstanceOf(NotFound);
  });
});

describe('presence contact erase', () => {
  it('erases with --yes and says what stays', async () => {
    const ledger = await ledgerWithAnna();
    const { stdout } = await runCli(withTerminal(noTerminal), memoryRuntime(ledger, NOW), ['contact', 'erase', 'c-1', '--yes', '--by', 'privacy-desk']);
    expect(stdout).toContain('erased c-1: 3 items deleted');
    expect(stdout).toContain(`tombstone ${hashEmail('anna.mueller@example.com').slice(0, 12)}`);
    expect(ledger.contacts.size).toBe(0);
    expect(ledger.audits[0]).toMatchObject({ action: 'contact.erased', actor: 'cli:privacy-desk' });
  });

  it('refuses without --yes when nobody can answer', async () => {
    const ledger = await ledgerWithAnna();
    const { error } = await runCli(withTerminal(noTerminal), memoryRuntime(ledger, NOW), ['contact', 'erase', 'c-1']);
    expect(error).toBeInstanceOf(ValidationError);
    expect(String(error)).toContain('add --yes');
    expect(ledger.contacts.has('c-1')).toBe(true);
  });

  it('asks for the id and erases only on the right answer', async () => {
    const ledger = await ledgerWithAnna();
    const wrong = answering('c-2');
    const no = await runCli(withTerminal(wrong), memoryRuntime(ledger, NOW), ['contact', 'erase', 'c-1']);
    expect(no.stderr).toContain('This erases Anna Müller (c-1) with 1 touch and all drafts.');
    expect(no.stderr).toContain('Nothing erased.');
    expect(no.exitCode).toBe(1);
    expect(ledger.contacts.has('c-1')).toBe(true);

    const right = answering('c-1\n');
    const yes = await runCli(withTerminal(right), memoryRuntime(ledger, NOW), ['contact', 'erase', 'c-1']);
    expect(right.asked).toEqual(['Type the contact id to confirm: ']);
    expect(yes.stdout).toContain('erased c-1');
    expect(ledger.contacts.has('c-1')).toBe(false);
  });
});
