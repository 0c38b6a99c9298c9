// A person has checked a `possibly_sent` draft (the provider's sending log, the rep's sent folder, the customer):
// either it went out, and the touch is recorded now, or it did not, and the draft is approved (queued) again.
import { draftSubject } from '../gdpr/audit-subject';
import { NotFound, ValidationError } from '../errors';
import type { Clock, Ledger, Logger } from '../ports';
import { senderOf } from '../model';
import { sendTouchId } from './send-draft';

export async function resolvePossiblySent(
  deps: { ledger: Pick<Ledger, 'audit' | 'getDraft' | 'recordTouch' | 'updateDraft'>; clock: Clock; logger: Logger },
  input: { draftId: string; sent: boolean; messageId?: string; by: string },
): Promise<{ status: 'sent' | 'approved' }> {
  const draft = await deps.ledger.getDraft(input.draftId);
  if (!draft) throw new NotFound(`draft ${input.draftId} does not exist`);
  if (draft.status !== 'possibly_sent') {
    throw new ValidationError(`draft ${input.draftId} is ${draft.status}, not possibly_sent`, [
      { path: 'draft', message: 'only drafts flagged possibly_sent are resolved by hand (run `presence sweep` first)' },
    ]);
  }
  const now = deps.clock.now().toISOString();
  if (input.sent) {
    const at = draft.claimedAt ?? now;
    const messageId = input.messageId ?? draft.messageId;
    await deps.ledger.recordTouch({
      touch: {
        id: sendTouchId(draft.id),
        contactId: draft.contactId,
        at,
        channel: 'email',
        repId: senderOf(draft),
        campaignId: draft.campaignId,
        draftId: draft.id,
        source: 'send',
        ...(messageId ? { messageId } : {}),
        note: `confirmed sent by ${input.by}`,
      },
      draft: {
        id: draft.id,
        contactId: draft.contactId,
        kind: draft.kind,
        fromStatus: 'possibly_sent',
        toStatus: 'sent',
        set: { sentAt: at, updatedAt: now, ...(messageId ? { messageId } : {}) },
      },
    });
  } else {
    await deps.ledger.updateDraft(draft.id, {
      expectedVersion: draft.version,
      fromStatuses: ['possibly_sent'],
      kind: draft.kind,
      set: { status: 'approved', claimedAt: undefined, failure: undefined, updatedAt: now },
    });
  }
  await deps.ledger.audit({
    at: now,
    action: input.sent ? 'send.resolved_sent' : 'send.resolved_not_sent',
    actor: input.by,
    // by hash: a draft id holds the contact id, and the audit entry outlives an erasure of the contact
    subject: draftSubject(draft.id),
  });
  return { status: input.sent ? 'sent' : 'approved' };
}
