// A sequence of everything that moves the coverage aggregate, for the recount tests on the memory ledger and on
// DynamoDB Local: touches (newer and older ones), a move to another rep, a cadence change, a snooze set and one
// outlived by a touch, a contact's own opt-out, a one-click unsubscribe, a bounce shared by two contacts, an erasure.
import { saveContact } from '../../../functions/core/contacts/save-contact';
import { eraseContact } from '../../../functions/core/gdpr/erase-contact';
import { hashEmail } from '../../../functions/core/ids';
import type { Ledger } from '../../../functions/core/ports';
import { silentLogger } from '../../../functions/core/ports';
import { signUnsubscribeToken } from '../../../functions/core/sending/unsubscribe-token';
import { unsubscribeByToken } from '../../../functions/core/sending/unsubscribe';
import { FixedClock } from '../../../functions/adapters/memory/fixed-clock';
import { aContact } from '../../support/factories';
import { NOW, handLedger } from './hand-ledger';

const KEY = Buffer.alloc(32, 7);
export const clock = new FixedClock(NOW);

export async function scenario<L extends Ledger>(ledger: L): Promise<L> {
  await handLedger(ledger);
  const get = async (id: string) => (await ledger.getContact(id))!;
  let n = 100;
  const touch = (contactId: string, repId: string, at: string) =>
    ledger.recordTouch({ touch: { id: `s${++n}`, contactId, repId, channel: 'email', at, source: 'manual' } });

  // a later touch, an older one (history only), one ending exactly today later than now, one ending earlier today
  await touch('a2', 'rep-a', '2026-11-26T08:00:00.000Z');
  await touch('a2', 'rep-a', '2026-10-01T08:00:00.000Z');
  await touch('b2', 'rep-b', '2026-09-28T18:00:00.000Z'); // cadence 60: covered until 27 Nov 18:00, today
  // moved to rep-b, then its cadence shortened
  const a1 = await get('a1');
  await saveContact(ledger, { ...a1, repId: 'rep-b' }, a1, NOW);
  const moved = await get('a1');
  await ledger.putContact({ ...moved, cadenceDays: 1 }, moved.version);
  // snoozed until next month; b4 snoozed but touched after, so its coverage outlasts the snooze
  const b3 = await get('b3');
  await ledger.putContact({ ...b3, snooze: { until: '2026-12-20T00:00:00.000Z', reason: 'manual', at: NOW } }, b3.version);
  const b4 = await get('b4');
  await ledger.putContact({ ...b4, snooze: { until: '2026-11-28T00:00:00.000Z', reason: 'manual', at: NOW } }, b4.version);
  await touch('b4', 'rep-b', '2026-11-27T10:00:00.000Z');
  // the contact's own opt-out, and a one-click unsubscribe
  const a5 = await get('a5');
  await ledger.putContact({ ...a5, optedOut: true }, a5.version);
  const a4 = await get('a4');
  await unsubscribeByToken({ ledger, clock, logger: silentLogger, secrets: { signingKey: async () => KEY } }, signUnsubscribeToken(KEY, { contactId: 'a4', emailHash: hashEmail(a4.email) }));
  // two contacts of one address (the same person under two reps), bounced; a touch of one afterwards
  await ledger.putContact(aContact({ id: 'd1', repId: 'rep-a', email: 'shared@customer.example', nextDueAt: NOW, createdAt: '2026-11-01T00:00:00.000Z' }));
  await ledger.putContact(aContact({ id: 'd2', repId: 'rep-c', email: 'Shared@customer.example', nextDueAt: NOW, createdAt: '2026-11-01T00:00:00.000Z' }));
  await ledger.suppress({ emailHash: hashEmail('shared@customer.example'), reason: 'bounce', at: NOW });
  await touch('d2', 'rep-c', '2026-11-25T08:00:00.000Z');
  // erased: the tombstone first, then the contact's whole collection
  await eraseContact({ ledger, clock }, 'b1', 'cli:test');
  return ledger;
}
