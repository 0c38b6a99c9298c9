// Handler of the claim sweeper (EventBridge Scheduler, e.g. every 10 minutes): stale `sending` claims become
// `possibly_sent` for a person to check (never resent), and approved email drafts that waited too long (held by
// a pause or the daily quota, or whose message was lost) go on the send queue again.
import middy from '@middy/core';
import type { ApprovalSink, Clock, Ledger, Logger } from '../core/ports';
import { requeueApproved } from '../core/sending/requeue-approved';
import { DEFAULT_CLAIM_TIMEOUT_MINUTES, sweepClaims } from '../core/sending/sweep-claims';

export type SweepDeps = Parameters<typeof sweepClaims>[0] & Parameters<typeof requeueApproved>[0];
/** The schedule may pass its own thresholds; both default to 15 minutes. */
export type SweepEvent = { olderThanMinutes?: number; requeueAfterMinutes?: number } | null | undefined;
export type SweepResponse = { flagged: number; active: number; requeued: number };

const minutes = (value: unknown, fallback: number) => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback);

export function createSweepClaimsHandler(deps: SweepDeps) {
  return middy<SweepEvent, SweepResponse>().handler(async (event) => {
    const swept = await sweepClaims(deps, { olderThanMinutes: minutes(event?.olderThanMinutes, DEFAULT_CLAIM_TIMEOUT_MINUTES) });
    const { requeued } = await requeueApproved(deps, { olderThanMinutes: minutes(event?.requeueAfterMinutes, 15) });
    return { flagged: swept.flagged.length, active: swept.active, requeued };
  });
}
