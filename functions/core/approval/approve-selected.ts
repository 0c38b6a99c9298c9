// POST /all/{token}: approves the ticked drafts of a digest in one go. Each tick names the draft and the version
// the rep saw; each approval is its own conditional write, so a draft edited or decided in the meantime is
// skipped (and reported) while the others go through. Drafts that are not ticked are left alone.
import { DraftConflict, ValidationError } from '../errors';
import type { Draft } from '../model';
import type { DecideDeps } from './deps';
import { DECIDABLE_FROM, handOver } from './decision';
import { checkFormNonce } from './form-nonce';
import { openDigestLink } from './link-access';
import { repActor } from './tokens';

/** Checkbox value on the review-all page: `<version>:<draft id>`. */
export function selectionValue(draft: Pick<Draft, 'id' | 'version'>): string {
  return `${draft.version}:${draft.id}`;
}

export interface ApproveSelectedResult {
  /** The link's rep (the result page speaks the rep's language). */
  repId: string;
  approved: string[];
  /** Ticked drafts that changed or were decided after the page was opened. */
  skipped: string[];
}

const PARALLEL_WRITES = 8;

export async function approveSelected(
  deps: DecideDeps,
  input: { token: string; nonce: string | undefined; selected: readonly string[] },
): Promise<ApproveSelectedResult> {
  const { hash, record, drafts, open } = await openDigestLink(deps, input.token);
  await checkFormNonce(deps.secrets, hash, input.nonce);
  const inDigest = new Set(drafts.map((d) => d.id));
  const picks = new Map<string, number>();
  for (const value of input.selected) {
    const m = /^(\d{1,9}):(.+)$/.exec(value);
    // a tick for a draft outside this digest is a forged form: refuse the whole POST before writing anything
    if (!m || !inDigest.has(m[2]!)) throw new ValidationError('The selection does not belong to this list.', [{ path: 'draft', message: 'unknown' }]);
    picks.set(m[2]!, Number(m[1]));
  }
  const result: ApproveSelectedResult = { repId: record.repId, approved: [], skipped: [] };
  const at = deps.clock.now().toISOString();
  const todo = [...picks].filter(([id]) => {
    if (open.has(id)) return true;
    result.skipped.push(id);
    return false;
  });
  for (let i = 0; i < todo.length; i += PARALLEL_WRITES) {
    await Promise.all(
      todo.slice(i, i + PARALLEL_WRITES).map(async ([id, version]) => {
        try {
          await deps.ledger.updateDraft(id, {
            // per draft: the version the rep saw on the list, and only while it waits
            expectedVersion: version,
            fromStatuses: DECIDABLE_FROM,
            set: { status: 'approved', decision: { action: 'approved', by: repActor(record.repId), at, version }, updatedAt: at },
          });
          result.approved.push(id);
        } catch (error) {
          if (!(error instanceof DraftConflict)) throw error;
          result.skipped.push(id);
        }
      }),
    );
  }
  // the list link lives on while drafts are left to decide; when none is left, it is spent
  if (result.approved.length > 0 && [...open].every((id) => result.approved.includes(id))) await deps.ledger.useToken(hash, at);
  const order = new Map(record.draftIds.map((id, n) => [id, n]));
  const byDigestOrder = (a: string, b: string) => (order.get(a) ?? 0) - (order.get(b) ?? 0);
  result.approved.sort(byDigestOrder);
  result.skipped.sort(byDigestOrder);
  if (result.approved.length) deps.logger.info('drafts approved from the list', { count: result.approved.length, skipped: result.skipped.length });
  await handOver(deps.approvalSink, deps.logger, result.approved);
  return result;
}
