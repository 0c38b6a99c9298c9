// Stale claims: a draft left in `sending` longer than any sender can take (Lambda timeout plus retries) belongs
// to a sender that died or lost its ledger write. Whether the mail went out cannot be known from here, so the
// draft moves to `possibly_sent` for a person to check (`presence resolve`). It is never resent automatically:
// a customer getting the same mail twice is the failure this design exists to prevent.
import { DraftConflict } from '../errors';
import type { Draft } from '../model';
import type { Clock, Ledger, Logger } from '../ports';

export const DEFAULT_CLAIM_TIMEOUT_MINUTES = 15;

export interface SweepResult {
  /** Drafts moved to possibly_sent. */
  flagged: string[];
  /** Claims still young enough to belong to a live sender. */
  active: number;
}

export async function sweepClaims(
  deps: { ledger: Pick<Ledger, 'listDrafts' | 'updateDraft'>; clock: Clock; logger: Logger },
  opts: { olderThanMinutes?: number } = {},
): Promise<SweepResult> {
  const minutes = opts.olderThanMinutes ?? DEFAULT_CLAIM_TIMEOUT_MINUTES;
  const now = deps.clock.now();
  const cutoff = new Date(now.getTime() - minutes * 60_000).toISOString();
  const result: SweepResult = { flagged: [], active: 0 };
  const stale: Array<Pick<Draft, 'id' | 'version' | 'kind' | 'failure'>> = [];
  let cursor: string | undefined;
  do {
    const page = await deps.ledger.listDrafts({ status: 'sending', cursor, limit: 200 });
    for (const d of page.items) {
      if ((d.claimedAt ?? d.updatedAt) <= cutoff) stale.push({ id: d.id, version: d.version, kind: d.kind, failure: d.failure });
      else result.active++;
    }
    cursor = page.cursor;
  } while (cursor);

  for (const d of stale) {
    try {
      // version: a sender that finishes (or releases and re-claims) right now wins; we leave its draft alone
      await deps.ledger.updateDraft(d.id, {
        expectedVersion: d.version,
        fromStatuses: ['sending'],
        kind: d.kind,
        set: {
          status: 'possibly_sent',
          // a sender that got as far as the provider left its note (and message id): keep it for the person
          failure: d.failure ?? `claim older than ${minutes} minutes: check whether it was sent`,
          updatedAt: now.toISOString(),
        },
      });
      result.flagged.push(d.id);
      deps.logger.warn('sweep: stale claim flagged possibly_sent', { draftId: d.id });
    } catch (error) {
      if (!(error instanceof DraftConflict)) throw error;
    }
  }
  return result;
}
