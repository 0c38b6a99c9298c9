// Local mode's ApprovalSink: approved drafts are sent by the same use case the cloud's queue consumer runs, in
// this process, one batch after another. onApproved returns at once so that an approval page never waits for
// the rate limiter; whenIdle lets tests and shutdown wait until everything handed over has been attempted.
//
// Like the cloud's send queue (DelaySeconds), a handed-over draft waits the approval grace period
// (config.approvalGraceSeconds) on a timer before it is tried, so the rep can take the approval back. The sender
// checks the grace itself as well; a draft it leaves for later (`grace`) is tried again when its grace ends.
import type { ApprovalSink } from '../core/ports';
import { sendApproved, type SendSummary } from '../core/sending/send-approved';
import type { SendBatchDeps as SendingDeps } from '../core/sending/send-approved';
import { GRACE } from '../core/sending/send-draft';
import { createSendLimiter } from '../core/sending/send-limiter';

/** setTimeout's largest delay; a longer wait is cut into steps (the sender decides when the draft may go). */
const MAX_TIMER_MS = 2_147_483_647;

export class InProcessApprovalSink implements ApprovalSink {
  private pending: string[] = [];
  private running: Promise<void> | undefined;
  private deps: Promise<SendingDeps> | undefined;
  /** Drafts waiting out their grace period, by timer. */
  private readonly waiting = new Map<ReturnType<typeof setTimeout>, { ids: string[]; done: () => void }>();
  private stopped = false;

  /**
   * @param deps the sending deps, or the ports without a limiter: the limiter is then built on first use from
   *   the mailer's quota (the configured rate when the emulator cannot tell).
   */
  constructor(
    private readonly source: SendingDeps | Omit<SendingDeps, 'limiter'>,
    private readonly onBatch: (summary: SendSummary) => void = () => undefined,
  ) {}

  async onApproved(draftIds: readonly string[]): Promise<void> {
    this.later([...draftIds], Math.max(0, this.source.config.approvalGraceSeconds) * 1000);
  }

  /** Resolves when every draft handed over so far has been attempted (after its grace period). */
  async whenIdle(): Promise<void> {
    while (this.running || this.waiting.size) {
      if (this.running) await this.running;
      else await Promise.race([...this.waiting.values()].map((w) => new Promise<void>((resolve) => (w.done = chain(w.done, resolve)))));
    }
  }

  /**
   * Shutdown: drafts still in their grace period are not waited for (they stay approved; the next start's sweep
   * hands them on); whatever is being sent is finished.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const [timer, w] of this.waiting) {
      clearTimeout(timer);
      this.waiting.delete(timer);
      w.done();
    }
    await this.whenIdle();
  }

  private later(ids: string[], ms: number): void {
    if (this.stopped || ids.length === 0) return;
    if (ms <= 0) return this.now(ids);
    const entry = { ids, done: () => undefined as void };
    const timer = setTimeout(() => {
      this.waiting.delete(timer);
      this.now(ids);
      entry.done();
    }, Math.min(ms, MAX_TIMER_MS));
    this.waiting.set(timer, entry);
  }

  private now(ids: readonly string[]): void {
    this.pending.push(...ids);
    this.running ??= this.drain().finally(() => {
      this.running = undefined;
    });
  }

  private resolveDeps(): Promise<SendingDeps> {
    const source = this.source;
    this.deps ??= 'limiter' in source ? Promise.resolve(source) : createSendLimiter(source).then((limiter) => ({ ...source, limiter }));
    return this.deps;
  }

  private async drain(): Promise<void> {
    while (this.pending.length) {
      const batch = this.pending;
      this.pending = [];
      try {
        const deps = await this.resolveDeps();
        const summary = await sendApproved(deps, { draftIds: batch });
        this.onBatch(summary);
        // left for later by the sender (its clock ahead of the timer, a draft approved again meanwhile): tried
        // again on a timer when its grace ends, never by polling
        const now = deps.clock.now().getTime();
        for (const o of summary.outcomes) {
          if (o.reason === GRACE && o.notBefore) this.later([o.draftId], Math.max(1, Date.parse(o.notBefore) - now));
        }
      } catch (error) {
        // the drafts stay approved; `presence send` or the next approval picks them up
        this.source.logger.error('local sending failed', { error: error instanceof Error ? error.name : 'unknown', drafts: batch.length });
      }
    }
  }
}

function chain(a: () => void, b: () => void): () => void {
  return () => {
    a();
    b();
  };
}
