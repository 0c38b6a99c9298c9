// GDPR erasure (Art. 17): the contact, its drafts and its touches go, and the links that named its drafts forget
// them; what stays is a tombstone of the hashed address and one of the hashed contact id (suppressions with reason
// 'erased') that keep sending blocked and make a later import refuse the address or the id, and an audit entry
// that names the person by hash only.
import { NotFound } from '../errors';
import { hashEmail } from '../ids';
import type { Suppression } from '../model';
import { auditSubjectOf, contactIdSubject } from './audit-subject';
import { contactIdTombstone } from './erased-reason';
import type { GdprDeps } from './export-contact';

export interface EraseResult {
  /** Items deleted from the ledger: the contact, its drafts and touches. */
  deleted: number;
  /** The tombstone, when the contact had an address. Its reason is 'erased' unless the ledger kept an older one. */
  tombstone?: Pick<Suppression, 'emailHash' | 'reason'>;
  /** Other contacts with the same address (e.g. under another rep): likely the same person, not erased here. */
  sameAddress: string[];
}

export async function eraseContact(deps: GdprDeps, id: string, actor: string): Promise<EraseResult> {
  const at = deps.clock.now().toISOString();
  const contact = await deps.ledger.getContact(id);
  if (!contact) {
    // An erasure interrupted after the contact item went may have left drafts or touches: finish it.
    const drafts = await deps.ledger.listDraftsOfContact(id);
    if (drafts.length) await deps.ledger.forgetDraftsInTokens(drafts.map((d) => d.repId), drafts.map((d) => d.id));
    const deleted = await deps.ledger.deleteContactCollection(id);
    if (deleted === 0) throw new NotFound(`There is no contact "${id}" (already erased, or never imported).`);
    await deps.ledger.suppress({ emailHash: contactIdTombstone(id), reason: 'erased', at, detail: 'contact id' });
    await deps.ledger.audit({ at, action: 'contact.erase-completed', actor, subject: contactIdSubject(id), detail: { deleted } });
    return { deleted, sameAddress: [] };
  }

  let tombstone: EraseResult['tombstone'];
  if (contact.email) {
    // The tombstone first: if anything below fails, sending to the address is already blocked.
    const emailHash = hashEmail(contact.email);
    await deps.ledger.suppress({ emailHash, reason: 'erased', at });
    const stored = await deps.ledger.getSuppression(emailHash);
    tombstone = { emailHash, reason: stored?.reason ?? 'erased' };
  }
  // the id too: a file with an id column brings the person back without an address
  await deps.ledger.suppress({ emailHash: contactIdTombstone(id), reason: 'erased', at, detail: 'contact id' });
  const sameAddress = contact.email ? (await deps.ledger.findContactsByEmail(contact.email)).map((c) => c.id).filter((other) => other !== id) : [];
  // the links (digests, drafts) that name the contact's drafts: their records would keep the id until they expire
  const drafts = await deps.ledger.listDraftsOfContact(id);
  if (drafts.length) await deps.ledger.forgetDraftsInTokens([contact.repId, ...drafts.map((d) => d.repId)], drafts.map((d) => d.id));
  const deleted = await deps.ledger.deleteContactCollection(id);
  await deps.ledger.audit({
    at,
    action: 'contact.erased',
    actor,
    subject: auditSubjectOf(contact),
    detail: { deleted, sameAddress: sameAddress.length },
  });
  return { deleted, ...(tombstone ? { tombstone } : {}), sameAddress };
}
