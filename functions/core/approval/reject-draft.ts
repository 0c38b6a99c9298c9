// POST /d/{token} action=reject: the rep's no, with an optional reason. Conditional like an approval, so a
// reject and an approve racing each other give exactly one decision.
import { DraftConflict } from '../errors';
import type { Draft } from '../model';
import type { DecideDeps } from './deps';
import { DECIDABLE_FROM, explainLostWrite, parseVersion } from './decision';
import { checkFormNonce } from './form-nonce';
import { openDraftLink } from './link-access';
import { repActor } from './tokens';

export const MAX_REASON_LENGTH = 500;

export async function rejectDraft(
  deps: Omit<DecideDeps, 'approvalSink'>,
  input: { token: string; nonce: string | undefined; version: unknown; reason?: unknown },
): Promise<{ draft: Draft }> {
  const { hash, record, draft } = await openDraftLink(deps, input.token);
  await checkFormNonce(deps.secrets, hash, input.nonce);
  const version = parseVersion(input.version);
  if (version !== draft.version) await explainLostWrite(deps.ledger, draft.id);
  // eslint-disable-next-line no-control-regex
  const reason = (typeof input.reason === 'string' ? input.reason : '').replace(/[\u0000-\u001F\u007F]+/g, ' ').trim().slice(0, MAX_REASON_LENGTH);
  const at = deps.clock.now().toISOString();
  let rejected: Draft;
  try {
    rejected = await deps.ledger.updateDraft(draft.id, {
      expectedVersion: version,
      fromStatuses: DECIDABLE_FROM,
      set: {
        status: 'rejected',
        decision: { action: 'rejected', by: repActor(record.repId), at, version, ...(reason ? { reason } : {}) },
        updatedAt: at,
      },
    });
  } catch (error) {
    if (error instanceof DraftConflict) await explainLostWrite(deps.ledger, draft.id);
    throw error;
  }
  await deps.ledger.useToken(hash, at);
  deps.logger.info('draft rejected', { campaignId: rejected.campaignId, withReason: reason !== '' });
  return { draft: rejected };
}
