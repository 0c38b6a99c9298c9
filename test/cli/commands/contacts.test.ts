// `presence contacts show|list` say when presence may not write to a contact, why and since when: an unsubscribe
// through the link, a bounce, or the contact's own opt-out from the CRM file. It used to print "opted out no" after
// a one-click unsubscribe, because only the contact's flag was looked at.
import { describe, expect, it } from 'vitest';
import { MemoryLedger } from '../../../functions/adapters/memory/memory-ledger';
import { registerContacts } from '../../../functions/cli/commands/contacts';
import { ValidationError } from '../../../functions/core/errors';
import { hashEmail } from '../../../functions/core/ids';
import { silentLogger } from '../../../functions/core/ports';
import { unsubscribeByToken } from '../../../functions/core/sending/unsubscribe';
import { signUnsubscribeToken } from '../../../functions/core/sending/unsubscribe-token';
import { aContact, aRep } from '../../support/factories';
import { memoryRuntime, runCli } from './cli-harness';

const KEY = Buffer.alloc(32, 7);

async function ledgerWithOptOuts() {
  const ledger = new MemoryLedger();
  await ledger.putRep(aRep({ id: 'rep-1' }));
  await ledger.putContact(aContact({ id: 'K-10001', email: 'anna@example.com', nextDueAt: '2026-12-01T00:00:00.000Z' }));
  await ledger.putContact(aContact({ id: 'K-10002', firstName: 'Bernd', email: 'bernd@example.com', nextDueAt: '2026-12-02T00:00:00.000Z' }));
  await ledger.putContact(aContact({ id: 'K-10003', firstName: 'Clara', email: 'clara@example.com', optedOut: true, nextDueAt: '2026-12-03T00:00:00.000Z' }));
  await ledger.putContact(aContact({ id: 'K-10004', firstName: 'Dora', email: 'dora@example.com', nextDueAt: '2026-12-04T00:00:00.000Z' }));
  const token = signUnsubscribeToken(KEY, { contactId: 'K-10001', emailHash: hashEmail('anna@example.com') });
  const at = { now: () => new Date('2026-12-05T10:00:00.000Z') };
  await unsubscribeByToken({ ledger, clock: at, logger: silentLogger, secrets: { signingKey: async () => KEY } }, token);
  await ledger.suppress({ emailHash: hashEmail('bernd@example.com'), reason: 'bounce', at: '2026-12-06T08:00:00.000Z' });
  return ledger;
}

describe('presence contacts and opt-outs', () => {
  it('show names the unsubscribe with its date and source', async () => {
    const rt = memoryRuntime(await ledgerWithOptOuts(), '2026-12-07T09:00:00.000Z');
    const anna = await runCli(registerContacts, rt, ['contacts', 'show', 'K-10001']);
    expect(anna.stdout).toContain('opted out yes: unsubscribed (link) 2026-12-05');
    const dora = await runCli(registerContacts, rt, ['contacts', 'show', 'K-10004']);
    expect(dora.stdout).toContain('opted out no');
    const json = JSON.parse((await runCli(registerContacts, rt, ['contacts', 'show', 'K-10001', '--json'])).stdout);
    expect(json.optOut).toEqual({ by: 'unsubscribe', at: '2026-12-05T10:00:00.000Z' });
  });

  it('list has a column that says who may not be written to, and why', async () => {
    const rt = memoryRuntime(await ledgerWithOptOuts(), '2026-12-07T09:00:00.000Z');
    const { stdout } = await runCli(registerContacts, rt, ['contacts', 'list']);
    const row = (id: string) => stdout.split('\n').find((l) => l.startsWith(id)) ?? '';
    expect(stdout.split('\n')[0]).toContain('opted out');
    expect(row('K-10001')).toMatch(/unsubscribed \(link\) 2026-12-05\s*$/);
    expect(row('K-10002')).toMatch(/address bounced 2026-12-06\s*$/);
    expect(row('K-10003')).toMatch(/opted out \(CRM file\)\s*$/);
    expect(row('K-10004')).not.toMatch(/opted|unsubscribed|bounced/);
  });

  it('names a complaint and a suppression by hand as their sources, in show and list', async () => {
    const ledger = await ledgerWithOptOuts();
    await ledger.suppress({ emailHash: hashEmail('dora@example.com'), reason: 'complaint', at: '2026-12-06T12:00:00.000Z' });
    await ledger.putContact(aContact({ id: 'K-10005', firstName: 'Emil', email: 'emil@example.com', nextDueAt: '2026-12-05T00:00:00.000Z' }));
    await ledger.suppress({ emailHash: hashEmail('emil@example.com'), reason: 'manual', at: '2026-12-07T08:00:00.000Z' });
    const rt = memoryRuntime(ledger, '2026-12-07T09:00:00.000Z');
    expect((await runCli(registerContacts, rt, ['contacts', 'show', 'K-10004'])).stdout).toContain('opted out yes: complained (spam) 2026-12-06');
    expect((await runCli(registerContacts, rt, ['contacts', 'show', 'K-10005'])).stdout).toContain('opted out yes: suppressed by hand 2026-12-07');
    const { stdout } = await runCli(registerContacts, rt, ['contacts', 'list']);
    expect(stdout.split('\n').find((l) => l.startsWith('K-10005'))).toMatch(/suppressed by hand 2026-12-07\s*$/);
  });
});

describe('presence contacts: imported touches and long cells', () => {
  it('show says a last touch came with the import instead of "by undefined" and "no touches yet"', async () => {
    const ledger = new MemoryLedger();
    await ledger.putRep(aRep({ id: 'rep-1' }));
    // what an import with a "Letzter Kontakt" column stores: the day, no channel, no touch row
    await ledger.putContact(aContact({ id: 'K-10001', lastTouchAt: '2025-03-14T00:00:00.000Z', nextDueAt: '2025-06-12T00:00:00.000Z' }));
    await ledger.putContact(aContact({ id: 'K-10002', lastTouchAt: '2026-12-06T09:00:00.000Z', lastTouchChannel: 'call', nextDueAt: '2027-03-06T00:00:00.000Z' }));
    const rt = memoryRuntime(ledger, '2026-12-07T09:00:00.000Z');
    const imported = (await runCli(registerContacts, rt, ['contacts', 'show', 'K-10001'])).stdout;
    expect(imported).not.toContain('undefined');
    expect(imported).toContain('  last      2025-03-14, from the imported file (633 days ago)\n');
    expect(imported).toContain('Timeline: no touches recorded in presence yet (the last touch above came with the import)');
    const called = (await runCli(registerContacts, rt, ['contacts', 'show', 'K-10002'])).stdout;
    expect(called).toContain('  last      2026-12-06 by call (1 day ago)\n');
  });

  it('list cuts long names and companies so the rows stay readable, and keeps every character in --json', async () => {
    const ledger = new MemoryLedger();
    await ledger.putRep(aRep({ id: 'rep-1' }));
    const company = 'Müller & Söhne Präzisionswerkzeuge und Maschinenbau Gesellschaft mit beschränkter Haftung';
    await ledger.putContact(aContact({ id: 'K-10001', company, nextDueAt: '2026-12-01T00:00:00.000Z' }));
    const rt = memoryRuntime(ledger, '2026-12-07T09:00:00.000Z');
    const { stdout } = await runCli(registerContacts, rt, ['contacts', 'list']);
    const row = stdout.split('\n').find((l) => l.startsWith('K-10001'))!;
    expect(row).toContain('Müller & Söhne Präzisionswerk…  email');
    expect(row).not.toContain('Haftung');
    expect(Math.max(...stdout.split('\n').map((l) => [...l].length))).toBeLessThan(160);
    const json = JSON.parse((await runCli(registerContacts, rt, ['contacts', 'list', '--json'])).stdout);
    expect(json[0].company).toBe(company);
  });
});

describe('presence contacts snooze', () => {
  async function ledgerWithContact() {
    const ledger = new MemoryLedger();
    await ledger.putRep(aRep({ id: 'rep-1', timeZone: 'Europe/Berlin' }));
    await ledger.putContact(aContact({ id: 'K-10001', email: 'anna@example.com', nextDueAt: '2026-03-01T00:00:00.000Z' }));
    return ledger;
  }

  it('snoozes until a day with a reason; show and list say until when and why; --clear lifts it', async () => {
    const ledger = await ledgerWithContact();
    const rt = memoryRuntime(ledger, '2026-03-10T09:00:00.000Z');
    const set = await runCli(registerContacts, rt, ['contacts', 'snooze', 'K-10001', '--until', '2026-04-01', '--reason', 'bitte im April', '--by', 'ops']);
    expect(set.error).toBeUndefined();
    expect(set.stdout).toBe('K-10001: until 2026-04-01 (bitte im April)\n');
    expect((await ledger.getContact('K-10001'))!.snooze).toEqual({ until: '2026-03-31T22:00:00.000Z', reason: 'bitte im April', at: '2026-03-10T09:00:00.000Z', by: 'cli:ops' });

    const show = await runCli(registerContacts, rt, ['contacts', 'show', 'K-10001']);
    expect(show.stdout).toContain('  snoozed   yes: until 2026-04-01 (bitte im April), set 2026-03-10 by cli:ops\n');
    const list = await runCli(registerContacts, rt, ['contacts', 'list', '--due']);
    expect(list.stdout.split('\n')[0]).toMatch(/due\s+snoozed\s+opted out$/);
    expect(list.stdout.split('\n').find((l) => l.startsWith('K-10001'))).toMatch(/2026-03-01\s+until 2026-04-01 \(bitte im April\)$/);
    const json = JSON.parse((await runCli(registerContacts, rt, ['contacts', 'list', '--json'])).stdout);
    expect(json[0].snoozed).toMatchObject({ until: '2026-03-31T22:00:00.000Z', untilLocal: '2026-04-01', reason: 'bitte im April' });

    const cleared = await runCli(registerContacts, rt, ['contacts', 'snooze', 'K-10001', '--clear']);
    expect(cleared.stdout).toBe('K-10001: snooze lifted; due 2026-03-01\n');
    expect(await ledger.getContact('K-10001')).not.toHaveProperty('snooze');
    expect((await runCli(registerContacts, rt, ['contacts', 'show', 'K-10001'])).stdout).toContain('  snoozed   no\n');
    expect((await runCli(registerContacts, rt, ['contacts', 'snooze', 'K-10001', '--clear'])).stdout).toBe('K-10001 was not snoozed; nothing changed\n');
  });

  it('an ended snooze is shown as no snooze', async () => {
    const ledger = await ledgerWithContact();
    await runCli(registerContacts, memoryRuntime(ledger, '2026-03-10T09:00:00.000Z'), ['contacts', 'snooze', 'K-10001', '--until', '2026-04-01']);
    const later = memoryRuntime(ledger, '2026-04-01T00:00:00.000Z');
    expect((await runCli(registerContacts, later, ['contacts', 'show', 'K-10001'])).stdout).toContain('  snoozed   no\n');
  });

  it('bad input names the field and writes nothing', async () => {
    const ledger = await ledgerWithContact();
    const rt = memoryRuntime(ledger, '2026-03-10T09:00:00.000Z');
    const before = JSON.stringify([...ledger.contacts.entries()]);
    const cases: Array<[string[], string]> = [
      [['contacts', 'snooze', 'K-99999', '--until', '2026-04-01'], 'id'],
      [['contacts', 'snooze', 'K-10001', '--until', '2026-04-31'], 'until'],
      [['contacts', 'snooze', 'K-10001', '--until', '2026-03-01'], 'until'],
      [['contacts', 'snooze', 'K-10001', '--until', '2026-04-01', '--reason', 'x'.repeat(300)], 'reason'],
      [['contacts', 'snooze', 'K-10001'], 'until'],
      [['contacts', 'snooze', 'K-10001', '--clear', '--until', '2026-04-01'], 'clear'],
    ];
    for (const [args, field] of cases) {
      const { error } = await runCli(registerContacts, rt, args);
      expect(error, args.join(' ')).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((i) => i.path), args.join(' ')).toContain(field);
    }
    expect(JSON.stringify([...ledger.contacts.entries()])).toBe(before);
  });
});
