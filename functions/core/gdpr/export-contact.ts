// GDPR access (Art. 15) and portability (Art. 20): everything the ledger holds about one contact, as JSON.
import { NotFound } from '../errors';
import { hashEmail } from '../ids';
import type { Contact, Draft, Suppression, Touch } from '../model';
import type { Clock, InboxEntry, Ledger } from '../ports';
import { auditSubjectOf } from './audit-subject';

export type GdprDeps = {
  ledger: Pick<
    Ledger,
    'getContact' | 'listTouches' | 'listDraftsOfContact' | 'listInboxOfContact' | 'getSuppression' | 'audit' | 'suppress' | 'deleteContactCollection' | 'findContactsByEmail' | 'forgetDraftsInTokens'
  >;
  clock: Clock;
};

export interface ContactExport {
  exportedAt: string;
  contact: Contact;
  /** Every draft written for the contact (any status), with its words. */
  drafts: Draft[];
  /** Every touch: mails sent, letters exported, visits and calls logged, oldest first. */
  touches: Touch[];
  /** What the contact's mails to presence left: replies' first lines and absence notices (kept 90 days). */
  inbox: InboxEntry[];
  /** Whether the address is blocked from sending, and why. */
  suppression: { suppressed: false } | ({ suppressed: true } & Pick<Suppression, 'reason' | 'at'>);
  /** What else exists that refers to the contact without holding their data. */
  notes: string[];
}

export const EXPORT_NOTES = [
  'Weekly touch counters per rep and channel include this contact\'s touches as numbers only, without any reference to the contact.',
  'Audit entries refer to this contact only by a SHA-256 hash of the email address (or of the contact id when there is none).',
  'Link tokens of approval mails for this contact\'s drafts are stored as hashes with the draft id and expire within days.',
  'Mails the contact sent to presence\'s receiving address are kept as received for 30 days in the inbound mail bucket (locally under .presence/inbound/), then deleted.',
];

export async function exportContact(deps: GdprDeps, id: string, actor = 'system'): Promise<ContactExport> {
  const contact = await deps.ledger.getContact(id);
  if (!contact) throw new NotFound(`There is no contact "${id}" (an erased contact leaves nothing to export).`);
  const [drafts, touches, inbox, suppression] = await Promise.all([
    draftsOf(deps, id),
    deps.ledger.listTouches(id),
    deps.ledger.listInboxOfContact(id),
    contact.email ? deps.ledger.getSuppression(hashEmail(contact.email)) : Promise.resolve(undefined),
  ]);
  const now = deps.clock.now().toISOString();
  await deps.ledger.audit({
    at: now,
    action: 'contact.exported',
    actor,
    subject: auditSubjectOf(contact),
    detail: { drafts: drafts.length, touches: touches.length },
  });
  return {
    exportedAt: now,
    contact,
    drafts,
    touches,
    inbox,
    suppression: suppression ? { suppressed: true, reason: suppression.reason, at: suppression.at } : { suppressed: false },
    notes: EXPORT_NOTES,
  };
}

async function draftsOf(deps: GdprDeps, contactId: string): Promise<Draft[]> {
  // the contact's own partition: complete, including drafts from before a rep change
  return (await deps.ledger.listDraftsOfContact(contactId)).sort((a, b) => a.id.localeCompare(b.id));
}
