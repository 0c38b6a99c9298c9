// Deferred slots (core/ports.ts DeferredRun): one item per campaign slot that some reps did not run in because of a
// public holiday where they work, in the campaign's partition. Written by the slot, read by the daily shifted run;
// TTL removes it after DEFERRAL_TTL_DAYS, long after any next business day.
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DeferralStore, DeferredRun } from '../../core/ports';
import type { LedgerTable } from './ledger-table';

export const DEFERRAL_TTL_DAYS = 30;
const partition = (campaignId: string) => `CAMPAIGN#${campaignId}`;

export class DeferralsRepository implements DeferralStore {
  constructor(private readonly table: LedgerTable) {}

  async putDeferredRun(run: DeferredRun): Promise<void> {
    const ttl = Math.floor(Date.parse(run.runAt) / 1000) + DEFERRAL_TTL_DAYS * 86_400;
    // an unconditional put: a retried slot defers the same reps to the same days
    await this.table.doc.send(
      new PutCommand({ TableName: this.table.name, Item: { PK: partition(run.campaignId), SK: `DEFERRED#${run.runAt}`, type: 'deferred-run', ttl, ...run } }),
    );
  }

  async listDeferredRuns(campaignId: string): Promise<DeferredRun[]> {
    const items = await this.table.queryAll<DeferredRun & { ttl?: number; type?: string }>({
      TableName: this.table.name,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
      ExpressionAttributeValues: { ':pk': partition(campaignId), ':sk': 'DEFERRED#' },
      ConsistentRead: true,
    });
    return items.map(({ campaignId: c, runAt, reps }) => ({ campaignId: c, runAt, reps }));
  }
}
