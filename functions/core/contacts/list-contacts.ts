// Read views of the ledger for people: the contact list and one contact with its timeline.
import { daysBetween, hashEmail } from '../ids';
import type { Contact, Suppression, Touch } from '../model';
import type { Clock, Ledger } from '../ports';

/**
 * Whether presence may write to the contact, and if not why: the contact's own opt-out (set in the CRM file) or the
 * suppression of their address (the unsubscribe link, a bounce, a complaint, by hand, an erasure), with the date.
 */
export type OptOut = { by: 'contact'; at?: undefined } | { by: Suppression['reason']; at: string };

function optOutOf(contact: Contact, suppressed: ReadonlyMap<string, Suppression>): OptOut | undefined {
  const suppression = contact.email ? suppressed.get(hashEmail(contact.email)) : undefined;
  if (suppression) return { by: suppression.reason, at: suppression.at };
  return contact.optedOut ? { by: 'contact' } : undefined;
}

async function suppressionsOf(ledger: Pick<Ledger, 'suppressedAmong' | 'getSuppression'>, contacts: readonly Contact[]): Promise<Map<string, Suppression>> {
  const hashes = [...new Set(contacts.flatMap((c) => (c.email ? [hashEmail(c.email)] : [])))];
  const out = new Map<string, Suppression>();
  if (!hashes.length) return out;
  for (const hash of await ledger.suppressedAmong(hashes)) {
    const s = await ledger.getSuppression(hash);
    if (s) out.set(hash, s);
  }
  return out;
}

/** A contact in a list, with its opt-out state (undefined: presence may write to it). */
export type ContactRow = Contact & { optOut?: OptOut };

/** Contacts of one rep or of all reps, due first. Reads the rep index; never scans the table. */
export async function listContacts(
  deps: { ledger: Pick<Ledger, 'listContactsByRep' | 'listReps' | 'suppressedAmong' | 'getSuppression'>; clock: Clock },
  opts: { repId?: string; dueOnly?: boolean },
): Promise<ContactRow[]> {
  const repIds = opts.repId ? [opts.repId] : (await deps.ledger.listReps()).map((r) => r.id);
  const dueBy = opts.dueOnly ? deps.clock.now().toISOString() : undefined;
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
    return optOut ? { ...c, optOut } : c;
  });
}

export interface ContactView {
  contact: Contact;
  touches: Touch[];
  /** Whole days since the last touch; undefined when never touched. */
  daysSilent?: number;
  /** Why presence does not write to the contact; undefined when it may. */
  optOut?: OptOut;
}

export async function describeContact(
  deps: { ledger: Pick<Ledger, 'getContact' | 'listTouches' | 'suppressedAmong' | 'getSuppression'>; clock: Clock },
  id: string,
): Promise<ContactView | undefined> {
  const contact = await deps.ledger.getContact(id);
  if (!contact) return undefined;
  const [touches, suppressed] = await Promise.all([deps.ledger.listTouches(id, { newestFirst: true }), suppressionsOf(deps.ledger, [contact])]);
  const daysSilent = contact.lastTouchAt ? daysBetween(contact.lastTouchAt, deps.clock.now()) : undefined;
  const optOut = optOutOf(contact, suppressed);
  return { contact, touches, ...(daysSilent === undefined ? {} : { daysSilent }), ...(optOut ? { optOut } : {}) };
}
