// GET /d/{token}: what a draft link shows. Read-only by construction (ViewDeps has no write method):
// mail scanners open every link, so looking must never approve, spend or even touch anything.
import type { Contact, Draft, Rep } from '../model';
import type { ViewDeps } from './deps';
import { formNonce } from './form-nonce';
import { openDraftLink } from './link-access';

export interface DraftView {
  draft: Draft;
  rep: Rep | undefined;
  contact: Contact | undefined;
  /** Goes into the page's forms; POSTs without it are refused. */
  nonce: string;
  linkExpiresAt: string;
}

export async function viewDraft(deps: ViewDeps, input: { token: string }): Promise<DraftView> {
  const { hash, record, draft } = await openDraftLink(deps, input.token);
  const [rep, contact, nonce] = await Promise.all([
    deps.ledger.getRep(draft.repId),
    deps.ledger.getContact(draft.contactId),
    formNonce(deps.secrets, hash),
  ]);
  return { draft, rep, contact, nonce, linkExpiresAt: record.expiresAt };
}
