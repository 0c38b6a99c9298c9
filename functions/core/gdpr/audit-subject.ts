// How GDPR audit entries name the person: by hash only, so the audit log itself holds no personal data and
// survives the erasure it records. The email hash is the same key as the suppression tombstone, so "was this
// address erased, when, by whom" can be answered from the log; a contact without an address is named by the
// hash of its id (ids come from imports and may spell a name).
import { hashEmail, sha256Hex } from '../ids';
import type { Contact } from '../model';

export function auditSubjectOf(contact: Pick<Contact, 'id' | 'email'>): string {
  return contact.email ? `email-sha256:${hashEmail(contact.email)}` : contactIdSubject(contact.id);
}

export function contactIdSubject(contactId: string): string {
  return `contact-sha256:${sha256Hex(contactId)}`;
}

/** A draft in the audit log: its id holds the contact id, so it is named by hash as well. */
export function draftSubject(draftId: string): string {
  return `draft-sha256:${sha256Hex(draftId)}`;
}
