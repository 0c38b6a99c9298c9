// POST /d/{token} action=approve: the rep's yes. The form also carries subject and text, so a rep who edits and
// presses Approve approves the words on screen in one step. Exactly one POST wins: the write is conditional on
// the version the rep saw and on the draft still waiting (ten concurrent POSTs give one decision).
import type { Draft } from '../model';
import type { DecideDeps } from './deps';
import { DECIDABLE_FROM, editChanges, editedContent, explainLostWrite, handOver, parseVersion } from './decision';
import { parseDraftEdit } from './edit-input';
import { checkFormNonce } from './form-nonce';
import { openDraftLink } from './link-access';
import { linkEditor, repActor } from './tokens';
import { DraftConflict } from '../errors';

export interface ApproveDraftInput {
  token: string;
  /** Opened through a review-all link: the draft's place in its list (link-access.ts). */
  item?: number;
  nonce: string | undefined;
  /** The draft version shown on the page. */
  version: unknown;
  /** Subject and text as on the page when Approve was pressed; unchanged words are not an edit. */
  edit?: { subject?: unknown; text?: unknown };
}

/** The approved draft, and the link it was approved through (its token hash and rep: the take-back offer is signed for it). */
export async function approveDraft(deps: DecideDeps, input: ApproveDraftInput): Promise<{ draft: Draft; link: { hash: string; repId: string } }> {
  const { hash, record, draft, ownLink } = await openDraftLink(deps, input.token, input.item);
  await checkFormNonce(deps.secrets, hash, input.nonce);
  const version = parseVersion(input.version);
  if (version !== draft.version) await explainLostWrite(deps.ledger, draft.id);
  const edit = input.edit ? parseDraftEdit(input.edit) : undefined;
  const changed = edit !== undefined && editChanges(draft.content, edit);
  const at = deps.clock.now().toISOString();
  let approved: Draft;
  try {
    approved = await deps.ledger.updateDraft(draft.id, {
      // version: what the rep saw is what is approved; status: only a waiting draft can be decided, once
      expectedVersion: version,
      fromStatuses: DECIDABLE_FROM,
      kind: draft.kind,
      set: {
        status: 'approved',
        // the approved words are stored with the decision; the sender sends exactly these
        ...(changed ? { content: editedContent(draft, edit), editedBy: linkEditor(record.repId, hash) } : {}),
        decision: { action: 'approved', by: repActor(record.repId), at, version },
        updatedAt: at,
      },
    });
  } catch (error) {
    if (error instanceof DraftConflict) await explainLostWrite(deps.ledger, draft.id);
    throw error;
  }
  // the status closes the link already; marking the token used says so in the token record too (a review-all
  // link lives on while other drafts of it wait)
  if (ownLink) await deps.ledger.useToken(hash, at);
  deps.logger.info('draft approved', { campaignId: approved.campaignId, edited: changed });
  await handOver(deps.approvalSink, deps.logger, [approved.id]);
  return { draft: approved, link: { hash, repId: record.repId } };
}
