// saveContact: writes a changed contact. When the change moves the contact to another rep, its open drafts
// cannot stay: they were written in the old rep's name and their links are the old rep's. In the same
// transaction as the contact, every draft that nobody has claimed for sending yet (needs_fix, pending_approval,
// approved) is withdrawn (reason 'reassigned'), which kills its links; the new rep's next run drafts the contact
// afresh. A draft that is being sent, or may have been sent, stops the move: sending it as the old rep while the
// new rep drafts again would mail the customer twice, so a person resolves it first.
//
// This keeps the rule the planner relies on: every open draft of a contact belongs to the contact's current rep,
// so "no open draft in the rep's index" means "no open draft of the contact".
import { ValidationError } from '../errors';
import { isOpenStatus, WITHDRAWABLE_STATUSES, type Contact } from '../model';
import type { ContactStore, DraftStore, DraftWithdrawal } from '../ports';

export type SaveContactLedger = Pick<ContactStore, 'putContact' | 'replaceContactWithdrawingDrafts'> & Pick<DraftStore, 'listDraftsOfContact'>;

/** The contact cannot move to another rep now: one of its mails is in flight. */
export class ReassignmentBlocked extends ValidationError {}

export const REASSIGNED = 'reassigned';

/**
 * Creates (no `stored`) or replaces the contact at `stored.version`. Throws VersionConflict when the contact or
 * one of its drafts changed meanwhile (read again and retry), ReassignmentBlocked when a mail is in flight.
 */
export async function saveContact(ledger: SaveContactLedger, contact: Contact, stored: Contact | undefined, at: string): Promise<Contact> {
  if (!stored || stored.repId === contact.repId) return ledger.putContact(contact, stored?.version);
  const open = (await ledger.listDraftsOfContact(contact.id)).filter((d) => isOpenStatus(d.status));
  const inFlight = open.find((d) => !WITHDRAWABLE_STATUSES.includes(d.status));
  if (inFlight) {
    throw new ReassignmentBlocked(
      `contact ${contact.id} cannot move from rep ${stored.repId} to ${contact.repId} now: draft ${inFlight.id} is ${inFlight.status.replace('_', ' ')}` +
        (inFlight.status === 'possibly_sent' ? ` (check it and run \`presence resolve ${inFlight.id} --sent\` or \`--not-sent\`), then import again` : '; import again in a minute'),
    );
  }
  const withdraw: DraftWithdrawal[] = open.map((d) => ({ id: d.id, kind: d.kind, fromStatus: d.status, reason: REASSIGNED, at }));
  return ledger.replaceContactWithdrawingDrafts(contact, stored.version, withdraw);
}
