// A small ledger whose coverage figures are computed by hand below (report time 2026-11-27T12:00Z, a Friday
// in ISO week 2026-W48; a 4-week report spans W45 (Nov 2) .. W48 (Nov 29)).
//
// rep-a (Anna): a1 cadence 30, last touch Nov 26 (a colleague's call)   -> covered
//               a2 cadence 14, letter Nov 1 12:00 (W44, outside)          -> silent 26 days
//               a3 cadence 30, never touched, created Oct 1 12:00          -> silent 57 days (never)
//               a4 cadence 7, call exactly 7 days ago                      -> covered (the boundary counts)
//               a5 cadence 7, mail 7 days and 1 second ago                 -> silent 7 days
//               a6 opted out                                               -> left out, optedOut 1
//               => contacts 5, covered 2, silent 3, share 0.4; touches in window: W46 1 mail, W47 1 mail + 1 call = 3
// rep-b (Ben):  b1 cadence 90, visit Sep 1 (87 days)                       -> covered
//               b2 cadence 60, call Aug 1 (118 days)                       -> silent 118 days
//               b3 cadence 30, never touched, no createdAt, due Nov 20 0:00 -> silent 7 days (never)
//               b4 cadence 30, mail Nov 23 + letter Nov 25 (both W48)      -> covered
//               => contacts 4, covered 2, silent 2, share 0.5; touches in window: W48 mail + letter = 2
// rep-c (Cora): no contacts; one call to a1 on Nov 26 (W48)                -> contacts 0, share 0, touches 1
// total: contacts 9, covered 4, silent 5, share 4/9, touches 6
// per week: W45 0 | W46 email 1 | W47 email 1, call 1 | W48 email 1, letter 1, call 1
// silent order: b2 118, a3 57, a2 26, a5 7, b3 7 (ties by rep id)
import { MemoryLedger } from '../../../functions/adapters/memory/memory-ledger';
import type { Channel, ContactInput } from '../../../functions/core/model';
import type { Ledger } from '../../../functions/core/ports';
import { aContact, aRep } from '../../support/factories';

export const NOW = '2026-11-27T12:00:00.000Z';

export async function handLedger(): Promise<MemoryLedger>;
export async function handLedger<L extends Ledger>(ledger: L): Promise<L>;
export async function handLedger(ledger: Ledger = new MemoryLedger()): Promise<Ledger> {
  await ledger.putRep(aRep({ id: 'rep-a', name: 'Anna Berg', email: 'anna@example.com' }));
  await ledger.putRep(aRep({ id: 'rep-b', name: 'Ben Kraus', email: 'ben@example.com' }));
  await ledger.putRep(aRep({ id: 'rep-c', name: 'Cora Lenz', email: 'cora@example.com' }));

  const contact = (id: string, repId: string, over: Partial<ContactInput> = {}) =>
    ledger.putContact(
      aContact({ id, repId, email: `${id}@customer.example`, lastName: `Last-${id}`, firstName: 'Kim', title: '', company: `Company ${id}`, nextDueAt: '2026-06-01T00:00:00.000Z', createdAt: '2026-06-01T00:00:00.000Z', ...over }),
    );
  await contact('a1', 'rep-a', { cadenceDays: 30 });
  await contact('a2', 'rep-a', { cadenceDays: 14, channel: 'letter' });
  await contact('a3', 'rep-a', { cadenceDays: 30, createdAt: '2026-10-01T12:00:00.000Z', nextDueAt: '2026-10-01T12:00:00.000Z' });
  await contact('a4', 'rep-a', { cadenceDays: 7, channel: 'call' });
  await contact('a5', 'rep-a', { cadenceDays: 7 });
  await contact('a6', 'rep-a', { cadenceDays: 30, optedOut: true, nextDueAt: '2026-10-01T00:00:00.000Z' });
  await contact('b1', 'rep-b', { cadenceDays: 90, channel: 'visit' });
  await contact('b2', 'rep-b', { cadenceDays: 60, channel: 'call' });
  await contact('b3', 'rep-b', { cadenceDays: 30, createdAt: undefined, nextDueAt: '2026-11-20T00:00:00.000Z' });
  await contact('b4', 'rep-b', { cadenceDays: 30 });

  let n = 0;
  const touch = (contactId: string, repId: string, channel: Channel, at: string) =>
    ledger.recordTouch({ touch: { id: `t${++n}`, contactId, repId, channel, at, source: 'manual' } });
  await touch('a1', 'rep-a', 'email', '2026-10-05T09:00:00.000Z'); // W41, outside the window
  await touch('a1', 'rep-a', 'email', '2026-11-10T09:00:00.000Z'); // W46
  await touch('a1', 'rep-c', 'call', '2026-11-26T15:00:00.000Z'); // W48, a colleague
  await touch('a2', 'rep-a', 'letter', '2026-11-01T12:00:00.000Z'); // W44 (a Sunday), outside
  await touch('a4', 'rep-a', 'call', '2026-11-20T12:00:00.000Z'); // W47, exactly 7 days
  await touch('a5', 'rep-a', 'email', '2026-11-20T11:59:59.000Z'); // W47, one second more
  await touch('b1', 'rep-b', 'visit', '2026-09-01T12:00:00.000Z');
  await touch('b2', 'rep-b', 'call', '2026-08-01T12:00:00.000Z');
  await touch('b4', 'rep-b', 'email', '2026-11-23T08:00:00.000Z'); // W48
  await touch('b4', 'rep-b', 'letter', '2026-11-25T08:00:00.000Z'); // W48
  return ledger;
}

/**
 * The hand ledger with snoozes held at NOW: a2 (silent 26 days) away until 11 Dec (Berlin), b2 (silent 118 days)
 * rejected "not in this campaign" for a year; a1 is covered and snoozed (stays covered); a5's snooze ends at NOW
 * (silent again). => rep-a silent 2, snoozed 1; rep-b silent 1, snoozed 1; shares unchanged.
 */
export async function snoozedHandLedger(): Promise<MemoryLedger> {
  const ledger = await handLedger();
  const snooze = async (id: string, until: string, over: { campaignId?: string; reason?: string } = {}) => {
    const c = (await ledger.getContact(id))!;
    await ledger.putContact({ ...c, snooze: { until, reason: over.reason ?? 'rejected', at: '2026-11-20T09:00:00.000Z', ...(over.campaignId ? { campaignId: over.campaignId } : {}) } }, c.version);
  };
  await snooze('a2', '2026-12-10T23:00:00.000Z', { reason: 'away' });
  await snooze('b2', '2027-11-20T09:00:00.000Z', { campaignId: 'crisis-update' });
  await snooze('a1', '2026-12-04T09:00:00.000Z');
  await snooze('a5', '2026-11-27T12:00:00.000Z');
  return ledger;
}
