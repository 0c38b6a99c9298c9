// The "silent customers" section of a rep's digest: the rep's contacts who have waited longest, by the same
// rule as the coverage report (functions/core/coverage/silence.ts).
import { ValidationError } from '../errors';
import type { Channel } from '../model';
import type { Clock, Ledger } from '../ports';
import { snoozeHolding } from '../contacts/snooze';
import { bySilence, isCovered, silentEntryOf } from './silence';

/** What the digest shows per silent customer. */
export interface SilentCustomer {
  contactId: string;
  name: string;
  company: string;
  /** The contact's preferred channel. */
  channel: Channel;
  /** Whole days since the last touch (or since creation for never-touched contacts). */
  silentDays: number;
  lastTouchAt?: string;
  neverTouched: boolean;
}

export type SilentCustomersDeps = { ledger: Pick<Ledger, 'listContactsByRep'>; clock: Clock };

/**
 * Reads only the rep's contacts that are due (the rep index sorted by next due date, up to now), oldest due first, and
 * stops once `limit` silent ones are found: a contact touched within its cadence has its next due date in the
 * future, so the contacts past it are the only candidates. The silence rule is then applied to each, so the list
 * agrees with the coverage report (which takes its cut list the same way); shown longest silence first.
 */
export async function silentCustomersOf(deps: SilentCustomersDeps, repId: string, limit: number): Promise<SilentCustomer[]> {
  if (!Number.isInteger(limit) || limit < 0) throw new ValidationError('limit must be a whole number of 0 or more');
  if (limit === 0) return [];
  const now = deps.clock.now();
  const found = [];
  let cursor: string | undefined;
  do {
    const page = await deps.ledger.listContactsByRep(repId, { dueBy: now.toISOString(), limit: Math.max(limit, 25), ...(cursor ? { cursor } : {}) });
    // a snoozed contact waits on purpose (the coverage report counts it apart): not a silent customer to nag about
    for (const c of page.items) {
      if (found.length < limit && !c.optedOut && !isCovered(c, now) && !snoozeHolding(c, now)) found.push(silentEntryOf(c, now));
    }
    cursor = found.length < limit ? page.cursor : undefined;
  } while (cursor);
  return found
    .sort(bySilence)
    .map((s) => ({      contactId: s.contactId,
      name: s.name,
      company: s.company,
      channel: s.channel,
      silentDays: s.silentDays,
      ...(s.lastTouchAt ? { lastTouchAt: s.lastTouchAt } : {}),
      neverTouched: s.neverTouched,
    }));
}
