// The approval grace period (config.approvalGraceSeconds): how long an approved mail waits before it may be sent, so
// the rep can take the approval back (core/approval/take-back-approval.ts). One small module, read by the sender and by
// the approval pages, so the pages' bundle does not carry the sender.
import type { Draft } from '../model';

/** The reason of a draft held back because its approval is younger than the grace period. */
export const GRACE = 'grace';

/**
 * When an approved draft may be sent: its approval plus the grace period (config.approvalGraceSeconds), in which the
 * rep can take the approval back. undefined: the draft carries no approval to wait for (an approval by hand, an old
 * record), so nothing holds it.
 */
export function sendableFrom(draft: Pick<Draft, 'decision'>, graceSeconds: number): string | undefined {
  if (draft.decision?.action !== 'approved' || !(graceSeconds > 0)) return undefined;
  const at = Date.parse(draft.decision.at);
  return Number.isFinite(at) ? new Date(at + graceSeconds * 1000).toISOString() : undefined;
}
