import { describe, expect, it } from 'vitest';
import { PARTITION_WRITE_UNITS_PER_SECOND, PartitionPacer, writeUnitsOf } from '../../../functions/adapters/dynamodb/partition-pacer';

/** A pacer on a clock that only moves when it sleeps. */
function pacedClock(rate: number) {
  let t = 0;
  const pacer = new PartitionPacer(rate, () => t, async (ms) => {
    t += ms;
  });
  return { pacer, now: () => t };
}

describe('partition pacer', () => {
  it('keeps one key at its rate: no second holds more than the rate and one batch', async () => {
    const { pacer, now } = pacedClock(PARTITION_WRITE_UNITS_PER_SECOND);
    const perSecond = new Map<number, number>();
    // 10,000 drafts of 3 write units in batches of 25: 30,000 units, so about 43 s at 700 a second
    for (let i = 0; i < 400; i++) {
      await pacer.take('REP#rep-000', 75);
      const second = Math.floor(now() / 1000);
      perSecond.set(second, (perSecond.get(second) ?? 0) + 75);
    }
    expect(now()).toBeGreaterThanOrEqual(42_000);
    expect(now()).toBeLessThan(43_000);
    // the bench's goal: no key above 800 write units in a second
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(800);
  });

  it('does not slow another key', async () => {
    const { pacer, now } = pacedClock(800);
    for (let i = 0; i < 40; i++) await pacer.take('REP#busy', 75);
    const before = now();
    await pacer.take('REP#quiet', 75);
    expect(now()).toBe(before);
  });

  it('counts an item as DynamoDB does, one unit per started KB', () => {
    expect(writeUnitsOf({ a: 'x' })).toBe(1);
    expect(writeUnitsOf({ a: 'x'.repeat(2_500) })).toBe(3);
  });
});
