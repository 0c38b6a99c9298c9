// Whether a link still opens its draft(s). The token itself must be well-formed, known, of the right kind,
// unused and unexpired (tokens.ts); on top of that its draft decides:
//
//   - the draft still waits for the rep (pending_approval) and has not expired;
//   - it still belongs to the link's rep, and its contact still does: a contact moved to another rep has its open
//     drafts withdrawn (core/contacts/save-contact.ts), and a draft its old rep's planner wrote while the move
//     was being stored is caught here by the contact's rep, so the old rep's links die either way;
//   - draft and task links: the words are the ones the link was issued for. The link names the draft version it
//     was issued for; if the draft is at another version now, the link lives on only when the last edit was made
//     through this very link (editedBy = linkEditor(rep, hash)). Any edit by someone else (another link, the CLI,
//     a re-render) writes another editedBy and kills the link, and since a dead link cannot edit, it never comes
//     back. Writers that change a pending draft's content must therefore always set editedBy.
//
// A draft of a review-all link can also be opened on its own page through that link (`item`, its place in the
// link's list): it opens while it can be decided and its contact is still the rep's; the list link carries no
// version, so the version on the page's form is what a decision is conditional on (as for the ticks).
//
// Every failure is the same InvalidToken, so a visitor learns nothing about why.
//
// readClosedLink is the one exception to "say nothing": a link that was real and is still within its own lifetime,
// whose draft(s) the rep has decided (or whose token a decision spent), may show what became of exactly those
// drafts. Unknown, malformed, expired, other-kind and other-rep links get nothing from it.
import { InvalidToken } from '../errors';
import { senderOf, type Contact, type Draft, type TokenRecord } from '../model';
import type { Clock, ContactStore, DraftStore, TokenStore } from '../ports';
import { hashToken, isWellFormedToken, linkEditor, loadLink, sameDigest, type LinkKind } from './tokens';

export interface LinkDeps {
  ledger: Pick<TokenStore, 'getToken'> & Pick<DraftStore, 'getDraft' | 'getDrafts'> & Pick<ContactStore, 'getContact'>;
  clock: Clock;
}

export interface OpenLink {
  hash: string;
  record: TokenRecord;
}

/** A draft that a rep may still decide through a link of this record. */
export function isDecidable(draft: Draft, record: TokenRecord, now: Date): boolean {
  // the writer's link: the rep's own, or the deputy's while the rep is away (senderOf)
  return draft.status === 'pending_approval' && senderOf(draft) === record.repId && Date.parse(draft.expiresAt) > now.getTime();
}

function wordsStillTheLinks(draft: Draft, record: TokenRecord, hash: string): boolean {
  if (record.draftVersion === undefined) return false;
  return draft.version === record.draftVersion || draft.editedBy === linkEditor(record.repId, hash);
}

async function openSingle(deps: LinkDeps, token: string, kind: 'draft' | 'task'): Promise<OpenLink & { draft: Draft }> {
  const { hash, record } = await loadLink(deps, token, kind);
  const draftId = record.draftIds[0];
  const draft = draftId === undefined ? undefined : await deps.ledger.getDraft(draftId);
  if (!draft) throw new InvalidToken('unknown_draft');
  if ((kind === 'task') !== (draft.kind === 'task')) throw new InvalidToken('wrong_kind');
  if (!isDecidable(draft, record, deps.clock.now())) throw new InvalidToken('closed');
  if (!wordsStillTheLinks(draft, record, hash)) throw new InvalidToken('edited_elsewhere');
  if ((await deps.ledger.getContact(draft.contactId))?.repId !== draft.repId) throw new InvalidToken('reassigned');
  return { hash, record, draft };
}

/**
 * A link to one mail or letter draft: its own link, or (item: the draft's place in the list, from 1) a review-all
 * link. `ownLink` says which: a decision spends a draft's own link; a review-all link lives on while others wait.
 */
export async function openDraftLink(deps: LinkDeps, token: string, item?: number): Promise<OpenLink & { draft: Draft; ownLink: boolean }> {
  if (item === undefined) return { ...(await openSingle(deps, token, 'draft')), ownLink: true };
  const { hash, record } = await loadLink(deps, token, 'digest');
  const draftId = Number.isSafeInteger(item) && item >= 1 ? record.draftIds[item - 1] : undefined;
  const draft = draftId === undefined ? undefined : await deps.ledger.getDraft(draftId);
  if (!draft) throw new InvalidToken('unknown_draft');
  if (draft.kind === 'task') throw new InvalidToken('wrong_kind');
  if (!isDecidable(draft, record, deps.clock.now())) throw new InvalidToken('closed');
  if ((await deps.ledger.getContact(draft.contactId))?.repId !== draft.repId) throw new InvalidToken('reassigned');
  return { hash, record, draft, ownLink: false };
}

/** A "done" link of a visit or call task. */
export function openTaskLink(deps: LinkDeps, token: string): Promise<OpenLink & { draft: Draft }> {
  return openSingle(deps, token, 'task');
}

/**
 * A "review all" link: valid while at least one of its drafts can still be decided. Returns the digest's
 * drafts of the link's rep (decided ones too, so the page can say what happened to them) and which are open.
 */
export async function openDigestLink(deps: LinkDeps, token: string): Promise<OpenLink & { drafts: Draft[]; open: Set<string> }> {
  const { hash, record } = await loadLink(deps, token, 'digest');
  const now = deps.clock.now();
  const drafts = (await deps.ledger.getDrafts(record.draftIds)).filter((d) => senderOf(d) === record.repId && d.kind !== 'task');
  const open = new Set(drafts.filter((d) => isDecidable(d, record, now)).map((d) => d.id));
  if (open.size === 0) throw new InvalidToken('closed');
  const order = new Map(record.draftIds.map((id, i) => [id, i]));
  drafts.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  return { hash, record, drafts, open };
}

export interface ClosedLink {
  record: TokenRecord;
  /** The link's own drafts of its rep, in the link's order, each with its contact. */
  drafts: Array<{ draft: Draft; contact: Contact }>;
}

/**
 * A link that no longer opens its draft(s) because they were decided: the token is well-formed, known, of this
 * kind and within its own lifetime, and its draft(s) (item: only that one of a review-all link) still belong to
 * the link's rep and their contacts to the drafts' rep. Closed means the token was spent by a decision, or none
 * of those drafts can be decided any more. Anything else (never issued, expired, another rep's draft, a draft
 * still waiting behind a link killed by someone else's edit) is undefined: the caller answers generically.
 * Reads only.
 */
export async function readClosedLink(
  deps: { ledger: Pick<TokenStore, 'getToken'> & Pick<DraftStore, 'getDrafts'> & Pick<ContactStore, 'getContacts'>; clock: Clock },
  token: string,
  kind: LinkKind,
  item?: number,
): Promise<ClosedLink | undefined> {
  if (!isWellFormedToken(token)) return undefined;
  const hash = hashToken(token);
  const record = await deps.ledger.getToken(hash);
  const now = deps.clock.now();
  if (!record || !sameDigest(record.hash, hash) || record.kind !== kind || now.getTime() >= Date.parse(record.expiresAt)) return undefined;
  const ids = kind === 'digest' ? (item === undefined ? record.draftIds : Number.isSafeInteger(item) && item >= 1 ? record.draftIds.slice(item - 1, item) : []) : record.draftIds.slice(0, 1);
  if (ids.length === 0) return undefined;
  const drafts = (await deps.ledger.getDrafts(ids)).filter((d) => senderOf(d) === record.repId && (d.kind === 'task') === (kind === 'task'));
  const contacts = new Map((await deps.ledger.getContacts([...new Set(drafts.map((d) => d.contactId))])).map((c) => [c.id, c]));
  const order = new Map(ids.map((id, i) => [id, i]));
  const own = drafts
    .flatMap((draft) => {
      const contact = contacts.get(draft.contactId);
      return contact && contact.repId === draft.repId ? [{ draft, contact }] : [];
    })
    .sort((a, b) => (order.get(a.draft.id) ?? 0) - (order.get(b.draft.id) ?? 0));
  if (own.length === 0) return undefined;
  const closed = record.usedAt !== undefined || own.every(({ draft }) => !isDecidable(draft, record, now));
  return closed ? { record, drafts: own } : undefined;
}
