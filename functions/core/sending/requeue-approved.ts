// Approved email drafts that nobody is sending: held back by a pause, the daily quota or a send window, or whose queue message
// was lost or ended in the dead-letter queue. The scheduled sweep hands them to the sink again. A draft that is
// queued twice is still sent once (the claim decides), so this only has to be eventually complete, not exact.
//
// It queues no more than the provider's daily quota has left: with the quota spent every queued draft would only be
// claimed, released and queued again by the next sweep. They are taken in send order, the order the sender's batch
// takes them: by the status index, oldest run of a campaign first, then by contact.
import type { ApprovalSink, Clock, Ledger, Logger, Mailer } from '../ports';
import { remainingDailyQuota } from './send-approved';

export async function requeueApproved(
  deps: { ledger: Pick<Ledger, 'isPaused' | 'listDrafts'>; sink: ApprovalSink; mailer: Pick<Mailer, 'quota'>; clock: Clock; logger: Logger },
  opts: { olderThanMinutes?: number; limit?: number } = {},
): Promise<{ requeued: number; quotaLeft?: number }> {
  // While paused, queueing only makes every sender claim and release again.
  if (await deps.ledger.isPaused()) return { requeued: 0 };
  // undefined: the provider states no daily limit (or could not be asked); the sender's own check still holds
  const quotaLeft = await remainingDailyQuota(deps);
  const left = quotaLeft === undefined ? {} : { quotaLeft };
  if (quotaLeft === 0) return { requeued: 0, ...left };
  const now = deps.clock.now().toISOString();
  const cutoff = new Date(deps.clock.now().getTime() - (opts.olderThanMinutes ?? 15) * 60_000).toISOString();
  const limit = Math.min(opts.limit ?? 10_000, quotaLeft ?? Infinity);
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.ledger.listDrafts({ status: 'approved', kind: 'email', inSendOrder: true, cursor, limit: Math.min(200, limit - ids.length) });
    for (const d of page.items) {
      // fresh approvals have their own message in flight; give it time before adding another
      // one waiting for its send window goes once the window has opened
      if (d.kind === 'email' && d.updatedAt <= cutoff && !(d.sendAfter && d.sendAfter > now) && ids.length < limit) ids.push(d.id);
    }
    cursor = page.cursor;
  } while (cursor && ids.length < limit);
  if (ids.length) {
    await deps.sink.onApproved(ids);
    deps.logger.info('sweep: approved drafts queued again', { count: ids.length, ...left });
  }
  return { requeued: ids.length, ...left };
}
