// One switch for everything that reaches customers: while paused, planners draft nothing and senders send
// nothing (a sender that already claimed a draft puts it back). Resuming lets queued drafts go out again.
import type { Clock, Ledger } from '../ports';

export async function setSendingPaused(deps: { ledger: Pick<Ledger, 'audit' | 'isPaused' | 'setPaused'>; clock: Clock }, input: { paused: boolean; by: string }): Promise<{ changed: boolean }> {
  const was = await deps.ledger.isPaused();
  const at = deps.clock.now().toISOString();
  await deps.ledger.setPaused(input.paused, input.by, at);
  if (was !== input.paused) await deps.ledger.audit({ at, action: input.paused ? 'pause' : 'resume', actor: input.by, subject: 'sending' });
  return { changed: was !== input.paused };
}
