// Read views of the ledger for people: the contact list and one contact with its timeline.
import { daysBetween } from '../ids';
import type { Contact, Touch } from '../model';
import type { Clock, Ledger } from '../ports';

/** Contacts of one rep or of all reps, due first. Reads the rep index; never scans the table. */
export async function listContacts(
  deps: { ledger: Pick<Ledger, 'getContact' | 'listContactsByRep' | 'listReps' | 'listTouches'>; clock: Clock },
  opts: { repId?: string; dueOnly?: boolean },
): Promise<Contact[]> {
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
  return out.sort((a, b) => a.nextDueAt.localeCompare(b.nextDueAt) || a.id.localeCompare(b.id));
}

export interface ContactView {
  contact: Contact;
  touches: Touch[];
  /** Whole days since the last touch; undefined when never touched. */
  daysSilent?: number;
}

export async function describeContact(deps: { ledger: Pick<Ledger, 'getContact' | 'listContactsByRep' | 'listReps' | 'listTouches'>; clock: Clock }, id: string): Promise<ContactView | undefined> {
  const contact = await deps.ledger.getContact(id);
  if (!contact) return undefined;
  const touches = await deps.ledger.listTouches(id, { newestFirst: true });
  const daysSilent = contact.lastTouchAt ? daysBetween(contact.lastTouchAt, deps.clock.now()) : undefined;
  return { contact, touches, ...(daysSilent === undefined ? {} : { daysSilent }) };
}
