// Touches: the append-only history in the contact's partition, recorded in one transaction with the contact's due
// date, the weekly counters and (for a send or an export) the draft that the touch closes.
import { TransactWriteCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DraftConflict, NotFound } from '../../core/errors';
import { addDays, isoWeekOf } from '../../core/ids';
import type { Channel, Contact, Touch } from '../../core/model';
import type { TouchRecord, TouchStore } from '../../core/ports';
import { sleep } from './ledger-table';
import { draftUpdate } from './drafts-repository';
import { fullJitterDelay } from '../../core/backoff';
import type { LedgerTable } from './ledger-table';
import type { CoverageRepository } from './coverage-repository';
import { dayOf } from '../../core/coverage/aggregate';
import * as K from './keys';

/** Retrying a transaction that lost to a concurrent one: full jitter from 25 ms, at most 2 s a wait. */
const CONFLICT_BACKOFF = { baseMs: 25, capMs: 2_000, random: Math.random };

export class TouchesRepository implements TouchStore {
  constructor(
    private readonly table: LedgerTable,
    private readonly coverage: CoverageRepository,
  ) {}

  async recordTouch({ touch, draft }: TouchRecord): Promise<boolean> {
    // The contact is read first: its cadence gives the next due date, and its version guards the update.
    // A concurrent change to the contact cancels the transaction; we re-read and try again.
    for (let attempt = 0; ; attempt++) {
      const contact = await this.table.getItem<Contact>(K.contactKey(touch.contactId));
      if (!contact) throw new NotFound(`contact ${touch.contactId} does not exist`);
      const moves = !contact.lastTouchAt || contact.lastTouchAt < touch.at;
      const nextDueAt = addDays(touch.at, contact.cadenceDays);
      const items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']> = [
        {
          // the same touch id at the same time is appended once
          Put: {
            TableName: this.table.name,
            Item: { ...K.touchKey(touch.contactId, touch.at, touch.id), type: 'touch', ...touch },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        moves
          ? {
              // version guard: a concurrent edit of the contact is never overwritten
              Update: {
                TableName: this.table.name,
                Key: K.contactKey(contact.id),
                UpdateExpression:
                  'SET lastTouchAt = :at, lastTouchChannel = :ch, nextDueAt = :due, GSI1SK = :gsi1sk, updatedAt = :at, version = :next',
                ConditionExpression: 'version = :v',
                ExpressionAttributeValues: {
                  ':at': touch.at,
                  ':ch': touch.channel,
                  ':due': nextDueAt,
                  ':gsi1sk': `${K.DUE_PREFIX}${nextDueAt}#${contact.id}`,
                  ':v': contact.version,
                  ':next': contact.version + 1,
                },
              },
            }
          : {
              // an older touch is still history, but never moves the due date backwards
              ConditionCheck: { TableName: this.table.name, Key: K.contactKey(contact.id), ConditionExpression: 'attribute_exists(PK)' },
            },
        {
          Update: {
            TableName: this.table.name,
            Key: K.statsKey(isoWeekOf(new Date(touch.at)), touch.repId, touch.channel, K.statsShardOf(touch.id)),
            UpdateExpression: 'ADD #count :one SET #type = :type',
            ExpressionAttributeNames: { '#count': 'count', '#type': 'type' },
            ExpressionAttributeValues: { ':one': 1, ':type': 'stats' },
          },
        },
      ];
      if (draft) items.push({ Update: draftUpdate(this.table.name, draft.id, { fromStatuses: [draft.fromStatus], kind: draft.kind, set: { ...(draft.set ?? {}), status: draft.toStatus } }) });
      // the coverage aggregate moves with the contact (its coverage now ends a cadence after this touch), and the
      // rep's touches of the week count it. Days before the touch's eve are never read again (a view looks at its own
      // day and later): their counters are cleared rather than moved.
      const coverageFrom = items.length;
      items.push(this.coverage.weekItem(touch.repId, touch.at, touch.channel));
      if (moves) {
        const moved: Contact = { ...contact, lastTouchAt: touch.at, lastTouchChannel: touch.channel, nextDueAt };
        items.push(...(await this.coverage.writesFor(contact, moved, { pastBefore: dayOf(Date.parse(touch.at) - 86_400_000) })));
      }
      try {
        const out = await this.table.doc.send(new TransactWriteCommand({ TransactItems: items, ...this.table.metered }));
        this.table.capacity.add(out.ConsumedCapacity, 'write');
        return true;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = error.CancellationReasons ?? [];
        if (reasons[0]?.Code === 'ConditionalCheckFailed') return false;
        if (reasons[3]?.Code === 'ConditionalCheckFailed') throw new DraftConflict(`draft ${draft?.id} is not ${draft?.fromStatus}`);
        // the contact changed, or the address's suppression (a coverage guard): read again
        const retryable =
          reasons[1]?.Code === 'ConditionalCheckFailed' ||
          reasons.slice(coverageFrom).some((r) => r.Code === 'ConditionalCheckFailed') ||
          reasons.some((r) => r.Code === 'TransactionConflict');
        if (!retryable || attempt >= 8) throw error;
        await sleep(fullJitterDelay(CONFLICT_BACKOFF, attempt));
      }
    }
  }

  async listTouches(contactId: string, opts: { limit?: number; newestFirst?: boolean } = {}): Promise<Touch[]> {
    const input: QueryCommandInput = {
      TableName: this.table.name,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
      ExpressionAttributeValues: { ':pk': K.contactKey(contactId).PK, ':p': K.TOUCH_PREFIX },
      ScanIndexForward: !opts.newestFirst,
    };
    if (opts.limit) return (await this.table.queryPage<Touch>({ ...input, Limit: opts.limit })).items;
    return this.table.queryAll<Touch>(input);
  }

  async weeklyTouchCounts(weeks: readonly string[]) {
    const out: Array<{ week: string; repId: string; channel: Channel; count: number }> = [];
    for (const week of weeks) {
      // the week's shards and the earlier layout's one partition, at once
      const partitions = [K.statsPartition(week), ...Array.from({ length: K.STATS_SHARDS }, (_, shard) => K.statsPartition(week, shard))];
      const items = (
        await Promise.all(
          partitions.map((pk) =>
            this.table.queryAll<Record<string, unknown>>({ TableName: this.table.name, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': pk } }, true),
          ),
        )
      ).flat();
      // a rep and channel's counts in every shard (and sort-key shards of the earlier layout) add up
      const byRepChannel = new Map<string, { week: string; repId: string; channel: Channel; count: number }>();
      for (const item of items) {
        const { repId, channel } = K.parseStatsSk(String(item.SK));
        const key = `${repId}#${channel}`;
        const row = byRepChannel.get(key) ?? { week, repId, channel: channel as Channel, count: 0 };
        row.count += Number(item.count ?? 0);
        byRepChannel.set(key, row);
      }
      out.push(...byRepChannel.values());
    }
    return out;
  }
}
