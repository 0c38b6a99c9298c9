// The Ledger on one DynamoDB table. All DynamoDB details live here and in keys.ts; every conditional
// write says why it has its condition. See docs/data-model.md for the access patterns.
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException, TransactionCanceledException, type ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import { DraftConflict, NotFound, ValidationError, VersionConflict } from '../../core/errors';
import { addDays, isoWeekOf, parseDraftId, randomId } from '../../core/ids';
import { DRAFT_STATUSES, isOpenStatus, type Channel, type Contact, type Draft, type Rep, type Suppression, type TokenRecord, type Touch } from '../../core/model';
import type { AuditEntry, DraftQuery, DraftWithdrawal, Ledger, Page, TouchRecord } from '../../core/ports';
import * as K from './keys';

export interface DynamoLedgerOptions {
  /** Batch requests (BatchWriteItem, BatchGetItem) in flight at once. */
  writeConcurrency?: number;
  /**
   * Ask DynamoDB for the consumed capacity of every call and add it up in `capacity` (tests and benchmarks).
   * Off by default: nothing in the product reads it, and it is not free (DynamoDB Local takes about a fifth longer
   * over a batch write with it).
   */
  meterCapacity?: boolean;
}

/** Read and write units consumed through this ledger, for benchmarks and capacity tests. */
export class CapacityMeter {
  readUnits = 0;
  writeUnits = 0;
  /** `kind` says what a bare CapacityUnits total means: TOTAL answers split reads and writes only for some calls. */
  add(c: ConsumedCapacity | ConsumedCapacity[] | undefined, kind: 'read' | 'write' = 'read'): void {
    for (const x of Array.isArray(c) ? c : c ? [c] : []) {
      if (x.ReadCapacityUnits !== undefined || x.WriteCapacityUnits !== undefined) {
        this.readUnits += x.ReadCapacityUnits ?? 0;
        this.writeUnits += x.WriteCapacityUnits ?? 0;
      } else if (kind === 'write') {
        this.writeUnits += x.CapacityUnits ?? 0;
      } else {
        this.readUnits += x.CapacityUnits ?? 0;
      }
    }
  }
  reset(): void {
    this.readUnits = 0;
    this.writeUnits = 0;
  }
}

const MAX_BATCH_WRITE = 25;
const MAX_BATCH_GET = 100;

export class DynamoLedger implements Ledger {
  readonly capacity = new CapacityMeter();
  private readonly writeConcurrency: number;
  /** Spread into every request: ReturnConsumedCapacity when the capacity is metered. */
  private readonly metered: { ReturnConsumedCapacity?: 'TOTAL' };

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    options: DynamoLedgerOptions = {},
  ) {
    this.writeConcurrency = options.writeConcurrency ?? 4;
    this.metered = options.meterCapacity ? { ReturnConsumedCapacity: 'TOTAL' } : {};
  }

  // ------------------------------------------------------------------ contacts

  async getContact(id: string): Promise<Contact | undefined> {
    return this.getItem<Contact>(K.contactKey(id));
  }

  async getContacts(ids: readonly string[]): Promise<Contact[]> {
    return this.batchGet<Contact>([...new Set(ids)].map(K.contactKey));
  }

  async putContact(contact: Contact, expectedVersion?: number): Promise<Contact> {
    const stored: Contact = { ...contact, version: (expectedVersion ?? 0) + 1 };
    await this.putVersioned({ ...K.contactKeys(stored), type: 'contact', ...stored }, expectedVersion, `contact ${contact.id}`);
    return stored;
  }

  async listContactsByRep(repId: string, opts: { dueBy?: string; cursor?: string; limit?: number } = {}): Promise<Page<Contact>> {
    const input: QueryCommandInput = {
      TableName: this.tableName,
      IndexName: K.GSI1,
      KeyConditionExpression: opts.dueBy ? 'GSI1PK = :pk AND GSI1SK BETWEEN :from AND :to' : 'GSI1PK = :pk AND begins_with(GSI1SK, :from)',
      ExpressionAttributeValues: {
        ':pk': K.repPartition(repId),
        ':from': K.DUE_PREFIX,
        ...(opts.dueBy ? { ':to': K.dueUpTo(opts.dueBy) } : {}),
      },
      Limit: opts.limit,
      ExclusiveStartKey: decodeCursor(opts.cursor),
    };
    return this.queryPage<Contact>(input);
  }

  async replaceContactWithdrawingDrafts(contact: Contact, expectedVersion: number, withdraw: readonly DraftWithdrawal[]): Promise<Contact> {
    // One transaction holds at most 100 items: the contact and 99 drafts. A contact has one open draft by rule.
    if (withdraw.length > 99) throw new ValidationError(`contact ${contact.id} has ${withdraw.length} open drafts; withdraw them first`);
    const stored: Contact = { ...contact, version: expectedVersion + 1 };
    const items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']> = [
      {
        // the version we read, or nothing: a concurrent edit of the contact is never overwritten
        Put: {
          TableName: this.tableName,
          Item: { ...K.contactKeys(stored), type: 'contact', ...stored },
          ConditionExpression: 'version = :v',
          ExpressionAttributeValues: { ':v': expectedVersion },
        },
      },
      ...withdraw.map((w) => ({
        // only while the draft is still where we saw it: a draft claimed for sending meanwhile is not withdrawn
        Update: this.draftUpdate(w.id, { fromStatuses: [w.fromStatus], set: { status: 'withdrawn', withdrawnReason: w.reason, updatedAt: w.at } }),
      })),
    ];
    try {
      const out = await this.doc.send(new TransactWriteCommand({ TransactItems: items, ...this.metered }));
      this.capacity.add(out.ConsumedCapacity, 'write');
      return stored;
    } catch (error) {
      if (error instanceof TransactionCanceledException) throw new VersionConflict(`contact ${contact.id} or one of its drafts changed meanwhile`);
      throw error;
    }
  }

  async findContactsByEmail(email: string): Promise<Contact[]> {
    return this.queryAll<Contact>({
      TableName: this.tableName,
      IndexName: K.GSI2,
      KeyConditionExpression: 'GSI2PK = :pk',
      ExpressionAttributeValues: { ':pk': K.emailPartition(email) },
    });
  }

  async deleteContactCollection(id: string): Promise<number> {
    const items = await this.queryAll<Record<string, unknown>>(
      {
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': K.contactKey(id).PK },
        ProjectionExpression: 'PK, SK',
      },
      true,
    );
    await this.batchWrite(items.map((i) => ({ DeleteRequest: { Key: { PK: i.PK, SK: i.SK } } })));
    return items.length;
  }

  // ------------------------------------------------------------------ reps

  async getRep(id: string): Promise<Rep | undefined> {
    return this.getItem<Rep>(K.repKey(id));
  }

  async putRep(rep: Rep, expectedVersion?: number): Promise<Rep> {
    const stored: Rep = { ...rep, version: (expectedVersion ?? 0) + 1 };
    await this.putVersioned({ ...K.repKeys(stored), type: 'rep', ...stored }, expectedVersion, `rep ${rep.id}`);
    return stored;
  }

  async listReps(): Promise<Rep[]> {
    return this.queryAll<Rep>({
      TableName: this.tableName,
      IndexName: K.GSI1,
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': 'REPS' },
    });
  }

  // ------------------------------------------------------------------ touches

  async recordTouch({ touch, draft }: TouchRecord): Promise<boolean> {
    // The contact is read first: its cadence gives the next due date, and its version guards the update.
    // A concurrent change to the contact cancels the transaction; we re-read and try again.
    for (let attempt = 0; ; attempt++) {
      const contact = await this.getContact(touch.contactId);
      if (!contact) throw new NotFound(`contact ${touch.contactId} does not exist`);
      const moves = !contact.lastTouchAt || contact.lastTouchAt < touch.at;
      const nextDueAt = addDays(touch.at, contact.cadenceDays);
      const items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']> = [
        {
          // the same touch id at the same time is appended once
          Put: {
            TableName: this.tableName,
            Item: { ...K.touchKey(touch.contactId, touch.at, touch.id), type: 'touch', ...touch },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        moves
          ? {
              // version guard: a concurrent edit of the contact is never overwritten
              Update: {
                TableName: this.tableName,
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
              ConditionCheck: { TableName: this.tableName, Key: K.contactKey(contact.id), ConditionExpression: 'attribute_exists(PK)' },
            },
        {
          Update: {
            TableName: this.tableName,
            Key: K.statsKey(isoWeekOf(new Date(touch.at)), touch.repId, touch.channel, K.statsShardOf(touch.id)),
            UpdateExpression: 'ADD #count :one SET #type = :type',
            ExpressionAttributeNames: { '#count': 'count', '#type': 'type' },
            ExpressionAttributeValues: { ':one': 1, ':type': 'stats' },
          },
        },
      ];
      if (draft) items.push({ Update: this.draftUpdate(draft.id, { fromStatuses: [draft.fromStatus], set: { ...(draft.set ?? {}), status: draft.toStatus } }) });
      try {
        const out = await this.doc.send(new TransactWriteCommand({ TransactItems: items, ...this.metered }));
        this.capacity.add(out.ConsumedCapacity, 'write');
        return true;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = error.CancellationReasons ?? [];
        if (reasons[0]?.Code === 'ConditionalCheckFailed') return false;
        if (reasons[3]?.Code === 'ConditionalCheckFailed') throw new DraftConflict(`draft ${draft?.id} is not ${draft?.fromStatus}`);
        const retryable = reasons[1]?.Code === 'ConditionalCheckFailed' || reasons.some((r) => r.Code === 'TransactionConflict');
        if (!retryable || attempt >= 8) throw error;
        await sleep(backoff(attempt));
      }
    }
  }

  async listTouches(contactId: string, opts: { limit?: number; newestFirst?: boolean } = {}): Promise<Touch[]> {
    const input: QueryCommandInput = {
      TableName: this.tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
      ExpressionAttributeValues: { ':pk': K.contactKey(contactId).PK, ':p': K.TOUCH_PREFIX },
      ScanIndexForward: !opts.newestFirst,
    };
    if (opts.limit) return (await this.queryPage<Touch>({ ...input, Limit: opts.limit })).items;
    return this.queryAll<Touch>(input);
  }

  async weeklyTouchCounts(weeks: readonly string[]) {
    const out: Array<{ week: string; repId: string; channel: Channel; count: number }> = [];
    for (const week of weeks) {
      const items = await this.queryAll<Record<string, unknown>>(
        {
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': K.statsPartition(week) },
        },
        true,
      );
      // the shards of one rep and channel sort next to each other: add them up in order
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

  // ------------------------------------------------------------------ drafts

  async getDraft(id: string): Promise<Draft | undefined> {
    const key = draftKeyOf(id);
    return key ? this.getItem<Draft>(key) : undefined;
  }

  async getDrafts(ids: readonly string[]): Promise<Draft[]> {
    const keys = [...new Set(ids)].flatMap((id) => draftKeyOf(id) ?? []);
    return this.batchGet<Draft>(keys);
  }

  async putDrafts(drafts: readonly Draft[]): Promise<void> {
    await this.batchWrite(drafts.map((d) => ({ PutRequest: { Item: { ...K.draftKeys(d), type: 'draft', ...d } } })));
  }

  async listOpenDraftContactIds(repId: string, runId: string): Promise<Set<string>> {
    const ids = new Set<string>();
    for (const prefix of [K.OPEN_PREFIX, K.doneInRunPrefix(runId)]) {
      const items = await this.queryAll<Record<string, unknown>>(
        {
          TableName: this.tableName,
          IndexName: K.GSI1,
          KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :p)',
          ExpressionAttributeValues: { ':pk': K.repPartition(repId), ':p': prefix },
          ProjectionExpression: 'contactId',
        },
        true,
      );
      for (const item of items) ids.add(String(item.contactId));
    }
    return ids;
  }

  async listDrafts(q: DraftQuery): Promise<Page<Draft>> {
    // One status: one query. No status: the statuses one after another, the cursor remembering where we are.
    const statuses = q.status ? [q.status] : [...DRAFT_STATUSES];
    const cursor = decodeCursor(q.cursor) as { s?: number; k?: Record<string, unknown> } | undefined;
    let statusIndex = cursor?.s ?? 0;
    let startKey = cursor?.k;
    const items: Draft[] = [];
    const limit = q.limit ?? 500;
    const prefix = q.runId ? `${q.runId}#` : q.campaignId ? `${q.campaignId}@` : undefined;
    while (statusIndex < statuses.length && items.length < limit) {
      const filter = q.repId ? { FilterExpression: 'repId = :rep', ExpressionAttributeValues: { ':rep': q.repId } } : undefined;
      const page = await this.queryPage<Draft>({
        TableName: this.tableName,
        IndexName: K.GSI2,
        KeyConditionExpression: prefix ? 'GSI2PK = :pk AND begins_with(GSI2SK, :p)' : 'GSI2PK = :pk',
        ExpressionAttributeValues: {
          ':pk': K.draftStatusPartition(statuses[statusIndex]!),
          ...(prefix ? { ':p': prefix } : {}),
          ...(filter?.ExpressionAttributeValues ?? {}),
        },
        ...(filter ? { FilterExpression: filter.FilterExpression } : {}),
        Limit: limit - items.length,
        ExclusiveStartKey: startKey,
      });
      items.push(...page.items);
      if (page.cursor) {
        startKey = decodeCursor(page.cursor);
        break;
      }
      statusIndex++;
      startKey = undefined;
    }
    const more = statusIndex < statuses.length;
    return { items, cursor: more ? encodeCursor({ s: statusIndex, k: startKey }) : undefined };
  }

  async updateDraft(id: string, change: Parameters<Ledger['updateDraft']>[1]): Promise<Draft> {
    try {
      const out = await this.doc.send(new UpdateCommand({ ...this.draftUpdate(id, change), ReturnValues: 'ALL_NEW', ...this.metered }));
      this.capacity.add(out.ConsumedCapacity, 'write');
      return K.stripKeys<Draft>(out.Attributes ?? {});
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new DraftConflict(`draft ${id} changed meanwhile or is in another state`);
      throw error;
    }
  }

  async listDraftsOfContact(contactId: string): Promise<Draft[]> {
    return this.queryAll<Draft>({
      TableName: this.tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
      ExpressionAttributeValues: { ':pk': K.contactKey(contactId).PK, ':p': K.DRAFT_PREFIX },
    });
  }

  async deleteDraft(id: string): Promise<void> {
    const key = draftKeyOf(id);
    if (key) await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: key }));
  }

  /** The conditional update of a draft; also keeps its index keys in step with its status. */
  private draftUpdate(id: string, change: Parameters<Ledger['updateDraft']>[1]) {
    const parsed = parseDraftId(id);
    if (!parsed) throw new DraftConflict(`draft id ${id} is malformed`);
    const names: Record<string, string> = { '#version': 'version' };
    const values: Record<string, unknown> = { ':one': 1 };
    const sets = ['#version = #version + :one'];
    const removes: string[] = [];
    let i = 0;
    for (const [field, value] of Object.entries(change.set)) {
      const n = `#f${i}`;
      names[n] = field;
      if (value === undefined) removes.push(n);
      else {
        values[`:v${i}`] = value;
        sets.push(`${n} = :v${i}`);
      }
      i++;
    }
    const status = change.set.status;
    if (status) {
      values[':gsi1sk'] = `${isOpenStatus(status) ? 'OPEN' : 'DONE'}#${parsed.runId}#${parsed.contactId}`;
      values[':gsi2pk'] = K.draftStatusPartition(status);
      sets.push('GSI1SK = :gsi1sk', 'GSI2PK = :gsi2pk');
    }
    // exists: never create a draft by updating; version/status: exactly one decision, one claim, one sender
    const conditions = ['attribute_exists(PK)'];
    if (change.expectedVersion !== undefined) {
      conditions.push('#version = :expected');
      values[':expected'] = change.expectedVersion;
    }
    if (change.fromStatuses?.length) {
      names['#status'] = 'status';
      const list = change.fromStatuses.map((s, j) => {
        values[`:from${j}`] = s;
        return `:from${j}`;
      });
      conditions.push(`#status IN (${list.join(', ')})`);
    }
    return {
      TableName: this.tableName,
      Key: K.draftKey(parsed.contactId, parsed.runId),
      UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
      ConditionExpression: conditions.join(' AND '),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    };
  }

  // ------------------------------------------------------------------ suppressions

  async suppress(s: Suppression): Promise<boolean> {
    try {
      // first record wins: a bounce applied twice stays one suppression with its first reason. The one exception:
      // an erase tombstone replaces any other reason, since only it makes a later import refuse the address.
      const erasing = s.reason === 'erased';
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...K.suppressionKey(s.emailHash), GSI2PK: K.SUPPRESSIONS_PARTITION, GSI2SK: `${s.at}#${s.emailHash}`, type: 'suppression', ...s },
          ConditionExpression: erasing ? 'attribute_not_exists(PK) OR #reason <> :erased' : 'attribute_not_exists(PK)',
          ...(erasing ? { ExpressionAttributeNames: { '#reason': 'reason' }, ExpressionAttributeValues: { ':erased': 'erased' } } : {}),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async getSuppression(emailHash: string): Promise<Suppression | undefined> {
    return this.getItem<Suppression>(K.suppressionKey(emailHash));
  }

  async suppressedAmong(hashes: readonly string[]): Promise<Set<string>> {
    const found = await this.batchGet<Suppression>([...new Set(hashes)].map(K.suppressionKey));
    return new Set(found.map((s) => s.emailHash));
  }

  async suppressedHashesUpTo(atMost: number): Promise<Set<string> | undefined> {
    // the list through GSI2, page by page, given up as soon as it is longer than asked
    const hashes = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await this.queryPage<{ emailHash: string }>(
        {
          TableName: this.tableName,
          IndexName: K.GSI2,
          KeyConditionExpression: 'GSI2PK = :pk',
          ExpressionAttributeValues: { ':pk': K.SUPPRESSIONS_PARTITION },
          ProjectionExpression: 'emailHash',
          Limit: atMost + 1,
          ExclusiveStartKey: decodeCursor(cursor),
        },
        true,
      );
      for (const s of page.items) hashes.add(s.emailHash);
      if (hashes.size > atMost) return undefined;
      cursor = page.cursor;
    } while (cursor);
    return hashes;
  }

  async listSuppressions(): Promise<Suppression[]> {
    return this.queryAll<Suppression>({
      TableName: this.tableName,
      IndexName: K.GSI2,
      KeyConditionExpression: 'GSI2PK = :pk',
      ExpressionAttributeValues: { ':pk': K.SUPPRESSIONS_PARTITION },
    });
  }

  // ------------------------------------------------------------------ tokens

  async putToken(token: TokenRecord): Promise<void> {
    // a token hash is never reused; TTL removes the item a week after expiry
    const ttl = Math.floor(Date.parse(token.expiresAt) / 1000) + 7 * 86_400;
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...K.tokenKeys(token), type: 'token', ttl, ...token },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new VersionConflict('token exists');
      throw error;
    }
  }

  async getToken(hash: string): Promise<TokenRecord | undefined> {
    return this.getItem<TokenRecord>(K.tokenKey(hash));
  }

  async useToken(hash: string, at: string): Promise<boolean> {
    try {
      // single use: only the first caller sets usedAt
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: K.tokenKey(hash),
          UpdateExpression: 'SET usedAt = :at',
          ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(usedAt)',
          ExpressionAttributeValues: { ':at': at },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async forgetDraftsInTokens(repIds: readonly string[], draftIds: readonly string[]): Promise<number> {
    const forget = new Set(draftIds);
    let changed = 0;
    for (const repId of new Set(repIds)) {
      const tokens = await this.queryAll<{ hash: string; draftIds?: string[] }>(
        {
          TableName: this.tableName,
          IndexName: K.GSI1,
          KeyConditionExpression: 'GSI1PK = :pk',
          ExpressionAttributeValues: { ':pk': K.repTokensPartition(repId) },
          ProjectionExpression: '#hash, draftIds',
          ExpressionAttributeNames: { '#hash': 'hash' },
        },
        true,
      );
      for (const token of tokens) {
        const ids = token.draftIds ?? [];
        const kept = ids.filter((id) => !forget.has(id));
        if (kept.length === ids.length) continue;
        if (kept.length === 0) await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: K.tokenKey(token.hash) }));
        else {
          await this.doc.send(
            new UpdateCommand({
              TableName: this.tableName,
              Key: K.tokenKey(token.hash),
              UpdateExpression: 'SET draftIds = :kept',
              // never recreate a token that expired and went meanwhile
              ConditionExpression: 'attribute_exists(PK)',
              ExpressionAttributeValues: { ':kept': kept },
            }),
          ).catch((error: unknown) => {
            if (!(error instanceof ConditionalCheckFailedException)) throw error;
          });
        }
        changed++;
      }
    }
    return changed;
  }

  // ------------------------------------------------------------------ settings and audit

  async isPaused(): Promise<boolean> {
    const item = await this.getItem<{ paused?: boolean }>(K.pauseKey, true);
    return item?.paused === true;
  }

  async setPaused(paused: boolean, by: string, at: string): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...K.pauseKey, type: 'settings', paused, by, at } }));
  }

  async audit(entry: AuditEntry): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { PK: K.auditPartition(entry.at.slice(0, 7)), SK: `${entry.at}#${randomId(6)}`, type: 'audit', ...entry },
      }),
    );
  }

  async listAudit(month: string): Promise<AuditEntry[]> {
    return this.queryAll<AuditEntry>({
      TableName: this.tableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': K.auditPartition(month) },
    });
  }

  // ------------------------------------------------------------------ plumbing

  private async getItem<T>(key: { PK: string; SK: string }, consistent = false): Promise<T | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: consistent, ...this.metered }));
    this.capacity.add(out.ConsumedCapacity);
    return out.Item ? K.stripKeys<T>(out.Item) : undefined;
  }

  private async putVersioned(item: Record<string, unknown>, expectedVersion: number | undefined, what: string): Promise<void> {
    try {
      const out = await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          // create: never overwrite what we did not read; replace: only the version we read
          ConditionExpression: expectedVersion === undefined ? 'attribute_not_exists(PK)' : 'version = :v',
          ...(expectedVersion === undefined ? {} : { ExpressionAttributeValues: { ':v': expectedVersion } }),
          ...this.metered,
        }),
      );
      this.capacity.add(out.ConsumedCapacity, 'write');
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new VersionConflict(`${what} changed meanwhile`);
      throw error;
    }
  }

  private async queryPage<T>(input: QueryCommandInput, raw = false): Promise<Page<T>> {
    const out = await this.doc.send(new QueryCommand({ ...input, ...this.metered }));
    this.capacity.add(out.ConsumedCapacity);
    const items = (out.Items ?? []).map((i) => (raw ? (i as T) : K.stripKeys<T>(i)));
    return { items, cursor: out.LastEvaluatedKey ? encodeCursor(out.LastEvaluatedKey) : undefined };
  }

  private async queryAll<T>(input: QueryCommandInput, raw = false): Promise<T[]> {
    const all: T[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.queryPage<T>({ ...input, ExclusiveStartKey: decodeCursor(cursor) }, raw);
      all.push(...page.items);
      cursor = page.cursor;
    } while (cursor);
    return all;
  }

  /** BatchGetItem in chunks of 100, a few in flight, UnprocessedKeys retried with backoff. */
  private async batchGet<T>(keys: Array<{ PK: string; SK: string }>): Promise<T[]> {
    const chunks: Array<Array<Record<string, unknown>>> = [];
    for (let i = 0; i < keys.length; i += MAX_BATCH_GET) chunks.push(keys.slice(i, i + MAX_BATCH_GET));
    const out: T[] = [];
    await this.inParallel(chunks, async (chunk) => {
      let pending = chunk;
      for (let attempt = 0; pending.length; attempt++) {
        if (attempt) await sleep(backoff(attempt));
        const res = await this.doc.send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: pending } }, ...this.metered }));
        this.capacity.add(res.ConsumedCapacity);
        out.push(...(res.Responses?.[this.tableName] ?? []).map((item) => K.stripKeys<T>(item)));
        pending = res.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
      }
    });
    return out;
  }

  /** Runs `fn` over the chunks with at most writeConcurrency of them in flight. */
  private async inParallel<C>(chunks: readonly C[], fn: (chunk: C) => Promise<void>): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < chunks.length) await fn(chunks[next++]!);
    };
    await Promise.all(Array.from({ length: Math.min(this.writeConcurrency, chunks.length) }, worker));
  }

  /** BatchWriteItem in chunks of 25, a few in flight, UnprocessedItems retried with backoff until written. */
  private async batchWrite(requests: Array<Record<string, unknown>>): Promise<void> {
    const chunks: Array<Array<Record<string, unknown>>> = [];
    for (let i = 0; i < requests.length; i += MAX_BATCH_WRITE) chunks.push(requests.slice(i, i + MAX_BATCH_WRITE));
    await this.inParallel(chunks, async (chunk) => {
      let pending = chunk;
      for (let attempt = 0; pending.length; attempt++) {
        if (attempt) await sleep(backoff(attempt));
        const res = await this.doc.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: pending as never }, ...this.metered }));
        this.capacity.add(res.ConsumedCapacity, 'write');
        pending = (res.UnprocessedItems?.[this.tableName] ?? []) as Array<Record<string, unknown>>;
      }
    });
  }
}

function draftKeyOf(id: string): { PK: string; SK: string } | undefined {
  const parsed = parseDraftId(id);
  return parsed ? K.draftKey(parsed.contactId, parsed.runId) : undefined;
}

function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decodeCursor<T = Record<string, unknown>>(cursor: string | undefined): T | undefined {
  if (!cursor) return undefined;
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as T;
  } catch {
    throw new ValidationError('the paging cursor is not valid; start again without it');
  }
}

/** Exponential backoff with full jitter. */
export function backoff(attempt: number, baseMs = 25, capMs = 2_000): number {
  return Math.random() * Math.min(capMs, baseMs * 2 ** attempt);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
