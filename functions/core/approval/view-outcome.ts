// What the answer to a deciding POST shows, as data: the decided draft with its rep (the page's language) and
// contact (the name), or the tally of a review-all approval. The web layer turns these into pages
// (web/approval/result-page.ts). Read-only, like every view.
import { senderOf, type Contact, type Draft, type Rep } from '../model';
import type { ApproveSelectedResult } from './approve-selected';
import type { ReadOnlyLedger } from './deps';
import type { TakeBackOffer } from './take-back-approval';

export type DecisionOutcome = 'approved' | 'rejected' | 'done';

export interface DecisionView {
  outcome: DecisionOutcome;
  draft: Draft;
  rep: Rep | undefined;
  contact: Contact | undefined;
  /** Just approved a mail: the take-back form (its signed token, until when) and the link's nonce. */
  takeBack?: TakeBackOffer & { nonce: string };
}

/** @param takeBack the offer for the link the draft was approved through (approve-draft.ts), if any */
export async function viewDecision(
  deps: { ledger: Pick<ReadOnlyLedger, 'getRep' | 'getContact'> },
  outcome: DecisionOutcome,
  draft: Draft,
  takeBack?: TakeBackOffer & { nonce: string },
): Promise<DecisionView> {
  const [rep, contact] = await Promise.all([deps.ledger.getRep(senderOf(draft)), deps.ledger.getContact(draft.contactId)]);
  return { outcome, draft, rep, contact, ...(takeBack ? { takeBack } : {}) };
}

export interface SelectionView {
  rep: Rep | undefined;
  /** The language when the rep is unknown. */
  locale: string;
  approved: number;
  skipped: number;
  nothingSelected: boolean;
}

/** @param picked how many drafts the form ticked (none: the page says so instead of a tally) */
export async function viewSelection(deps: { ledger: Pick<ReadOnlyLedger, 'getRep'> }, result: ApproveSelectedResult, picked: number): Promise<SelectionView> {
  const rep = await deps.ledger.getRep(result.repId);
  return { rep, locale: 'de', approved: result.approved.length, skipped: result.skipped.length, nothingSelected: picked === 0 };
}
