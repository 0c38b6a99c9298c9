// Sends a batch of approved email drafts: the given ids (an SQS batch, an approval) or every approved email
// draft in the ledger (`presence send`). Several drafts are in flight at once so that the provider's latency does
// not cap the rate; the shared limiter keeps the sum at or under the send rate.
// The batch stops at the first sign that nothing else can go out now (pause, daily quota, sending disabled);
// whatever was not attempted stays `approved`, i.e. queued for a later run.
import type { Draft } from '../model';
import type { Ledger } from '../ports';
import { batchReads, sendDraft, stopsBatch, type SendingDeps, type SendOutcome } from './send-draft';

export interface SendApprovedOptions {
  /** Send exactly these drafts (duplicates are sent once); otherwise every approved email draft. */
  draftIds?: readonly string[];
  /** At most this many drafts are attempted. */
  limit?: number;
  /** Drafts in flight at once; defaults from the send rate. */
  concurrency?: number;
  /** Asked before each new draft is claimed (e.g. a Lambda running out of time). */
  shouldStop?: () => boolean;
  /** Ask the provider for today's remaining quota first (default true); queue consumers rely on the error instead. */
  checkDailyQuota?: boolean;
}

export interface SendSummary {
  attempted: number;
  sent: number;
  failed: number;
  skipped: number;
  /** Still `approved`: held back by pause / quota / throttling, or not reached because the batch stopped. */
  queued: number;
  possiblySent: number;
  unrecorded: number;
  errors: number;
  stoppedBy?: 'paused' | 'daily_quota' | 'blocked' | 'time' | 'ledger_unavailable';
  /** With ledger_unavailable: the cause in a few words (an error code, never data), for the one-line message. */
  stopCause?: string;
  /** Ids that were given or listed but never attempted (still approved). */
  notAttempted: string[];
  outcomes: SendOutcome[];
  elapsedMs: number;
}

const PAGE = 200;

/** Sending a batch: what sending one draft needs, and the listing of the approved drafts. */
export type SendBatchDeps = SendingDeps & { ledger: SendingDeps['ledger'] & Pick<Ledger, 'listDrafts'> };

async function* approvedEmailDrafts(deps: SendBatchDeps): AsyncGenerator<string> {
  let cursor: string | undefined;
  do {
    const page = await deps.ledger.listDrafts({ status: 'approved', kind: 'email', inSendOrder: true, cursor, limit: PAGE });
    for (const d of page.items as Draft[]) if (d.kind === 'email') yield d.id;
    cursor = page.cursor;
  } while (cursor);
}

async function* fromList(ids: readonly string[]): AsyncGenerator<string> {
  yield* [...new Set(ids)];
}

export function defaultConcurrency(ratePerSecond: number): number {
  if (!Number.isFinite(ratePerSecond)) return 8;
  return Math.min(32, Math.max(2, Math.ceil(ratePerSecond / 2)));
}

export async function sendApproved(deps: SendBatchDeps, opts: SendApprovedOptions = {}): Promise<SendSummary> {
  const started = Date.now();
  const summary: SendSummary = {
    attempted: 0,
    sent: 0,
    failed: 0,
    skipped: 0,
    queued: 0,
    possiblySent: 0,
    unrecorded: 0,
    errors: 0,
    notAttempted: [],
    outcomes: [],
    elapsedMs: 0,
  };
  const source = opts.draftIds ? fromList(opts.draftIds) : approvedEmailDrafts(deps);
  const finish = async () => {
    // Drain what is left so the caller knows which ids were never attempted.
    if (opts.draftIds) for await (const id of source) summary.notAttempted.push(id);
    else if (summary.stoppedBy === 'ledger_unavailable') await source.return(undefined);
    summary.queued += summary.notAttempted.length;
    summary.elapsedMs = Date.now() - started;
    return summary;
  };

  // The ledger going away ends the batch with its summary and the cause, not with a stack trace: what was not
  // attempted stays approved, and a claimed draft is flagged by the sweep as always.
  const ledgerGone = (error: unknown): boolean => {
    if (!isConnectionFailure(error)) return false;
    stop = true;
    summary.stoppedBy ??= 'ledger_unavailable';
    summary.stopCause ??= causeOf(error);
    return true;
  };
  let stop = false;
  try {
    if (await deps.ledger.isPaused()) {
      summary.stoppedBy = 'paused';
      return finish();
    }
  } catch (error) {
    if (ledgerGone(error)) return finish();
    throw error;
  }
  let limit = opts.limit ?? Number.POSITIVE_INFINITY;
  const remaining = opts.checkDailyQuota === false ? undefined : await remainingDailyQuota(deps);
  if (remaining !== undefined && remaining <= 0) {
    summary.stoppedBy = 'daily_quota';
    return finish();
  }
  if (remaining !== undefined) limit = Math.min(limit, remaining);

  let taken = 0;
  const next = async (): Promise<string | undefined> => {
    if (stop || taken >= limit) return undefined;
    if (opts.shouldStop?.()) {
      stop = true;
      summary.stoppedBy ??= 'time';
      return undefined;
    }
    taken++; // reserved before the await, so concurrent workers cannot overshoot the limit
    let item: IteratorResult<string>;
    try {
      item = await source.next(); // async generators queue concurrent next() calls: each id goes out once
    } catch (error) {
      if (ledgerGone(error)) return undefined;
      throw error;
    }
    if (item.done) return undefined;
    if (stop) {
      summary.notAttempted.push(item.value);
      return undefined;
    }
    return item.value;
  };

  const reads = batchReads(deps.ledger);
  const worker = async () => {
    for (let id = await next(); id !== undefined; id = await next()) {
      let outcome: SendOutcome;
      try {
        outcome = await sendDraft(deps, id, reads);
      } catch (error) {
        deps.logger.error('sending: draft failed before sending', { draftId: id, error: error instanceof Error ? error.name : 'unknown' });
        outcome = { draftId: id, result: 'error', reason: error instanceof Error ? error.message : String(error) };
        ledgerGone(error);
      }
      count(summary, outcome);
      if (stopsBatch(outcome)) {
        stop = true;
        summary.stoppedBy ??= outcome.reason as SendSummary['stoppedBy'];
      }
    }
  };
  const concurrency = Math.max(1, opts.concurrency ?? defaultConcurrency(deps.limiter.ratePerSecond));
  await Promise.all(Array.from({ length: concurrency }, worker));
  return finish();
}

function count(summary: SendSummary, outcome: SendOutcome): void {
  summary.outcomes.push(outcome);
  summary.attempted++;
  switch (outcome.result) {
    case 'sent':
      summary.sent++;
      break;
    case 'failed':
      summary.failed++;
      break;
    case 'skipped':
      summary.skipped++;
      break;
    case 'queued':
      summary.queued++;
      break;
    case 'possibly_sent':
      summary.possiblySent++;
      break;
    case 'unrecorded':
      summary.unrecorded++;
      break;
    case 'error':
      summary.errors++;
      break;
  }
}

/** Sends left today, when the provider tells (-1 or a failed lookup means: no known limit). */
export async function remainingDailyQuota(deps: { mailer: Pick<SendingDeps['mailer'], 'quota'> }): Promise<number | undefined> {
  try {
    const q = await deps.mailer.quota();
    if (!(q.max24HourSend > 0)) return undefined;
    return Math.max(0, Math.floor(q.max24HourSend - q.sentLast24Hours));
  } catch {
    return undefined;
  }
}

/** A failure to reach a service at all (refused, reset, timed out): nothing else will get through either. */
export function isConnectionFailure(error: unknown): boolean {
  const e = error as { code?: unknown; name?: unknown; cause?: unknown } | undefined;
  if (!e || typeof e !== 'object') return false;
  if (typeof e.code === 'string' && CONNECTION_CODES.has(e.code)) return true;
  if (e.name === 'TimeoutError') return true;
  return e.cause !== undefined && e.cause !== error && isConnectionFailure(e.cause);
}
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

function causeOf(error: unknown): string {
  const e = error as { code?: unknown; name?: unknown; cause?: unknown };
  if (typeof e.code === 'string') return e.code;
  if (e.cause && typeof e.cause === 'object') return causeOf(e.cause);
  return typeof e.name === 'string' ? e.name : 'unknown';
}
