// GET /d/{token}: what a draft link shows. Read-only by construction (ViewDeps has no write method):
// mail scanners open every link, so looking must never approve, spend or even touch anything.
import { recipientAddressOf } from '../letters/address-lines';
import { senderOf, type Contact, type Draft, type Rep } from '../model';
import type { ViewDeps } from './deps';
import { formNonce } from './form-nonce';
import { openDraftLink } from './link-access';
import { optOutsOf, type OptOut } from './opt-out-state';

export interface DraftView {
  draft: Draft;
  /** Who writes and approves: the contact's rep, or the deputy standing in. */
  rep: Rep | undefined;
  /** While a deputy stands in: the absent rep's name and last day away. */
  standInFor?: { name: string; until: string };
  contact: Contact | undefined;
  /** A letter's recipient block, line by line, as the letter export prints it (letters/address-lines.ts). */
  letterAddress?: string[];
  /** The contact no longer wants mail (or cannot get it): why, and since when. The page says so beside the draft. */
  optOut?: OptOut;
  /** Goes into the page's forms; POSTs without it are refused. */
  nonce: string;
  linkExpiresAt: string;
}

/** @param input.item the draft's place in a review-all link's list, when opened from that list (link-access.ts) */
export async function viewDraft(deps: ViewDeps, input: { token: string; item?: number }): Promise<DraftView> {
  const { hash, record, draft } = await openDraftLink(deps, input.token, input.item);
  const [rep, absent, contact, nonce] = await Promise.all([
    deps.ledger.getRep(senderOf(draft)),
    draft.deputyId ? deps.ledger.getRep(draft.repId) : undefined,
    deps.ledger.getContact(draft.contactId),
    formNonce(deps.secrets, hash),
  ]);
  const standInFor = absent ? { name: absent.name, until: absent.away?.until ?? '' } : undefined;
  const optOut = (await optOutsOf(deps.ledger, [contact])).get(draft.contactId);
  // the writer's language names a country abroad, as in the export (which prints as senderOf(draft))
  const letterAddress =
    draft.kind === 'letter' && contact
      ? recipientAddressOf(contact, { homeCountry: deps.config.homeCountry, letterLocale: draft.locale, senderLocale: rep?.locale ?? draft.locale }).lines
      : undefined;
  return {
    draft,
    rep,
    ...(standInFor ? { standInFor } : {}),
    contact,
    ...(letterAddress ? { letterAddress } : {}),
    ...(optOut ? { optOut } : {}),
    nonce,
    linkExpiresAt: record.expiresAt,
  };
}
