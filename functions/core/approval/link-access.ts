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
// Every failure is the same InvalidToken, so a visitor learns nothing about why.
import { InvalidToken } from '../errors';
import { senderOf, type Draft, type TokenRecord } from '../model';
import type { Clock, ContactStore, DraftStore, TokenStore } from '../ports';
import { linkEditor, loadLink } from './tokens';

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

/** A link to one mail or letter draft. */
export function openDraftLink(deps: LinkDeps, token: string): Promise<OpenLink & { draft: Draft }> {
  return openSingle(deps, token, 'draft');
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
