// GET /task/{token}: a visit or call task with its "done" form. Read-only.
import { senderOf, type Contact, type Draft, type Rep } from '../model';
import type { ViewDeps } from './deps';
import { formNonce } from './form-nonce';
import { openTaskLink } from './link-access';
import { optOutsOf, type OptOut } from './opt-out-state';

export interface TaskView {
  draft: Draft;
  rep: Rep | undefined;
  contact: Contact | undefined;
  /** The contact opted out or is suppressed: why and since when (a visit or call may still be wanted; the page says it). */
  optOut?: OptOut;
  nonce: string;
  linkExpiresAt: string;
}

export async function viewTask(deps: ViewDeps, input: { token: string }): Promise<TaskView> {
  const { hash, record, draft } = await openTaskLink(deps, input.token);
  const [rep, contact, nonce] = await Promise.all([
    deps.ledger.getRep(senderOf(draft)),
    deps.ledger.getContact(draft.contactId),
    formNonce(deps.secrets, hash),
  ]);
  const optOut = (await optOutsOf(deps.ledger, [contact])).get(draft.contactId);
  return { draft, rep, contact, ...(optOut ? { optOut } : {}), nonce, linkExpiresAt: record.expiresAt };
}
