// Keeps sends at or under the provider's maximum send rate.
//
// Two rules together:
//  - pacing (a token bucket holding one token): grants are scheduled 1/rate seconds apart, so sends are spread
//    evenly instead of bursting at the start of each second; the schedule does not drift when a timer fires late;
//  - a sliding window: a grant is only given when the grant `rate` places earlier is at least one second (plus a
//    small safety margin) old, so no one-second window ever holds more than `rate` grants, even when late timers
//    squeeze the schedule together.
// A bucket with a larger capacity would allow a burst of `capacity` on top of the refill, up to twice the rate
// inside one second, which is exactly what the provider throttles.

export interface RateLimiter {
  /** Resolves when the caller may send one message; callers are served in arrival order. */
  acquire(): Promise<void>;
  /** The whole number of sends per second this limiter allows. */
  readonly ratePerSecond: number;
}

export interface Timer {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realTimer: Timer = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export class PacedRateLimiter implements RateLimiter {
  readonly ratePerSecond: number;
  private readonly interval: number;
  private readonly windowMs: number;
  private next = -Infinity;
  private readonly grants: number[] = [];
  private queue: Promise<void> = Promise.resolve();

  /**
   * @param ratePerSecond the provider's rate; rounded down (14.5/s allows 14 in a second), at least 1.
   * @param safetyMs added to the one-second window so that jitter between the grant and the request leaving
   *   does not put rate + 1 requests into one second at the provider. Costs about safetyMs/1000 of throughput.
   */
  constructor(
    ratePerSecond: number,
    private readonly timer: Timer = realTimer,
    safetyMs = 5,
  ) {
    if (!Number.isFinite(ratePerSecond) || ratePerSecond <= 0) throw new RangeError(`send rate must be positive, got ${ratePerSecond}`);
    this.ratePerSecond = Math.max(1, Math.floor(ratePerSecond));
    this.interval = 1000 / this.ratePerSecond;
    this.windowMs = 1000 + safetyMs;
  }

  acquire(): Promise<void> {
    const turn = this.queue.then(() => this.waitForSlot());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async waitForSlot(): Promise<void> {
    const slot = Math.max(this.next, this.timer.now());
    for (;;) {
      const now = this.timer.now();
      const older = this.grants.length >= this.ratePerSecond ? this.grants[this.grants.length - this.ratePerSecond]! : -Infinity;
      const earliest = Math.max(slot, older + this.windowMs);
      if (now >= earliest) {
        this.grants.push(now);
        if (this.grants.length > this.ratePerSecond) this.grants.shift();
        // From the slot, not from `now`: a late timer must not slow every later send down.
        this.next = slot + this.interval;
        return;
      }
      await this.timer.sleep(Math.max(1, Math.ceil(earliest - now)));
    }
  }
}

/** For tests and one-off sends where the provider's own throttling is enough. */
export const unlimited: RateLimiter = { ratePerSecond: Number.POSITIVE_INFINITY, acquire: async () => undefined };
