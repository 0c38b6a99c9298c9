import { beforeEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../../functions/adapters/memory/fixed-clock';
import { MemoryLedger } from '../../../functions/adapters/memory/memory-ledger';
import { ValidationError } from '../../../functions/core/errors';
import { absenceAt } from '../../../functions/core/reps/absence';
import { clearRepAway, setRepAway } from '../../../functions/core/reps/set-rep-away';
import { aRep } from '../../support/factories';

let ledger: MemoryLedger;
const clock = new FixedClock('2026-12-07T10:00:00.000Z');
const deps = () => ({ ledger, clock });

beforeEach(async () => {
  ledger = new MemoryLedger();
  for (const id of ['R-1', 'R-2', 'R-3']) await ledger.putRep(aRep({ id, name: `Rep ${id}`, email: `${id.toLowerCase()}@example.com` }));
});

async function problems(input: Parameters<typeof setRepAway>[1]) {
  const before = JSON.stringify(await ledger.listReps());
  try {
    await setRepAway(deps(), input);
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    expect(JSON.stringify(await ledger.listReps())).toBe(before); // nothing written
    return e.issues;
  }
  throw new Error('expected a ValidationError');
}

describe('setRepAway', () => {
  it('stores an absence with a deputy, and holds without one', async () => {
    const rep = await setRepAway(deps(), { repId: 'R-1', from: '2026-12-21', until: '2027-01-12', deputy: 'R-2', by: 'cli:ops' });
    expect(rep.away).toEqual({ from: '2026-12-21', until: '2027-01-12', deputy: 'R-2', hold: false, at: '2026-12-07T10:00:00.000Z', by: 'cli:ops' });
    expect((await ledger.getRep('R-1'))!.away?.deputy).toBe('R-2');
    const held = await setRepAway(deps(), { repId: 'R-3', from: '2026-12-21', until: '2026-12-31' });
    expect(held.away).toMatchObject({ hold: true });
    expect(held.away!.deputy).toBeUndefined();
    expect((await setRepAway(deps(), { repId: 'R-2', from: '2027-02-01', until: '2027-02-05', deputy: 'R-3', hold: true })).away).toMatchObject({ deputy: 'R-3', hold: true });
    expect((await clearRepAway(deps(), 'R-3')).away).toBeUndefined();
  });

  it.each([
    ['an absence that ends before it starts', { from: '2027-01-12', until: '2027-01-05' }, [{ path: 'until', message: 'ends (2027-01-05) before it starts (2027-01-12)' }]],
    ['one that is over already', { from: '2026-11-01', until: '2026-12-06' }, [{ path: 'until', message: '2026-12-06 is over already' }]],
    ['a date that does not exist', { from: '2026-02-30', until: '2027-01-05' }, [{ path: 'from', message: '"2026-02-30" is not a date; use YYYY-MM-DD, e.g. 2027-01-12' }]],
    ['a missing date', { from: '2026-12-21', until: undefined }, [{ path: 'until', message: 'is required: a date such as 2027-01-12' }]],
    ['an unknown deputy', { from: '2026-12-21', until: '2027-01-05', deputy: 'R-9' }, [{ path: 'deputy', message: 'there is no rep "R-9"' }]],
    ['the rep as their own deputy', { from: '2026-12-21', until: '2027-01-05', deputy: 'R-1' }, [{ path: 'deputy', message: 'a rep cannot stand in for themself' }]],
    ['more than a year', { from: '2026-12-21', until: '2028-01-05' }, [{ path: 'until', message: 'more than 366 days away: give the customers another rep instead' }]],
  ])('refuses %s, naming the field and writing nothing', async (_what, over, expected) => {
    expect(await problems({ repId: 'R-1', ...over })).toEqual(expected);
  });

  it('refuses an unknown rep', async () => {
    expect(await problems({ repId: 'R-9', from: '2026-12-21', until: '2027-01-05' })).toEqual([{ path: 'id', message: 'there is no rep "R-9"' }]);
  });

  it('refuses a deputy who is away too, and a chain that would loop', async () => {
    await setRepAway(deps(), { repId: 'R-2', from: '2026-12-28', until: '2027-01-02' });
    expect(await problems({ repId: 'R-1', from: '2026-12-21', until: '2027-01-12', deputy: 'R-2' })).toEqual([{ path: 'deputy', message: 'R-2 is away too (2026-12-28 to 2027-01-02)' }]);
    // R-3 away with R-1 standing in; R-1 cannot go away at the same time, whoever would stand in for R-1
    await setRepAway(deps(), { repId: 'R-3', from: '2027-03-01', until: '2027-03-10', deputy: 'R-1' });
    expect(await problems({ repId: 'R-1', from: '2027-03-05', until: '2027-03-06', deputy: 'R-3' })).toEqual([
      { path: 'deputy', message: 'R-3 is away too (2027-03-01 to 2027-03-10)' },
      { path: 'from', message: 'R-1 stands in for R-3 from 2027-03-01 to 2027-03-10: give R-3 another deputy first' },
    ]);
    // outside those days it is fine
    expect((await setRepAway(deps(), { repId: 'R-1', from: '2027-03-11', until: '2027-03-12', deputy: 'R-3' })).away?.deputy).toBe('R-3');
  });
});

describe('absenceAt', () => {
  it('reads the absence on the rep\'s own day, including the last day, and falls back to holding when the deputy is away', () => {
    const deputy = aRep({ id: 'R-2' });
    const rep = aRep({ id: 'R-1', timeZone: 'Europe/Berlin', away: { from: '2026-12-21', until: '2027-01-12', deputy: 'R-2', hold: false } });
    const reps = (id: string) => (id === 'R-2' ? deputy : undefined);
    expect(absenceAt(rep, new Date('2026-12-20T22:59:00Z'), reps).mode).toBe('present'); // 23:59 in Berlin
    expect(absenceAt(rep, new Date('2026-12-20T23:00:00Z'), reps)).toMatchObject({ mode: 'deputy', until: '2027-01-12' });
    expect(absenceAt(rep, new Date('2027-01-12T22:00:00Z'), reps).mode).toBe('deputy');
    expect(absenceAt(rep, new Date('2027-01-12T23:00:00Z'), reps).mode).toBe('present'); // back on the 13th
    const awayDeputy = aRep({ id: 'R-2', away: { from: '2027-01-01', until: '2027-01-03', hold: true } });
    expect(absenceAt(rep, new Date('2027-01-02T09:00:00Z'), () => awayDeputy)).toEqual({ mode: 'hold', until: '2027-01-12', why: 'deputy-away' });
    expect(absenceAt(rep, new Date('2027-01-02T09:00:00Z'), () => undefined)).toEqual({ mode: 'hold', until: '2027-01-12', why: 'deputy-unknown' });
    const hold = aRep({ id: 'R-1', away: { from: '2026-12-21', until: '2027-01-12', deputy: 'R-2', hold: true } });
    expect(absenceAt(hold, new Date('2027-01-02T09:00:00Z'), reps)).toEqual({ mode: 'hold', until: '2027-01-12', why: 'hold' });
  });
});
