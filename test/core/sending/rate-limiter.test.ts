import { describe, expect, it } from 'vitest';
import { PacedRateLimiter } from '../../../functions/core/sending/rate-limiter';
import { fakeTimer, maxInWindow } from './timing';

async function grants(limiter: PacedRateLimiter, timer: { now(): number }, n: number, concurrent = 1): Promise<number[]> {
  const at: number[] = [];
  let left = n;
  const worker = async () => {
    while (left-- > 0) {
      await limiter.acquire();
      at.push(timer.now());
    }
  };
  await Promise.all(Array.from({ length: concurrent }, worker));
  return at;
}

describe('PacedRateLimiter', () => {
  it('spreads grants evenly at the rate, with no burst at the start', async () => {
    const timer = fakeTimer();
    const at = await grants(new PacedRateLimiter(10, timer, 0), timer, 30, 5);
    expect(at.slice(0, 4)).toEqual([0, 100, 200, 300]);
    expect(maxInWindow(at, 1000)).toBe(10);
  });

  it('never puts more than the rate into one second, even when timers fire late', async () => {
    let i = 0;
    const jitter = [0, 7, 0, 13, 2, 0, 19, 1];
    const timer = fakeTimer(() => jitter[i++ % jitter.length]!);
    const at = await grants(new PacedRateLimiter(50, timer), timer, 500, 16);
    expect(maxInWindow(at, 1000)).toBeLessThanOrEqual(50);
    // and late timers do not slow the whole run down much: 500 sends at 50/s take about 10 s
    const seconds = (at[at.length - 1]! - at[0]!) / 1000;
    expect(499 / seconds).toBeGreaterThan(45);
  });

  it('rounds a fractional rate down and refuses a non-positive one', async () => {
    expect(new PacedRateLimiter(14.9).ratePerSecond).toBe(14);
    expect(new PacedRateLimiter(0.5).ratePerSecond).toBe(1);
    expect(() => new PacedRateLimiter(0)).toThrow(RangeError);
  });

  it('does not save up unused time for a burst after a pause', async () => {
    const timer = fakeTimer();
    const limiter = new PacedRateLimiter(4, timer, 0);
    await grants(limiter, timer, 2);
    timer.t += 10_000; // idle
    const at = await grants(limiter, timer, 4, 4);
    expect(at.map((t) => t - at[0]!)).toEqual([0, 250, 500, 750]);
  });

  it('paces real time too', async () => {
    const limiter = new PacedRateLimiter(50);
    const at = await grants(limiter, performance, 12, 3);
    expect(at[at.length - 1]! - at[0]!).toBeGreaterThanOrEqual(11 * 20 - 2);
    expect(maxInWindow(at, 1000)).toBeLessThanOrEqual(50);
  });
});
