// GET /all/{token}: every draft of one digest on one page. Read-only, like every view.
import type { Contact, Draft, Rep } from '../model';
import type { ViewDeps } from './deps';
import { formNonce } from './form-nonce';
import { openDigestLink } from './link-access';
import { optOutsOf, type OptOut } from './opt-out-state';
import { decidersOf, type Decider } from './view-link-status';

export interface DigestView {
  rep: Rep | undefined;
  /** The digest's drafts of this rep, in digest order; `open` says which can still be approved. */
  drafts: Draft[];
  open: Set<string>;
  contacts: Map<string, Contact>;
  /** The opted-out contacts among them, by contact id: why and since when. */
  optOuts: Map<string, OptOut>;
  /** Each draft's place in the link's list (from 1): its own page is opened through the list link with it. */
  positions: Map<string, number>;
  /** Who decided the decided ones. */
  decidedBy: Map<string, Decider>;
  nonce: string;
  linkExpiresAt: string;
}

export async function viewDigest(deps: ViewDeps, input: { token: string }): Promise<DigestView> {
  const { hash, record, drafts, open } = await openDigestLink(deps, input.token);
  const [rep, contacts, decidedBy, nonce] = await Promise.all([
    deps.ledger.getRep(record.repId),
    deps.ledger.getContacts([...new Set(drafts.map((d) => d.contactId))]),
    decidersOf(deps.ledger, record.repId, drafts),
    formNonce(deps.secrets, hash),
  ]);
  const positions = new Map(record.draftIds.map((id, i) => [id, i + 1]));
  const optOuts = await optOutsOf(deps.ledger, contacts);
  return { rep, drafts, open, contacts: new Map(contacts.map((c) => [c.id, c])), optOuts, positions, decidedBy, nonce, linkExpiresAt: record.expiresAt };
}
