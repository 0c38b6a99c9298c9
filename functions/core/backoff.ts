// Exponential backoff with full jitter: wait a random time between 0 and min(cap, base * 2^attempt).
// Full jitter spreads retrying senders apart, so a throttled fleet does not come back in lock step.

export interface RetryPolicy {
  /** Attempts in total, the first one included. */
  maxAttempts: number;
  baseMs: number;
  capMs: number;
  sleep(ms: number): Promise<void>;
  /** A number in [0, 1). */
  random(): number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 6,
  baseMs: 100,
  capMs: 5_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/** The wait before retry number `attempt` (0 for the first retry). */
export function fullJitterDelay(policy: Pick<RetryPolicy, 'baseMs' | 'capMs' | 'random'>, attempt: number): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** attempt);
  return Math.floor(policy.random() * ceiling);
}
