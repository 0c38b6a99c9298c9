import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../../functions/adapters/memory/fixed-clock';
import { MemoryLedger } from '../../../functions/adapters/memory/memory-ledger';
import { coverage, coverageFromContacts, weeksEndingAt } from '../../../functions/core/coverage/coverage';
import { isCovered, silentDaysOf } from '../../../functions/core/coverage/silence';
import { silentCustomersOf } from '../../../functions/core/coverage/silent-customers';
import { NotFound, ValidationError } from '../../../functions/core/errors';
import type { Ledger } from '../../../functions/core/ports';
import { aContact, aRep } from '../../support/factories';
import { NOW, handLedger, snoozedHandLedger } from './hand-ledger';

const clock = new FixedClock(NOW);

describe('coverage over a hand-computed ledger', () => {
  it('counts contacts, covered, silent and share per rep and in total', async () => {
    const report = await coverage({ ledger: await handLedger(), clock }, { weeks: 4 });
    expect(report.generatedAt).toBe(NOW);
    expect(report.weeks).toEqual(['2026-W45', '2026-W46', '2026-W47', '2026-W48']);
    expect(report.reps).toEqual([
      { repId: 'rep-a', repName: 'Anna Berg', contacts: 5, covered: 2, silent: 3, snoozed: 0, share: 0.4, optedOut: 1, touches: 3 },
      { repId: 'rep-b', repName: 'Ben Kraus', contacts: 4, covered: 2, silent: 2, snoozed: 0, share: 0.5, optedOut: 0, touches: 2 },
      { repId: 'rep-c', repName: 'Cora Lenz', contacts: 0, covered: 0, silent: 0, snoozed: 0, share: 0, optedOut: 0, touches: 1 },
    ]);
    expect(report.total).toEqual({ contacts: 9, covered: 4, silent: 5, snoozed: 0, share: 4 / 9, optedOut: 1, touches: 6 });
    expect(report).toMatchObject({ snoozedContacts: [], snoozedCount: 0 });
  });

  it('lists the silent contacts longest silence first, never-touched ones counted from their creation', async () => {
    const report = await coverage({ ledger: await handLedger(), clock }, { weeks: 4 });
    expect(report.silentCount).toBe(5);
    expect(report.silentContacts.map((s) => [s.contactId, s.silentDays, s.neverTouched])).toEqual([
      ['b2', 118, false],
      ['a3', 57, true],
      ['a2', 26, false],
      ['a5', 7, false],
      ['b3', 7, true],
    ]);
    const a2 = report.silentContacts.find((s) => s.contactId === 'a2')!;
    expect(a2).toMatchObject({ repId: 'rep-a', channel: 'letter', lastTouchAt: '2026-11-01T12:00:00.000Z', lastTouchChannel: 'letter', cadenceDays: 14, name: 'Kim Last-a2' });
    expect(report.silentContacts.find((s) => s.contactId === 'b3')).not.toHaveProperty('lastTouchAt');
  });

  it('counts touches per ISO week and channel inside the period only', async () => {
    const report = await coverage({ ledger: await handLedger(), clock }, { weeks: 4 });
    expect(report.touchesPerWeek).toEqual([
      { week: '2026-W45', byChannel: { email: 0, letter: 0, visit: 0, call: 0 }, total: 0 },
      { week: '2026-W46', byChannel: { email: 1, letter: 0, visit: 0, call: 0 }, total: 1 },
      { week: '2026-W47', byChannel: { email: 1, letter: 0, visit: 0, call: 1 }, total: 2 },
      { week: '2026-W48', byChannel: { email: 1, letter: 1, visit: 0, call: 1 }, total: 3 },
    ]);
    // one more week reaches back to W44, where a2's letter lies
    const five = await coverage({ ledger: await handLedger(), clock }, { weeks: 5 });
    expect(five.touchesPerWeek[0]).toEqual({ week: '2026-W44', byChannel: { email: 0, letter: 1, visit: 0, call: 0 }, total: 1 });
    expect(five.total.touches).toBe(7);
  });

  it('limits everything to one rep with repId', async () => {
    const report = await coverage({ ledger: await handLedger(), clock }, { repId: 'rep-a', weeks: 4 });
    expect(report.repId).toBe('rep-a');
    expect(report.reps.map((r) => r.repId)).toEqual(['rep-a']);
    expect(report.total).toEqual({ contacts: 5, covered: 2, silent: 3, snoozed: 0, share: 0.4, optedOut: 1, touches: 3 });
    expect(report.silentContacts.map((s) => s.contactId)).toEqual(['a3', 'a2', 'a5']);
    expect(report.touchesPerWeek.map((w) => w.total)).toEqual([0, 1, 2, 0]);
  });

  it('cuts the silent list to the limit but keeps the full count', async () => {
    const report = await coverage({ ledger: await handLedger(), clock }, { weeks: 4, silentLimit: 2 });
    expect(report.silentContacts.map((s) => s.contactId)).toEqual(['b2', 'a3']);
    expect(report.silentCount).toBe(5);
    expect(report.total.silent).toBe(5);
  });

  it('takes a cut list from the most overdue of the due index, reading only as far as the limit needs', async () => {
    const ledger = new MemoryLedger();
    await ledger.putRep(aRep({ id: 'rep-x', name: 'Xaver' }));
    await ledger.putRep(aRep({ id: 'rep-y', name: 'Yara' }));
    for (let i = 0; i < 3500; i++) {
      // silence from 0 to 3499 days, in a scrambled order over two reps; due since creation, as the import sets it
      const j = (i * 7919) % 3500;
      const createdAt = new Date(Date.parse(NOW) - j * 86_400_000 - 3_600_000).toISOString();
      await ledger.putContact(aContact({ id: `x-${i}`, repId: i % 2 ? 'rep-x' : 'rep-y', createdAt, nextDueAt: createdAt }));
    }
    let read = 0;
    const counting = Object.assign(Object.create(ledger) as MemoryLedger, {
      listContactsByRep: async (repId: string, opts?: { dueBy?: string; cursor?: string; limit?: number }) => {
        expect(opts?.dueBy).toBe(NOW);
        const page = await ledger.listContactsByRep(repId, opts);
        read += page.items.length;
        return page;
      },
    });
    const full = await coverageFromContacts({ ledger, clock }, { weeks: 1 });
    const cut = await coverage({ ledger: counting, clock }, { weeks: 1, silentLimit: 5 });
    expect(cut.silentCount).toBe(3500);
    expect(cut.silentContacts).toEqual(full.silentContacts.slice(0, 5));
    expect(cut.silentContacts.map((s) => s.silentDays)).toEqual([3499, 3498, 3497, 3496, 3495]);
    expect(read).toBeLessThanOrEqual(2 * 4 + 8);
  });

  it('answers the figures from the aggregates, never from the contacts or the touch rows', async () => {
    const ledger = await handLedger();
    const calls: string[] = [];
    const spy = Object.assign(Object.create(ledger) as MemoryLedger, {
      listContactsByRep: (repId: string, opts?: { dueBy?: string; cursor?: string; limit?: number }) => {
        calls.push(`${repId}:${opts?.dueBy ?? 'all'}`);
        return ledger.listContactsByRep(repId, opts);
      },
      weeklyTouchCounts: () => Promise.reject(new Error('the shared weekly counters are not read')),
      listTouches: () => Promise.reject(new Error('touch rows are not read')),
    });
    const report = await coverage({ ledger: spy, clock }, { weeks: 4, silentLimit: 0 });
    expect(report.total).toEqual({ contacts: 9, covered: 4, silent: 5, snoozed: 0, share: 4 / 9, optedOut: 1, touches: 6 });
    // no list wanted: no contact read at all
    expect(calls).toEqual([]);
    await coverage({ ledger: spy, clock }, { weeks: 4, silentLimit: 3 });
    expect(calls.every((c) => c.endsWith(`:${NOW}`))).toBe(true);
  });

  it('rejects an unknown rep and a period out of range', async () => {
    const deps = { ledger: await handLedger(), clock };
    await expect(coverage(deps, { repId: 'nobody', weeks: 4 })).rejects.toBeInstanceOf(NotFound);
    await expect(coverage(deps, { weeks: 0 })).rejects.toBeInstanceOf(ValidationError);
    await expect(coverage(deps, { weeks: 105 })).rejects.toBeInstanceOf(ValidationError);
    await expect(coverage(deps, { weeks: 2.5 })).rejects.toBeInstanceOf(ValidationError);
  });

  it('reports an empty ledger as zero without dividing by zero', async () => {
    const report = await coverage({ ledger: new MemoryLedger(), clock }, { weeks: 2 });
    expect(report.total).toEqual({ contacts: 0, covered: 0, silent: 0, snoozed: 0, share: 0, optedOut: 0, touches: 0 });
    expect(report.silentContacts).toEqual([]);
    expect(report.touchesPerWeek.map((w) => w.week)).toEqual(['2026-W47', '2026-W48']);
  });
});

describe('coverage and snoozed contacts', () => {
  it('counts a snoozed contact apart from the silent, shows until when and why, and keeps the share honest', async () => {
    const report = await coverage({ ledger: await snoozedHandLedger(), clock }, { weeks: 4 });
    expect(report.reps.map((r) => [r.repId, r.contacts, r.covered, r.silent, r.snoozed, r.share])).toEqual([
      ['rep-a', 5, 2, 2, 1, 0.4],
      ['rep-b', 4, 2, 1, 1, 0.5],
      ['rep-c', 0, 0, 0, 0, 0],
    ]);
    expect(report.total).toMatchObject({ contacts: 9, covered: 4, silent: 3, snoozed: 2 });
    expect(report.silentCount).toBe(3);
    expect(report.silentContacts.map((s) => s.contactId)).toEqual(['a3', 'a5', 'b3']);
    expect(report.snoozedCount).toBe(2);
    expect(report.snoozedContacts).toEqual([
      { contactId: 'a2', name: 'Kim Last-a2', company: 'Company a2', repId: 'rep-a', channel: 'letter', cadenceDays: 14, lastTouchAt: '2026-11-01T12:00:00.000Z', silentDays: 26, neverTouched: false, until: '2026-12-10T23:00:00.000Z', untilLocal: '2026-12-11', reason: 'away' },
      { contactId: 'b2', name: 'Kim Last-b2', company: 'Company b2', repId: 'rep-b', channel: 'call', cadenceDays: 60, lastTouchAt: '2026-08-01T12:00:00.000Z', silentDays: 118, neverTouched: false, until: '2027-11-20T09:00:00.000Z', untilLocal: '2027-11-20 10:00', reason: 'rejected', campaignId: 'crisis-update' },
    ]);
    const cut = await coverage({ ledger: await snoozedHandLedger(), clock }, { weeks: 4, silentLimit: 1 });
    // a cut list stops reading at its last silent contact: the snoozed met on the way, b2 being the most overdue
    expect(cut.snoozedContacts.map((s) => s.contactId)).toEqual(['b2']);
    expect(cut.snoozedCount).toBe(2);
  });

  it('shows the customers of a rep away without a stand-in as held until the day the rep is back; with a deputy they stay silent', async () => {
    const ledger = await handLedger();
    const repA = (await ledger.getRep('rep-a'))!;
    // NOW is 27 November 2026; Anna Berg is away until 4 December, nobody stands in
    await ledger.putRep({ ...repA, away: { from: '2026-11-23', until: '2026-12-04', hold: true, at: '2026-11-20T08:00:00.000Z', by: 'cli:ops' } }, repA.version);
    const held = await coverage({ ledger, clock }, { weeks: 4 });
    expect(held.reps.find((r) => r.repId === 'rep-a')).toMatchObject({ contacts: 5, covered: 2, silent: 0, snoozed: 3, share: 0.4 });
    expect(held.snoozedContacts.filter((c) => c.repId === 'rep-a').map((c) => [c.contactId, c.reason, c.untilLocal])).toEqual([
      ['a2', 'held: rep away', '2026-12-05'],
      ['a3', 'held: rep away', '2026-12-05'],
      ['a5', 'held: rep away', '2026-12-05'],
    ]);
    // a deputy stands in: the customers are being written to, so a silence is a silence
    const withDeputy = (await ledger.getRep('rep-a'))!;
    await ledger.putRep({ ...withDeputy, away: { from: '2026-11-23', until: '2026-12-04', deputy: 'rep-b', hold: false } }, withDeputy.version);
    expect((await coverage({ ledger, clock }, { weeks: 4 })).reps.find((r) => r.repId === 'rep-a')).toMatchObject({ silent: 3, snoozed: 0 });
    // back: no longer held
    const back = await coverage({ ledger, clock: new FixedClock('2026-12-05T12:00:00.000Z') }, { weeks: 4 });
    expect(back.snoozedContacts.some((c) => c.reason === 'held: rep away')).toBe(false);
  });

  it('leaves snoozed customers out of the digest’s silent list, by the same rule', async () => {
    const ledger = await snoozedHandLedger();
    expect((await silentCustomersOf({ ledger, clock }, 'rep-a', 10)).map((s) => s.contactId)).toEqual(['a3', 'a5']);
    expect((await silentCustomersOf({ ledger, clock }, 'rep-b', 10)).map((s) => s.contactId)).toEqual(['b3']);
  });
});

describe('the silence rules', () => {
  const now = new Date(NOW);
  it('counts a touch exactly one cadence ago as covered, one millisecond more as silent', () => {
    expect(isCovered({ cadenceDays: 7, lastTouchAt: '2026-11-20T12:00:00.000Z' }, now)).toBe(true);
    expect(isCovered({ cadenceDays: 7, lastTouchAt: '2026-11-20T11:59:59.999Z' }, now)).toBe(false);
    expect(isCovered({ cadenceDays: 7 }, now)).toBe(false);
  });
  it('never reports negative silence for a record created slightly in the future', () => {
    expect(silentDaysOf({ createdAt: '2026-11-28T00:00:00.000Z', nextDueAt: '2026-11-28T00:00:00.000Z' }, now)).toBe(0);
  });
  it('walks ISO weeks across a year end', () => {
    expect(weeksEndingAt(new Date('2027-01-05T00:00:00Z'), 3)).toEqual(['2026-W52', '2026-W53', '2027-W01']);
  });
});

describe('silent customers for the rep digest', () => {
  it('lists the rep\'s silent contacts longest first, up to the limit', async () => {
    const ledger = await handLedger();
    const list = await silentCustomersOf({ ledger, clock }, 'rep-a', 2);
    expect(list).toEqual([
      { contactId: 'a3', name: 'Kim Last-a3', company: 'Company a3', channel: 'email', silentDays: 57, neverTouched: true },
      { contactId: 'a2', name: 'Kim Last-a2', company: 'Company a2', channel: 'letter', silentDays: 26, lastTouchAt: '2026-11-01T12:00:00.000Z', neverTouched: false },
    ]);
  });

  it('agrees with the coverage report for each rep and skips opted-out contacts', async () => {
    const ledger = await handLedger();
    const report = await coverage({ ledger, clock }, { weeks: 1 });
    for (const repId of ['rep-a', 'rep-b', 'rep-c']) {
      const digest = await silentCustomersOf({ ledger, clock }, repId, 100);
      expect(digest.map((s) => s.contactId)).toEqual(report.silentContacts.filter((s) => s.repId === repId).map((s) => s.contactId));
    }
    expect((await silentCustomersOf({ ledger, clock }, 'rep-a', 100)).map((s) => s.contactId)).not.toContain('a6');
  });

  it('reads only due contacts from the index', async () => {
    const ledger = new MemoryLedger();
    await ledger.putContact(aContact({ id: 'due', repId: 'rep-a', nextDueAt: '2026-11-01T00:00:00.000Z', createdAt: '2026-11-01T00:00:00.000Z' }));
    await ledger.putContact(aContact({ id: 'later', repId: 'rep-a', nextDueAt: '2026-12-20T00:00:00.000Z', lastTouchAt: '2026-11-20T00:00:00.000Z' }));
    const seen: Array<string | undefined> = [];
    const spy = { listContactsByRep: (repId: string, opts?: { dueBy?: string; cursor?: string }) => (seen.push(opts?.dueBy), ledger.listContactsByRep(repId, opts)) };
    expect((await silentCustomersOf({ ledger: spy, clock }, 'rep-a', 5)).map((s) => s.contactId)).toEqual(['due']);
    expect(seen).toEqual([NOW]);
  });

  it('returns nothing for limit 0 and rejects a negative limit', async () => {
    const ledger = await handLedger();
    expect(await silentCustomersOf({ ledger, clock }, 'rep-a', 0)).toEqual([]);
    await expect(silentCustomersOf({ ledger, clock }, 'rep-a', -1)).rejects.toBeInstanceOf(ValidationError);
  });
});
