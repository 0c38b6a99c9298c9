// The absence columns of a reps file (awayFrom, awayUntil, deputy): read in ISO or German form, checked with the
// command's rules against the reps as the whole file leaves them, a bad absence rejecting its row (nothing of the
// row written), a re-import of the same absence writing nothing, and empty cells removing a stored absence.
import { beforeEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../../functions/adapters/memory/fixed-clock';
import { MemoryLedger } from '../../../functions/adapters/memory/memory-ledger';
import { importReps } from '../../../functions/core/import/import-reps';
import { collectRejects, type ImportSource } from '../../../functions/core/import/import-source';
import { parseDay } from '../../../functions/core/import/parse-values';
import type { Rep } from '../../../functions/core/model';
import { silentLogger } from '../../../functions/core/ports';
import { aRep } from '../../support/factories';

const NOW = '2026-12-07T09:00:00.000Z';
const HEADER = ['id', 'name', 'email', 'awayFrom', 'awayUntil', 'deputy'];
const GERMAN = ['Kürzel', 'Name', 'E-Mail', 'Abwesend ab', 'Abwesend bis', 'Vertretung'];

function source(header: string[], rows: string[][]): ImportSource {
  return { header, headerLine: 1, rows: (async function* () { for (const [i, record] of rows.entries()) yield { line: i + 2, record }; })() };
}

let ledger: MemoryLedger;
let puts: number;
beforeEach(async () => {
  ledger = new MemoryLedger();
  await ledger.putRep(aRep({ id: 'ps', name: 'Petra Schneider', email: 'ps@example.com' }));
  puts = 0;
  const put = ledger.putRep.bind(ledger);
  ledger.putRep = (r: Rep, v?: number) => {
    puts++;
    return put(r, v);
  };
});

const run = async (header: string[], rows: string[][], opts: { now?: string; dryRun?: boolean; chunkSize?: number } = {}) => {
  const rejects = collectRejects();
  const result = await importReps(
    { ledger, clock: new FixedClock(opts.now ?? NOW), logger: silentLogger },
    { source: source(header, rows), rejects, dryRun: opts.dryRun, chunkSize: opts.chunkSize },
  );
  return { result, rejects: rejects.rejected };
};

const ps = (from = '', until = '', deputy = '') => ['ps', 'Petra Schneider', 'ps@example.com', from, until, deputy];
const jw = (from = '', until = '', deputy = '') => ['jw', 'Jonas Weber', 'jw@example.com', from, until, deputy];

describe('parseDay', () => {
  it('reads ISO and German days and refuses other forms and days that do not exist', () => {
    const problems: string[] = [];
    expect(parseDay('2027-01-12', 'awayFrom', problems)).toBe('2027-01-12');
    expect(parseDay(' 12.01.2027 ', 'awayFrom', problems)).toBe('2027-01-12');
    expect(parseDay('2.1.2027', 'awayFrom', problems)).toBe('2027-01-02');
    expect(parseDay('', 'awayFrom', problems)).toBeUndefined();
    expect(problems).toEqual([]);
    expect(parseDay('31.02.2027', 'Abwesend ab', problems)).toBeUndefined();
    expect(parseDay('2027-1-12', 'Abwesend ab', problems)).toBeUndefined();
    expect(parseDay('2027-01-12T10:00', 'Abwesend ab', problems)).toBeUndefined();
    expect(problems).toEqual([
      'Abwesend ab "31.02.2027" is not a date: use 2027-01-12 or 12.01.2027',
      'Abwesend ab "2027-1-12" is not a date: use 2027-01-12 or 12.01.2027',
      'Abwesend ab "2027-01-12T10:00" is not a date: use 2027-01-12 or 12.01.2027',
    ]);
  });
});

describe('absence columns of a reps file', () => {
  it('stores an absence with a deputy (no hold) and one without (hold), by import at the import time', async () => {
    const { result, rejects } = await run(GERMAN, [ps('12.1.2027', '26.01.2027', 'jw'), jw('2027-02-01', '2027-02-05')]);
    expect(rejects).toEqual([]);
    expect(result).toMatchObject({ created: 1, updated: 1, rejected: 0 });
    expect(ledger.reps.get('ps')!.away).toEqual({ from: '2027-01-12', until: '2027-01-26', deputy: 'jw', hold: false, at: NOW, by: 'import' });
    expect(ledger.reps.get('jw')!.away).toEqual({ from: '2027-02-01', until: '2027-02-05', hold: true, at: NOW, by: 'import' });
  });

  it('takes a deputy defined further down in the same file', async () => {
    const { result, rejects } = await run(HEADER, [['ab', 'Anna Berger', 'ab@example.com', '2027-01-12', '2027-01-26', 'zz'], ['zz', 'Zoe Zander', 'zz@example.com', '', '', '']], { chunkSize: 1 });
    expect(rejects).toEqual([]);
    expect(result).toMatchObject({ created: 2 });
    expect(ledger.reps.get('ab')!.away).toMatchObject({ deputy: 'zz', hold: false });
  });

  it('takes the English aliases too', async () => {
    const { rejects } = await run(['id', 'name', 'email', 'Away from', 'Away until', 'Deputy'], [jw('2027-01-12', '2027-01-14', 'ps')]);
    expect(rejects).toEqual([]);
    expect(ledger.reps.get('jw')!.away).toMatchObject({ from: '2027-01-12', until: '2027-01-14', deputy: 'ps' });
  });

  it('rejects each absence the command would refuse, naming the column, and writes nothing of those rows', async () => {
    await ledger.putRep(aRep({ id: 'hk', name: 'Hanna Kurz', email: 'hk@example.com', away: { from: '2027-01-10', until: '2027-01-20', hold: true } }));
    puts = 0;
    const { result, rejects } = await run(GERMAN, [
      jw('2027-01-12', '2027-01-02'),
      ['ab', 'Anna Berger', 'ab@example.com', '2026-11-20', '2026-11-30', ''],
      ['cd', 'Carl Dorn', 'cd@example.com', '2027-01-12', '2027-01-26', 'zz'],
      ['ef', 'Eva Falk', 'ef@example.com', '2027-01-12', '2027-01-26', 'hk'],
      ['gh', 'Gerd Hahn', 'gh@example.com', '2027-01-12', '2027-01-26', 'gh'],
      ['ij', 'Ida Jung', 'ij@example.com', '2027-01-12', '2028-01-26', ''],
      ['kl', 'Karl Lang', 'kl@example.com', '2027-03-04', '2027-03-10', 'ps'],
    ]);
    expect(rejects).toEqual([
      { line: 2, reason: 'Abwesend bis: ends (2027-01-02) before it starts (2027-01-12)' },
      { line: 3, reason: 'Abwesend bis: 2026-11-30 is over already' },
      { line: 4, reason: 'Vertretung: there is no rep "zz"' },
      { line: 5, reason: 'Vertretung: hk is away too (2027-01-10 to 2027-01-20)' },
      { line: 6, reason: 'Vertretung: a rep cannot stand in for themself' },
      { line: 7, reason: 'Abwesend bis: more than 366 days away: give the customers another rep instead' },
    ]);
    expect(result).toMatchObject({ created: 1, updated: 0, rejected: 6 });
    expect([...ledger.reps.keys()].sort()).toEqual(['hk', 'kl', 'ps']);
    expect(puts).toBe(1);
  });

  it('rejects a rep who stands in for someone on those days (from), and both rows of a deputy away in the same file', async () => {
    await ledger.putRep(aRep({ id: 'ow', name: 'Olaf Wendt', email: 'ow@example.com', away: { from: '2027-03-01', until: '2027-03-05', deputy: 'jw', hold: false } }));
    await ledger.putRep(aRep({ id: 'jw', name: 'Jonas Weber', email: 'jw@example.com', phone: '0', away: undefined }));
    const { result, rejects } = await run([...HEADER, 'phone'], [
      [...jw('2027-03-04', '2027-03-10'), '+49 1'],
      [...ps('2027-04-01', '2027-04-10', 'ab'), ''],
      ['ab', 'Anna Berger', 'ab@example.com', '2027-04-05', '2027-04-06', '', ''],
    ]);
    expect(rejects).toEqual([
      { line: 2, reason: 'awayFrom: jw stands in for ow from 2027-03-01 to 2027-03-05: give ow another deputy first' },
      // two rows that contradict each other are both rejected: each is wrong among the reps the file leaves
      { line: 3, reason: 'deputy: ab is away too (2027-04-05 to 2027-04-06)' },
      { line: 4, reason: 'awayFrom: ab stands in for ps from 2027-04-01 to 2027-04-10: give ps another deputy first' },
    ]);
    expect(result).toMatchObject({ created: 0, updated: 0, rejected: 3 });
    expect(ledger.reps.has('ab')).toBe(false);
    // nothing of a rejected row is written: not the phone either
    expect(ledger.reps.get('jw')).toMatchObject({ phone: '0' });
    expect(ledger.reps.get('jw')!.away).toBeUndefined();
    expect(ledger.reps.get('ps')!.away).toBeUndefined();
  });

  it('judges the rest again without a rejected row: a deputy whose own row was rejected is not there', async () => {
    const { result, rejects } = await run(HEADER, [['ab', 'Anna Berger', 'ab@example.com', '2027-01-12', '2027-01-26', 'zz'], ['zz', 'Zoe Zander', 'zz@', '', '', '']]);
    expect(rejects).toEqual([
      { line: 2, reason: 'deputy: there is no rep "zz"' },
      { line: 3, reason: 'email "zz@" is not a valid address' },
    ]);
    expect(result).toMatchObject({ created: 0, rejected: 2 });
    expect(ledger.reps.has('ab')).toBe(false);
  });

  it('cascades: a row rejected for its absence takes its rep out of the file for the other rows', async () => {
    // zz's own absence is over already, so zz's row is rejected and zz does not exist for ab
    const { rejects } = await run(HEADER, [['ab', 'Anna Berger', 'ab@example.com', '2027-01-12', '2027-01-26', 'zz'], ['zz', 'Zoe Zander', 'zz@example.com', '2026-01-01', '2026-01-02', '']]);
    expect(rejects).toEqual([
      { line: 2, reason: 'deputy: there is no rep "zz"' },
      { line: 3, reason: 'awayUntil: 2026-01-02 is over already' },
    ]);
    expect(ledger.reps.size).toBe(1);
  });

  it('wants both dates, and dates for a deputy; names the missing column', async () => {
    const { result, rejects } = await run(GERMAN, [ps('2027-01-12', ''), jw('', '2027-01-12'), ['ab', 'Anna Berger', 'ab@example.com', '', '', 'ps'], ['cd', 'Carl Dorn', 'cd@example.com', '1.13.2027', '2027-01-12', 'Petra S.']]);
    expect(rejects).toEqual([
      { line: 2, reason: 'Abwesend bis is empty, but Abwesend ab is filled: an absence needs both dates, e.g. 2027-01-26' },
      { line: 3, reason: 'Abwesend ab is empty, but Abwesend bis is filled: an absence needs both dates, e.g. 2027-01-12' },
      { line: 4, reason: 'Vertretung "ps" is filled, but there is no absence: fill Abwesend ab and Abwesend bis, or leave Vertretung empty' },
      {
        line: 5,
        reason: 'Abwesend ab "1.13.2027" is not a date: use 2027-01-12 or 12.01.2027; Vertretung "Petra S." cannot be a rep id: write the deputy\'s id (1-64 letters, digits, dot, dash or underscore)',
      },
    ]);
    expect(result).toMatchObject({ created: 0, updated: 0, unchanged: 0, rejected: 4 });
    expect(puts).toBe(0);

    const noUntil = await run(['id', 'name', 'email', 'awayFrom'], [['jw', 'Jonas Weber', 'jw@example.com', '2027-01-12']]);
    expect(noUntil.rejects).toEqual([{ line: 2, reason: 'the file has no column awayUntil, but awayFrom is filled: an absence needs both dates, e.g. 2027-01-26' }]);
    const onlyDeputy = await run(['id', 'name', 'email', 'Vertretung'], [['jw', 'Jonas Weber', 'jw@example.com', 'ps']]);
    expect(onlyDeputy.rejects).toEqual([{ line: 2, reason: 'Vertretung "ps" is filled, but there is no absence: fill awayFrom and awayUntil, or leave Vertretung empty' }]);
  });

  it('writes nothing when the same file is imported again, and keeps when the absence was set', async () => {
    await run(HEADER, [ps('2027-01-12', '2027-01-26', 'jw'), jw()]);
    puts = 0;
    const later = '2026-12-20T09:00:00.000Z';
    const again = await run(HEADER, [ps('12.01.2027', '26.01.2027', 'jw'), jw()], { now: later });
    expect(again.result).toMatchObject({ created: 0, updated: 0, unchanged: 2, rejected: 0 });
    expect(puts).toBe(0);
    expect(ledger.reps.get('ps')!.away!.at).toBe(NOW);
    // after the absence is over the same file is still unchanged, not "over already"
    const afterwards = await run(HEADER, [ps('2027-01-12', '2027-01-26', 'jw'), jw()], { now: '2027-02-10T09:00:00.000Z' });
    expect(afterwards.result).toMatchObject({ unchanged: 2, rejected: 0 });
    // another deputy is a new absence: set again, at the new time
    const moved = await run(HEADER, [ps('2027-01-12', '2027-01-26', ''), jw()], { now: later });
    expect(moved.result).toMatchObject({ updated: 1, unchanged: 1 });
    expect(ledger.reps.get('ps')!.away).toEqual({ from: '2027-01-12', until: '2027-01-26', hold: true, at: later, by: 'import' });
  });

  it('empty cells remove a stored absence; a file without the date columns leaves it', async () => {
    await ledger.putRep({ ...ledger.reps.get('ps')!, away: { from: '2027-01-12', until: '2027-01-26', hold: true, at: NOW, by: 'cli:anna' } }, 1);
    puts = 0;
    const without = await run(['id', 'name', 'email', 'phone'], [['ps', 'Petra Schneider', 'ps@example.com', '+49 2']]);
    expect(without.result).toMatchObject({ updated: 1 });
    expect(ledger.reps.get('ps')).toMatchObject({ phone: '+49 2', away: { from: '2027-01-12', by: 'cli:anna' } });
    const cleared = await run(GERMAN, [ps()]);
    expect(cleared.result).toMatchObject({ updated: 1, rejected: 0 });
    expect(ledger.reps.get('ps')).not.toHaveProperty('away');
    puts = 0;
    expect((await run(GERMAN, [ps()])).result).toMatchObject({ unchanged: 1 });
    expect(puts).toBe(0);
  });

  it('judges "over already" on the import day in the rep\'s time zone', async () => {
    // 23:30 UTC on 7 Dec: already 8 Dec in Berlin, still 7 Dec in New York
    const { rejects } = await run([...HEADER, 'timeZone'], [
      [...jw('2026-12-01', '2026-12-07'), 'Europe/Berlin'],
      ['ny', 'Nora York', 'ny@example.com', '2026-12-01', '2026-12-07', '', 'America/New_York'],
    ], { now: '2026-12-07T23:30:00.000Z' });
    expect(rejects).toEqual([{ line: 2, reason: 'awayUntil: 2026-12-07 is over already' }]);
    expect(ledger.reps.get('ny')!.away).toMatchObject({ until: '2026-12-07' });
  });

  it('a dry run rejects and counts the same, and writes nothing', async () => {
    const { result, rejects } = await run(HEADER, [ps('2027-01-12', '2027-01-26', 'zz'), jw('2027-02-01', '2027-02-05', 'ps')], { dryRun: true });
    expect(rejects).toEqual([{ line: 2, reason: 'deputy: there is no rep "zz"' }]);
    expect(result).toMatchObject({ created: 1, updated: 0, rejected: 1 });
    expect(puts).toBe(0);
    expect(ledger.reps.has('jw')).toBe(false);
  });
});
