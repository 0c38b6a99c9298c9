// Read views of the ledger for people: the contact list and one contact with its timeline.
import { daysBetween, hashEmail } from '../ids';
import type { Contact, Suppression, Touch } from '../model';
import type { Clock, Ledger } from '../ports';
import { showSnooze, snoozeHolding, type ShownSnooze } from './snooze';

/** Where a rep's time zone is unknown (the rep left the ledger), dates are read as the reps' default zone. */
const FALLBACK_TIME_ZONE = 'Europe/Berlin';

/** The snooze that holds the contact at `now` (any campaign), as shown to people; undefined when none holds. */
function snoozedOf(contact: Contact, now: Date, timeZone: string | undefined): ShownSnooze | undefined {
  const s = snoozeHolding(contact, now);
  return s ? showSnooze(s, timeZone ?? FALLBACK_TIME_ZONE) : undefined;
}

/**
 * Whether presence may write to the contact, and if not why: the contact's own opt-out (set in the CRM file) or the
 * suppression of their address (the unsubscribe link, a bounce, a complaint, by hand, an erasure), with the date.
 */
export type OptOut = { by: 'contact'; at?: undefined } | { by: Suppression['reason']; at: string };

export function optOutOf(contact: Contact, suppressed: ReadonlyMap<string, Suppression>): OptOut | undefined {
  const suppression = contact.email ? suppressed.get(hashEmail(contact.email)) : undefined;
  if (suppression) return { by: suppression.reason, at: suppression.at };
  return contact.optedOut ? { by: 'contact' } : undefined;
}

export async function suppressionsOf(ledger: Pick<Ledger, 'suppressedAmong' | 'getSuppression'>, contacts: readonly Contact[]): Promise<Map<string, Suppression>> {
  const hashes = [...new Set(contacts.flatMap((c) => (c.email ? [hashEmail(c.email)] : [])))];
  const out = new Map<string, Suppression>();
  if (!hashes.length) return out;
  for (const hash of await ledger.suppressedAmong(hashes)) {
    const s = await ledger.getSuppression(hash);
    if (s) out.set(hash, s);
  }
  return out;
}

/**
 * A contact in a list, with its opt-out state (undefined: presence may write to it) and the snooze that holds it
 * now (undefined: none, or it has ended).
 */
export type ContactRow = Contact & { optOut?: OptOut; snoozed?: ShownSnooze };

/** Contacts of one rep or of all reps, due first. Reads the rep index; never scans the table. */
export async function listContacts(
  deps: { ledger: Pick<Ledger, 'listContactsByRep' | 'listReps' | 'getRep' | 'suppressedAmong' | 'getSuppression'>; clock: Clock },
  opts: { repId?: string; dueOnly?: boolean },
): Promise<ContactRow[]> {
  const reps = opts.repId ? [(await deps.ledger.getRep(opts.repId)) ?? { id: opts.repId, timeZone: FALLBACK_TIME_ZONE }] : await deps.ledger.listReps();
  const repIds = reps.map((r) => r.id);
  const zones = new Map(reps.map((r) => [r.id, r.timeZone]));
  const now = deps.clock.now();
  const dueBy = opts.dueOnly ? now.toISOString() : undefined;
  const out: Contact[] = [];
  for (const repId of repIds) {
    let cursor: string | undefined;
    do {
      const page = await deps.ledger.listContactsByRep(repId, { dueBy, cursor });
      out.push(...page.items);
      cursor = page.cursor;
    } while (cursor);
  }
  out.sort((a, b) => a.nextDueAt.localeCompare(b.nextDueAt) || a.id.localeCompare(b.id));
  const suppressed = await suppressionsOf(deps.ledger, out);
  return out.map((c) => {
    const optOut = optOutOf(c, suppressed);
    const snoozed = snoozedOf(c, now, zones.get(c.repId));
    return optOut || snoozed ? { ...c, ...(optOut ? { optOut } : {}), ...(snoozed ? { snoozed } : {}) } : c;
  });
}

export interface ContactView {
  contact: Contact;
  touches: Touch[];
  /** Whole days since the last touch; undefined when never touched. */
  daysSilent?: number;
  /** Why presence does not write to the contact; undefined when it may. */
  optOut?: OptOut;
  /** The snooze that holds the contact now; undefined when none holds (never set, or ended). */
  snoozed?: ShownSnooze;
}

export async function describeContact(
  deps: { ledger: Pick<Ledger, 'getContact' | 'getRep' | 'listTouches' | 'suppressedAmong' | 'getSuppression'>; clock: Clock },
  id: string,
): Promise<ContactView | undefined> {
  const contact = await deps.ledger.getContact(id);
  if (!contact) return undefined;
  const [touches, suppressed, rep] = await Promise.all([
    deps.ledger.listTouches(id, { newestFirst: true }),
    suppressionsOf(deps.ledger, [contact]),
    contact.snooze ? deps.ledger.getRep(contact.repId) : undefined,
  ]);
  const now = deps.clock.now();
  const daysSilent = contact.lastTouchAt ? daysBetween(contact.lastTouchAt, now) : undefined;
  const optOut = optOutOf(contact, suppressed);
  const snoozed = snoozedOf(contact, now, rep?.timeZone);
  return { contact, touches, ...(daysSilent === undefined ? {} : { daysSilent }), ...(optOut ? { optOut } : {}), ...(snoozed ? { snoozed } : {}) };
}
