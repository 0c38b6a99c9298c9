// POST /d/{token} action=reject: the rep's no, with an optional reason and the answer to "when should presence ask
// again?" (ask-again.ts). Conditional like an approval, so a reject and an approve racing each other give exactly one
// decision. The rejection and the contact's snooze are one transaction: a rejected contact never comes back in the
// next run because half of the rejection was written.
import { DraftConflict, InvalidToken, VersionConflict } from '../errors';
import type { Contact, Draft } from '../model';
import type { DecideDeps } from './deps';
import { contactAfterRejection, parseAskAgain, resolveAskAgain } from './ask-again';
import { DECIDABLE_FROM, explainLostWrite, parseVersion } from './decision';
import { checkFormNonce } from './form-nonce';
import { openDraftLink } from './link-access';
import { repActor } from './tokens';

export const MAX_REASON_LENGTH = 500;
/** Re-reads of the contact after it changed between our read and the transaction (a touch, an import). */
const ATTEMPTS = 3;
const FALLBACK_TIME_ZONE = 'Europe/Berlin';

export async function rejectDraft(
  deps: Omit<DecideDeps, 'approvalSink'>,
  input: { token: string; item?: number; nonce: string | undefined; version: unknown; reason?: unknown; askAgain?: unknown; askAgainOn?: unknown },
): Promise<{ draft: Draft }> {
  const { hash, record, draft, ownLink } = await openDraftLink(deps, input.token, input.item);
  await checkFormNonce(deps.secrets, hash, input.nonce);
  const version = parseVersion(input.version);
  if (version !== draft.version) await explainLostWrite(deps.ledger, draft.id);
  // checked before anything is read for writing: a bad answer writes nothing
  const answer = parseAskAgain({ askAgain: input.askAgain, askAgainOn: input.askAgainOn });
  // eslint-disable-next-line no-control-regex
  const reason = (typeof input.reason === 'string' ? input.reason : '').replace(/[\u0000-\u001F\u007F]+/g, ' ').trim().slice(0, MAX_REASON_LENGTH);
  const now = deps.clock.now();
  const at = now.toISOString();
  const by = repActor(record.repId);
  const rep = await deps.ledger.getRep(record.repId);
  // the link opened only while the contact exists; erased in the moments since, the link is as dead as its contact
  const contactNow = async (): Promise<Contact> => (await deps.ledger.getContact(draft.contactId)) ?? Promise.reject(new InvalidToken('erased'));
  let contact = await contactNow();
  const effect = resolveAskAgain(answer, { contact, campaignId: draft.campaignId, at: now, by, timeZone: rep?.timeZone ?? FALLBACK_TIME_ZONE });
  const change = {
    expectedVersion: version,
    fromStatuses: DECIDABLE_FROM,
    set: {
      status: 'rejected' as const,
      decision: { action: 'rejected' as const, by, at, version, ...(reason ? { reason } : {}), askAgain: effect.askAgain },
      updatedAt: at,
    },
  };
  let rejected: Draft;
  try {
    for (let attempt = 1; ; attempt++) {
      const next = contactAfterRejection(contact, effect, now);
      try {
        rejected =
          next === contact
            ? // a longer snooze already holds the contact: nothing to write but the decision
              await deps.ledger.updateDraft(draft.id, change)
            : (await deps.ledger.updateDraftReplacingContact(draft.id, change, { contact: next, expectedVersion: contact.version })).draft;
        break;
      } catch (error) {
        if (!(error instanceof VersionConflict) || attempt >= ATTEMPTS) throw error;
        contact = await contactNow();
      }
    }
  } catch (error) {
    if (error instanceof DraftConflict) await explainLostWrite(deps.ledger, draft.id);
    throw error;
  }
  // a review-all link lives on while other drafts of it wait
  if (ownLink) await deps.ledger.useToken(hash, at);
  deps.logger.info('draft rejected', { campaignId: rejected.campaignId, withReason: reason !== '', askAgain: answer.choice });
  return { draft: rejected };
}
