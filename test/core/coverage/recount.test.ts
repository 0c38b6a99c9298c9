import { describe, expect, it } from 'vitest';
import { MemoryLedger } from '../../../functions/adapters/memory/memory-ledger';
import { coverage, coverageFromContacts } from '../../../functions/core/coverage/coverage';
import { recountCoverage } from '../../../functions/core/coverage/recount';
import { hashEmail } from '../../../functions/core/ids';
import { silentLogger } from '../../../functions/core/ports';
import { signUnsubscribeToken } from '../../../functions/core/sending/unsubscribe-token';
import { unsubscribeByToken } from '../../../functions/core/sending/unsubscribe';
import { handLedger } from './hand-ledger';
import { clock, scenario } from './scenario';

const figures = (r: Awaited<ReturnType<typeof coverage>>) => ({ reps: r.reps, total: r.total });

describe('the coverage aggregate', () => {
  it('agrees exactly with a recount after touches, moves, snoozes, opt-outs, suppressions and an erasure', async () => {
    const ledger = await scenario(new MemoryLedger());
    const report = await coverage({ ledger, clock }, { weeks: 4 });
    // by hand (scenario.ts): rep-a keeps a2 (touched yesterday) and a3 (never); a1 moved to rep-b; a4, a5, a6, d1 are out
    expect(report.reps.map((r) => [r.repId, r.contacts, r.covered, r.silent, r.snoozed, r.optedOut])).toEqual([
      ['rep-a', 2, 1, 1, 0, 4],
      ['rep-b', 4, 3, 0, 1, 0],
      ['rep-c', 0, 0, 0, 0, 1],
    ]);
    expect(figures(report)).toEqual(figures(await coverageFromContacts({ ledger, clock }, { weeks: 4 })));
    const recount = await recountCoverage({ ledger, clock }, { write: false });
    expect(recount).toMatchObject({ agreed: true, differences: [], weekDifferences: 0, reps: 3 });
  });

  it('agrees at later moments too: coverage ending later today, tomorrow, a snooze ending', async () => {
    const ledger = await scenario(new MemoryLedger());
    for (const at of ['2026-11-27T17:59:59.999Z', '2026-11-27T18:00:00.001Z', '2026-11-28T15:00:00.000Z', '2026-12-20T00:00:00.000Z', '2027-02-01T00:00:00.000Z']) {
      const later = { now: () => new Date(at) };
      expect(figures(await coverage({ ledger, clock: later }, { weeks: 2 }))).toEqual(figures(await coverageFromContacts({ ledger, clock: later }, { weeks: 2 })));
    }
  });

  it('finds and repairs an aggregate that drifted, and then agrees', async () => {
    const ledger = await scenario(new MemoryLedger());
    ledger.coverageStates.get('rep-a')!.contacts += 3;
    const first = await recountCoverage({ ledger, clock }, { write: true });
    expect(first.agreed).toBe(false);
    expect(first.differences).toEqual([
      { repId: 'rep-a', incremental: expect.objectContaining({ contacts: 5 }), recounted: expect.objectContaining({ contacts: 2, covered: 1, optedOut: 4 }) },
    ]);
    expect((await recountCoverage({ ledger, clock }, { write: false })).agreed).toBe(true);
  });
});

describe('opted out (issue 19)', () => {
  it('counts a contact whose address was unsubscribed with the one-click link, not only the consent flag', async () => {
    const ledger = await handLedger();
    const key = Buffer.alloc(32, 1);
    const a4 = (await ledger.getContact('a4'))!;
    await unsubscribeByToken({ ledger, clock, logger: silentLogger, secrets: { signingKey: async () => key } }, signUnsubscribeToken(key, { contactId: 'a4', emailHash: hashEmail(a4.email) }));
    for (const report of [await coverage({ ledger, clock }, { weeks: 4 }), await coverageFromContacts({ ledger, clock }, { weeks: 4 })]) {
      // a4 (covered before) leaves the figures: 4 contacts, 1 covered, 2 opted out (a6 by flag, a4 by the link)
      expect(report.reps[0]).toMatchObject({ repId: 'rep-a', contacts: 4, covered: 1, silent: 3, optedOut: 2 });
      expect(report.total.optedOut).toBe(2);
    }
  });
});
