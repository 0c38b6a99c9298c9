// Touches that happen outside the pipeline: a visit, a call, a letter written by hand, a mail from the rep's own
// mailbox. They count exactly like sent mails: the contact's last touch and next due date move with them.
// The rep digest's "done" link for a visit/call task calls this with the task's draft id, which closes the task
// in the same transaction.
import { DraftConflict, NotFound, ValidationError } from '../errors';
import { channelSchema, isoTimeSchema, senderOf, type Channel, type DraftStatus, type Touch } from '../model';
import type { Clock, Ledger, Logger } from '../ports';

export interface ManualTouchInput {
  contactId: string;
  channel: Channel;
  /** ISO time with offset; now when absent. Not in the future. */
  at?: string;
  note?: string;
  /** The rep who made the touch; the contact's rep when absent. */
  repId?: string;
  /** A task draft this touch completes (pending_approval/approved -> done). */
  draftId?: string;
}

/** Allowance for clocks that differ a little between a phone and the server. */
const FUTURE_SLACK_MS = 5 * 60_000;
const TASK_OPEN: readonly DraftStatus[] = ['pending_approval', 'approved'];

export function manualTouchId(input: { channel: Channel; at: string; draftId?: string }): string {
  // derived, not random: recording the same touch again (a retried command, a double-clicked link) is a no-op
  return input.draftId ? `task:${input.draftId}` : `manual:${input.channel}:${input.at}`;
}

export async function recordManualTouch(
  deps: { ledger: Pick<Ledger, 'getContact' | 'getDraft' | 'recordTouch'>; clock: Clock; logger: Logger },
  input: ManualTouchInput,
): Promise<{ recorded: boolean; touch: Touch }> {
  const channel = channelSchema.safeParse(input.channel);
  if (!channel.success) throw new ValidationError(`unknown channel ${JSON.stringify(input.channel)}`, [{ path: 'channel', message: 'use visit, call, letter or email' }]);
  const now = deps.clock.now();
  let at = now.toISOString();
  if (input.at !== undefined) {
    if (!isoTimeSchema.safeParse(input.at).success) {
      throw new ValidationError(`time ${JSON.stringify(input.at)} is not an ISO time`, [{ path: 'at', message: 'use e.g. 2026-11-27T14:30:00+01:00' }]);
    }
    const t = Date.parse(input.at);
    if (t > now.getTime() + FUTURE_SLACK_MS) throw new ValidationError('the touch lies in the future', [{ path: 'at', message: 'record touches that happened' }]);
    at = new Date(t).toISOString();
  }
  // line breaks stay (a note may have several lines); other control characters go
  const note = input.note?.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, ' ').trim().slice(0, 1000);

  const contact = await deps.ledger.getContact(input.contactId);
  if (!contact) throw new NotFound(`contact ${input.contactId} does not exist`);

  let draftMove: Parameters<Ledger['recordTouch']>[0]['draft'];
  if (input.draftId) {
    const draft = await deps.ledger.getDraft(input.draftId);
    if (!draft || draft.contactId !== contact.id) throw new NotFound(`task ${input.draftId} does not exist`);
    if (draft.kind !== 'task') throw new ValidationError(`draft ${input.draftId} is not a task`, [{ path: 'draftId', message: 'only visit/call tasks are closed by a touch' }]);
    if (!TASK_OPEN.includes(draft.status)) {
      return { recorded: false, touch: { id: manualTouchId({ channel: channel.data, at, draftId: draft.id }), contactId: contact.id, at, channel: channel.data, repId: senderOf(draft), source: 'task', draftId: draft.id } };
    }
    draftMove = { id: draft.id, contactId: contact.id, kind: draft.kind, fromStatus: draft.status, toStatus: 'done', set: { updatedAt: now.toISOString() } };
  }

  const touch: Touch = {
    id: manualTouchId({ channel: channel.data, at, draftId: input.draftId }),
    contactId: contact.id,
    at,
    channel: channel.data,
    repId: input.repId ?? contact.repId,
    source: input.draftId ? 'task' : 'manual',
    ...(input.draftId ? { draftId: input.draftId } : {}),
    ...(note ? { note } : {}),
  };
  try {
    const recorded = await deps.ledger.recordTouch({ touch, draft: draftMove });
    deps.logger.info('touch recorded', { contactId: contact.id, channel: touch.channel, source: touch.source, recorded });
    return { recorded, touch };
  } catch (error) {
    // the task was closed by someone else between our read and the write: it is done, nothing to add
    if (error instanceof DraftConflict) return { recorded: false, touch };
    throw error;
  }
}
