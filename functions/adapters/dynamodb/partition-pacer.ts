// Keeps the writes that land on one partition key under a rate. DynamoDB serves about 1,000 write units a second per
// partition (of the table and of each index); a slot that drafts 10,000 customers of one rep puts them all on that
// rep's key of the rep index (GSI1, which projects the whole draft: about 3 write units each), and would write them
// as fast as BatchWriteItem goes: about 1,300 units a second, measured in bench/campaign-slot. The drafts repository
// asks the pacer before each batch of a rep, so one key stays under 800 units in any second; other reps'
// keys are not slowed. One pacer per ledger (per Lambda container): a rep is planned by one unit at a time.

/**
 * What one key may take per second: 70 % of the per-partition limit, so that with one batch booked ahead (at most
 * 25 items of a few units) no second passes 800, and the rest is headroom for digests, links and touches.
 */
export const PARTITION_WRITE_UNITS_PER_SECOND = 700;

export class PartitionPacer {
  /** Per key: the moment by which everything granted so far has used up its share of the rate. */
  private readonly freeAt = new Map<string, number>();

  constructor(
    private readonly unitsPerSecond: number = PARTITION_WRITE_UNITS_PER_SECOND,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  /** Waits until `units` more write units on `key` keep it at the rate, and books them. */
  async take(key: string, units: number): Promise<void> {
    const now = this.now();
    if (this.freeAt.size > 10_000) for (const [k, t] of this.freeAt) if (t < now) this.freeAt.delete(k);
    const start = Math.max(now, this.freeAt.get(key) ?? now);
    this.freeAt.set(key, start + (units / this.unitsPerSecond) * 1000);
    const wait = start - now;
    if (wait > 0) await this.sleep(wait);
  }
}

/** An item's write units as DynamoDB counts them (1 per started KB), from its JSON size: a slight over-estimate. */
export function writeUnitsOf(item: unknown): number {
  return Math.max(1, Math.ceil(Buffer.byteLength(JSON.stringify(item)) / 1024));
}
