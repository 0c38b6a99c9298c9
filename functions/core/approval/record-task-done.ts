// POST /task/{token}: the rep reports a visit or call as done. One ledger transaction appends the touch, moves
// the contact's due date and closes the task draft (pending_approval -> done), so a double click records one
// touch: the second transaction finds the draft closed.
import { DraftConflict, InvalidToken } from '../errors';
import type { Draft, Touch } from '../model';
import type { Clock, Logger, Secrets, TokenStore, TouchStore } from '../ports';
import type { ReadOnlyLedger } from './deps';
import { checkFormNonce } from './form-nonce';
import { openTaskLink } from './link-access';

export const MAX_NOTE_LENGTH = 500;

export interface RecordTaskDoneDeps {
  ledger: ReadOnlyLedger & Pick<TouchStore, 'recordTouch'> & Pick<TokenStore, 'useToken'>;
  clock: Clock;
  secrets: Secrets;
  logger: Logger;
}

/** The touch id of a task: one per task draft, whoever reports it and however often. */
export function taskTouchId(draftId: string): string {
  return `task:${draftId}`;
}

export async function recordTaskDone(
  deps: RecordTaskDoneDeps,
  input: { token: string; nonce: string | undefined; note?: unknown },
): Promise<{ touch: Touch; draft: Draft }> {
  const { hash, record, draft } = await openTaskLink(deps, input.token);
  await checkFormNonce(deps.secrets, hash, input.nonce);
  // eslint-disable-next-line no-control-regex
  const note = (typeof input.note === 'string' ? input.note : '').replace(/\r\n?/g, '\n').replace(/[\u0000-\u0009\u000B-\u001F\u007F]/g, '').trim().slice(0, MAX_NOTE_LENGTH);
  const at = deps.clock.now().toISOString();
  const touch: Touch = {
    id: taskTouchId(draft.id),
    contactId: draft.contactId,
    at,
    channel: draft.channel,
    repId: record.repId,
    campaignId: draft.campaignId,
    draftId: draft.id,
    ...(note ? { note } : {}),
    source: 'task',
  };
  let recorded: boolean;
  try {
    recorded = await deps.ledger.recordTouch({
      touch,
      draft: { id: draft.id, contactId: draft.contactId, kind: draft.kind, fromStatus: 'pending_approval', toStatus: 'done', set: { updatedAt: at } },
    });
  } catch (error) {
    // the task was closed by a concurrent report: this link is as spent as a reused one
    if (error instanceof DraftConflict) throw new InvalidToken('used');
    throw error;
  }
  if (!recorded) throw new InvalidToken('used');
  await deps.ledger.useToken(hash, at);
  deps.logger.info('task recorded as done', { campaignId: draft.campaignId, channel: draft.channel });
  return { touch, draft: { ...draft, status: 'done', updatedAt: at, version: draft.version + 1 } };
}
