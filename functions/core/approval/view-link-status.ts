// GET of a link whose draft(s) the rep has decided: what became of exactly those drafts (approved or rejected by
// whom and when, sent when), instead of the generic "not valid" page. Only for links that were real and are still
// within their own lifetime (readClosedLink); everything else stays generic. Read-only, like every view.
import type { Contact, Draft, Rep } from '../model';
import type { ViewDeps } from './deps';
import { formNonce } from './form-nonce';
import { readClosedLink } from './link-access';
import { takeBackOffer, type TakeBackOffer } from './take-back-approval';
import { hashToken, repActor, type LinkKind } from './tokens';

/** Who decided a draft, as the page names them: the link's own rep ("you"), another rep by name, or unknown. */
export type Decider = { you: true } | { name: string };

export interface DraftStatusItem {
  draft: Draft;
  contact: Contact;
  decidedBy?: Decider;
  /** An approved mail still in its grace period: the page offers to take the approval back (take-back-approval.ts). */
  takeBack?: TakeBackOffer;
}

export interface LinkStatusView {
  kind: LinkKind;
  /** The link's rep: the page's language and time zone. */
  rep: Rep | undefined;
  items: DraftStatusItem[];
  /** The link's form nonce, when an item offers a take-back (its form posts to this link). */
  nonce?: string;
}

/** Names the decider of each decided draft: the link's rep is "you"; other reps by their name. */
export async function decidersOf(ledger: ViewDeps['ledger'], linkRepId: string, drafts: readonly Draft[]): Promise<Map<string, Decider>> {
  const others = new Set<string>();
  for (const d of drafts) if (d.decision && d.decision.by !== repActor(linkRepId) && d.decision.by.startsWith('rep:')) others.add(d.decision.by.slice(4));
  const reps = new Map((await Promise.all([...others].map((id) => ledger.getRep(id)))).flatMap((r) => (r ? [[r.id, r.name] as const] : [])));
  const out = new Map<string, Decider>();
  for (const d of drafts) {
    if (!d.decision) continue;
    if (d.decision.by === repActor(linkRepId)) out.set(d.id, { you: true });
    else {
      const name = reps.get(d.decision.by.slice(4));
      if (d.decision.by.startsWith('rep:') && name) out.set(d.id, { name });
    }
  }
  return out;
}

/** undefined: the link gets the generic answer. @param input.item one draft of a review-all link (its place) */
export async function viewLinkStatus(deps: ViewDeps, input: { token: string; kind: LinkKind; item?: number }): Promise<LinkStatusView | undefined> {
  const closed = await readClosedLink(deps, input.token, input.kind, input.item);
  if (!closed) return undefined;
  const drafts = closed.drafts.map((d) => d.draft);
  const [rep, deciders] = await Promise.all([deps.ledger.getRep(closed.record.repId), decidersOf(deps.ledger, closed.record.repId, drafts)]);
  const hash = hashToken(input.token);
  // a review-all list as a whole offers none: a take-back belongs on the draft's own page (/d/ or /all/{token}/{n})
  const offers = input.kind === 'digest' && input.item === undefined ? [] : await Promise.all(drafts.map((d) => takeBackOffer(deps, { hash, repId: closed.record.repId }, d)));
  const items = closed.drafts.map(({ draft, contact }, i) => {
    const decidedBy = deciders.get(draft.id);
    const takeBack = offers[i];
    return { draft, contact, ...(decidedBy ? { decidedBy } : {}), ...(takeBack ? { takeBack } : {}) };
  });
  const nonce = items.some((i) => i.takeBack) ? await formNonce(deps.secrets, hash) : undefined;
  return { kind: input.kind, rep, items, ...(nonce ? { nonce } : {}) };
}
