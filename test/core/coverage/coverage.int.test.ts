// The hand-computed coverage figures again, on DynamoDB Local: the rep index, its paging and the weekly
// statistics items written in the touch transactions give the same report as the memory ledger.
import { beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../../functions/adapters/memory/fixed-clock';
import { coverage } from '../../../functions/core/coverage/coverage';
import { silentCustomersOf } from '../../../functions/core/coverage/silent-customers';
import { freshTable, type TestTable } from '../../support/local-aws';
import { NOW, handLedger } from './hand-ledger';

let t: TestTable;
const clock = new FixedClock(NOW);

beforeAll(async () => {
  t = await freshTable('coverage');
  await handLedger(t.ledger);
});

describe('coverage on DynamoDB Local', () => {
  it('gives the hand-computed figures, silent list and weekly touches', async () => {
    const report = await coverage({ ledger: t.ledger, clock }, { weeks: 4 });
    expect(report.reps.map((r) => [r.repId, r.contacts, r.covered, r.silent, r.share, r.optedOut, r.touches])).toEqual([
      ['rep-a', 5, 2, 3, 0.4, 1, 3],
      ['rep-b', 4, 2, 2, 0.5, 0, 2],
      ['rep-c', 0, 0, 0, 0, 0, 1],
    ]);
    expect(report.total).toEqual({ contacts: 9, covered: 4, silent: 5, snoozed: 0, share: 4 / 9, optedOut: 1, touches: 6 });
    expect(report.silentContacts.map((s) => [s.contactId, s.silentDays, s.neverTouched])).toEqual([
      ['b2', 118, false],
      ['a3', 57, true],
      ['a2', 26, false],
      ['a5', 7, false],
      ['b3', 7, true],
    ]);
    expect(report.touchesPerWeek.map((w) => [w.week, w.byChannel.email, w.byChannel.letter, w.byChannel.call, w.total])).toEqual([
      ['2026-W45', 0, 0, 0, 0],
      ['2026-W46', 1, 0, 0, 1],
      ['2026-W47', 1, 0, 1, 2],
      ['2026-W48', 1, 1, 1, 3],
    ]);
  });

  it('pages through a rep page by page with small pages', async () => {
    const ledger = t.ledger;
    const small = new Proxy(ledger, {
      get(target, prop, receiver) {
        if (prop === 'listContactsByRep') return (repId: string, opts: { cursor?: string } = {}) => target.listContactsByRep(repId, { ...opts, limit: 2 });
        const v = Reflect.get(target, prop, receiver);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    const report = await coverage({ ledger: small, clock }, { weeks: 4, repId: 'rep-a' });
    expect(report.total).toMatchObject({ contacts: 5, covered: 2, silent: 3, optedOut: 1 });
  });

  it('gives the digest the same silent contacts from the due part of the index', async () => {
    const list = await silentCustomersOf({ ledger: t.ledger, clock }, 'rep-a', 10);
    expect(list.map((s) => [s.contactId, s.silentDays])).toEqual([
      ['a3', 57],
      ['a2', 26],
      ['a5', 7],
    ]);
  });
});
