// Virtual time for rate tests, and the measure the rate promise is about.
import type { Timer } from '../../../functions/core/sending/rate-limiter';

/** A timer whose sleeps advance virtual time, so rate tests take no real time. */
export function fakeTimer(lateBy: () => number = () => 0): Timer & { t: number } {
  const timer = {
    t: 0,
    now: () => timer.t,
    sleep: async (ms: number) => {
      timer.t += ms + lateBy();
    },
  };
  return timer;
}

export function maxInWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; j < sorted.length; j++) {
    while (sorted[j]! - sorted[i]! >= windowMs) i++;
    best = Math.max(best, j - i + 1);
  }
  return best;
}
