// POST /d/{token} action=save: stores the rep's words without deciding. The draft's version moves on; the link
// stays valid because the edit is marked as made through it (link-access.ts), while every other link and
// every earlier form of this page (older version) stops working for this draft.
import { DraftConflict } from '../errors';
import type { Draft } from '../model';
import type { DecideDeps } from './deps';
import { DECIDABLE_FROM, editChanges, editedContent, explainLostWrite, parseVersion } from './decision';
import { parseDraftEdit } from './edit-input';
import { checkFormNonce } from './form-nonce';
import { openDraftLink } from './link-access';
import { linkEditor } from './tokens';

export async function saveDraftEdit(
  deps: Omit<DecideDeps, 'approvalSink'>,
  input: { token: string; item?: number; nonce: string | undefined; version: unknown; subject?: unknown; text?: unknown },
): Promise<{ draft: Draft; changed: boolean }> {
  const { hash, record, draft } = await openDraftLink(deps, input.token, input.item);
  await checkFormNonce(deps.secrets, hash, input.nonce);
  const version = parseVersion(input.version);
  if (version !== draft.version) await explainLostWrite(deps.ledger, draft.id);
  const edit = parseDraftEdit(input);
  if (!editChanges(draft.content, edit)) return { draft, changed: false };
  const at = deps.clock.now().toISOString();
  try {
    const saved = await deps.ledger.updateDraft(draft.id, {
      // an edit must not overwrite another edit or land on a decided draft
      expectedVersion: version,
      fromStatuses: DECIDABLE_FROM,
      set: { content: editedContent(draft, edit), editedBy: linkEditor(record.repId, hash), updatedAt: at },
    });
    deps.logger.info('draft edited', { campaignId: saved.campaignId });
    return { draft: saved, changed: true };
  } catch (error) {
    if (error instanceof DraftConflict) await explainLostWrite(deps.ledger, draft.id);
    throw error;
  }
}
