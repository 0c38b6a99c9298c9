// Local mode's ApprovalSink: approved drafts are sent by the same use case the cloud's queue consumer runs, in
// this process, one batch after another. onApproved returns at once so that an approval page never waits for
// the rate limiter; whenIdle lets tests and shutdown wait until everything handed over has been attempted.
import type { ApprovalSink } from '../core/ports';
import { sendApproved, type SendSummary } from '../core/sending/send-approved';
import type { SendBatchDeps as SendingDeps } from '../core/sending/send-approved';
import { createSendLimiter } from '../core/sending/send-limiter';

export class InProcessApprovalSink implements ApprovalSink {
  private pending: string[] = [];
  private running: Promise<void> | undefined;
  private deps: Promise<SendingDeps> | undefined;

  /**
   * @param deps the sending deps, or the ports without a limiter: the limiter is then built on first use from
   *   the mailer's quota (the configured rate when the emulator cannot tell).
   */
  constructor(
    private readonly source: SendingDeps | Omit<SendingDeps, 'limiter'>,
    private readonly onBatch: (summary: SendSummary) => void = () => undefined,
  ) {}

  async onApproved(draftIds: readonly string[]): Promise<void> {
    this.pending.push(...draftIds);
    this.running ??= this.drain().finally(() => {
      this.running = undefined;
    });
  }

  /** Resolves when every draft handed over so far has been attempted. */
  async whenIdle(): Promise<void> {
    while (this.running) await this.running;
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
        this.onBatch(await sendApproved(deps, { draftIds: batch }));
      } catch (error) {
        // the drafts stay approved; `presence send` or the next approval picks them up
        this.source.logger.error('local sending failed', { error: error instanceof Error ? error.name : 'unknown', drafts: batch.length });
      }
    }
  }
}
