// GET /all/{token}: every draft of one digest on one page. Read-only, like every view.
import type { Contact, Draft, Rep } from '../model';
import type { ViewDeps } from './deps';
import { formNonce } from './form-nonce';
import { openDigestLink } from './link-access';

export interface DigestView {
  rep: Rep | undefined;
  /** The digest's drafts of this rep, in digest order; `open` says which can still be approved. */
  drafts: Draft[];
  open: Set<string>;
  contacts: Map<string, Contact>;
  nonce: string;
  linkExpiresAt: string;
}

export async function viewDigest(deps: ViewDeps, input: { token: string }): Promise<DigestView> {
  const { hash, record, drafts, open } = await openDigestLink(deps, input.token);
  const [rep, contacts, nonce] = await Promise.all([
    deps.ledger.getRep(record.repId),
    deps.ledger.getContacts([...new Set(drafts.map((d) => d.contactId))]),
    formNonce(deps.secrets, hash),
  ]);
  return { rep, drafts, open, contacts: new Map(contacts.map((c) => [c.id, c])), nonce, linkExpiresAt: record.expiresAt };
}
