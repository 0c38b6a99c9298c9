// `presence import reps|contacts` on an in-memory runtime: what it prints, when it asks for the stack, and
// that a broken file is one clear error.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FixedClock } from '../../../functions/adapters/memory/fixed-clock';
import { MemoryLedger } from '../../../functions/adapters/memory/memory-ledger';
import { MemoryMailer } from '../../../functions/adapters/memory/memory-mailer';
import { registerImport } from '../../../functions/cli/commands/import';
import type { Runtime } from '../../../functions/local/runtime';
import { defaultConfig } from '../../../functions/core/config';
import { ValidationError } from '../../../functions/core/errors';
import { silentLogger } from '../../../functions/core/ports';

const dir = mkdtempSync(join(tmpdir(), 'import-cli-'));
let ledger: MemoryLedger;
let out: string;
let opened: number;
let closed: number;

function cli(...args: string[]) {
  const open = (): Promise<Runtime> => {
    opened++;
    return Promise.resolve({
      ledger,
      mailer: new MemoryMailer(),
      secrets: { signingKey: async () => Buffer.alloc(32, 1) },
      clock: new FixedClock('2026-11-27T08:00:00.000Z'),
      logger: silentLogger,
      config: defaultConfig,
      assetsDir: '.',
      dataDir: '.presence-test',
      close: async () => {
        closed++;
      },
    });
  };
  const program = new Command().exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  registerImport(program, open);
  return program.parseAsync(['node', 'presence', 'import', ...args]);
}

beforeEach(() => {
  ledger = new MemoryLedger();
  out = '';
  opened = 0;
  closed = 0;
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  writeFileSync(join(dir, 'reps.csv'), 'id,name,email\nps,Petra Schneider,petra@example.com\n');
  writeFileSync(
    join(dir, 'kontakte.csv'),
    '\uFEFFKundennummer;Vorname;Nachname;E-Mail;Betreuer\r\nk-1;Anna;Müller;anna@example.com;ps\r\nk-2;Ben;Kurz;ben@;ps\r\nk-3;Cem;Çelik;cem@example.com;zz\r\n',
  );
});
afterEach(() => vi.restoreAllMocks());

describe('presence import', () => {
  it('prints the result as JSON', async () => {
    await cli('reps', join(dir, 'reps.csv'), '--json');
    expect(JSON.parse(out)).toEqual({ created: 1, updated: 0, unchanged: 0, rejected: 0, rejectsFile: null });
    out = '';
    await cli('contacts', join(dir, 'kontakte.csv'), '--json');
    expect(JSON.parse(out)).toEqual({ created: 1, updated: 0, unchanged: 0, rejected: 2, rejectsFile: join(dir, 'kontakte.rejects.csv') });
    expect(closed).toBe(2);
  });

  it('prints a summary for people with the first rejected rows, and no progress bar off a terminal', async () => {
    await cli('reps', join(dir, 'reps.csv'));
    out = '';
    await cli('contacts', join(dir, 'kontakte.csv'));
    expect(out).toBe(
      `${join(dir, 'kontakte.csv')}: 1 created, 0 updated, 0 unchanged, 2 rejected\n` +
        `Rejected rows with their reasons are in ${join(dir, 'kontakte.rejects.csv')}:\n` +
        '  line 3: E-Mail "ben@" is not a valid address\n' +
        '  line 4: rep "zz" is not known: import reps first or fix Betreuer\n',
    );
    expect(readFileSync(join(dir, 'kontakte.rejects.csv'), 'utf8').startsWith('\uFEFFline;reason;Kundennummer;Vorname;Nachname;E-Mail;Betreuer\r\n3;')).toBe(true);
  });

  it('--dry-run counts and writes nothing to the ledger', async () => {
    await cli('reps', join(dir, 'reps.csv'));
    out = '';
    await cli('contacts', join(dir, 'kontakte.csv'), '--dry-run');
    expect(out.split('\n')[0]).toBe(`${join(dir, 'kontakte.csv')} (dry run, nothing written): would be 1 created, 0 updated, 0 unchanged, 2 rejected`);
    expect(ledger.contacts.size).toBe(0);
  });

  it('a missing or broken file is one ValidationError, before the stack is asked for', async () => {
    await expect(cli('contacts', join(dir, 'nope.csv'))).rejects.toThrow(new ValidationError(`cannot read ${join(dir, 'nope.csv')}: there is no such file`));
    writeFileSync(join(dir, 'broken.csv'), 'id;Firma;Betreuer\n1;"Open;ps\n');
    await expect(cli('contacts', join(dir, 'broken.csv'))).rejects.toThrow(/broken\.csv line 2: a quoted value starting in this row is never closed/);
    expect(opened).toBe(0);
    expect(existsSync(join(dir, 'broken.rejects.csv'))).toBe(false);
  });

  it('reads region and time zone columns against the holiday library’s regions, and names a bad cell by its column', async () => {
    await cli('reps', join(dir, 'reps.csv'));
    writeFileSync(
      join(dir, 'regionen.csv'),
      'Kundennummer;Nachname;E-Mail;Betreuer;Land;Bundesland;Zeitzone\nk-1;Huber;h@example.com;ps;Deutschland;Baden-Wuerttemberg;Europe/Berlin\n' +
        'k-2;Gruber;g@example.com;ps;Österreich;Bayern;\nk-3;Moser;m@example.com;ps;;BY-A;Mars/Olympus\n',
    );
    out = '';
    await cli('contacts', join(dir, 'regionen.csv'));
    expect(out).toBe(
      `${join(dir, 'regionen.csv')}: 1 created, 0 updated, 0 unchanged, 2 rejected\n` +
        `Rejected rows with their reasons are in ${join(dir, 'regionen.rejects.csv')}:\n` +
        '  line 3: Bundesland "DE-BY" lies in DE, but the contact\'s country is AT: fix Bundesland or Land\n' +
        '  line 4: Zeitzone "Mars/Olympus" is not a time zone: use an IANA name such as Europe/Berlin, Europe/Vienna or Europe/Zurich\n',
    );
    expect(await ledger.getContact('k-1')).toMatchObject({ region: 'DE-BW', timeZone: 'Europe/Berlin' });
    expect(await ledger.getContact('k-2')).toBeUndefined();
  });

  it('reads the absence columns of a reps file (German dates, a deputy further down) and prints a bad one with its line', async () => {
    writeFileSync(
      join(dir, 'abwesend.csv'),
      'Kürzel;Name;E-Mail;Abwesend ab;Abwesend bis;Vertretung\njw;Jonas Weber;jw@example.com;12.1.2027;26.01.2027;ps\n' +
        'ab;Anna Berger;ab@example.com;2027-01-12;2027-01-26;zz\nps;Petra Schneider;petra@example.com;;;\n',
    );
    await cli('reps', join(dir, 'abwesend.csv'));
    expect(out).toBe(
      `${join(dir, 'abwesend.csv')}: 2 created, 0 updated, 0 unchanged, 1 rejected\n` +
        `Rejected rows with their reasons are in ${join(dir, 'abwesend.rejects.csv')}:\n` +
        '  line 3: Vertretung: there is no rep "zz"\n',
    );
    expect((await ledger.getRep('jw'))!.away).toEqual({ from: '2027-01-12', until: '2027-01-26', deputy: 'ps', hold: false, at: '2026-11-27T08:00:00.000Z', by: 'import' });
    expect(await ledger.getRep('ab')).toBeUndefined();
  });

  it('a file whose first row is data is one error naming the file', async () => {
    writeFileSync(join(dir, 'data.csv'), 'Anna;Müller;anna@example.com\n');
    await expect(cli('contacts', join(dir, 'data.csv'))).rejects.toThrow(`${join(dir, 'data.csv')} line 1: the first row is not a header row`);
    expect(closed).toBe(opened);
  });
});
