// The one DynamoDB table of the ledger as every repository reaches it: the client and the table's name, the
// capacity meter, and the few access shapes they share (a get, a versioned put, query pages, batched reads and
// writes with one capped, jittered retry). The repositories (contacts-repository.ts ...) hold the access patterns;
// keys.ts spells every key; docs/data-model.md lists them.
import { BatchGetCommand, BatchWriteCommand, GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException, type ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import { fullJitterDelay } from '../../core/backoff';
import { ValidationError, VersionConflict } from '../../core/errors';
import type { Page } from '../../core/ports';
import * as K from './keys';

export interface LedgerTableOptions {
  /** Batch requests (BatchWriteItem, BatchGetItem) in flight at once. */
  writeConcurrency?: number;
  /**
   * Ask DynamoDB for the consumed capacity of every call and add it up in `capacity` (tests and benchmarks).
   * Off by default: nothing in the product reads it, and it is not free (DynamoDB Local takes about a fifth longer
   * over a batch write with it).
   */
  meterCapacity?: boolean;
  /** Rounds of UnprocessedItems / UnprocessedKeys retried before a batch gives up (default 10, about 15 s of waits). */
  maxBatchRetries?: number;
}

/** DynamoDB kept returning unprocessed items after every retry: the caller decides (a whole run is not retried forever). */
export class BatchIncomplete extends Error {
  constructor(readonly unprocessed: number) {
    super(`DynamoDB left ${unprocessed} items of a batch unprocessed after every retry (throughput exceeded?)`);
    this.name = 'BatchIncomplete';
  }
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

export const MAX_BATCH_WRITE = 25;
const MAX_BATCH_GET = 100;
/** The batch retries' backoff: full jitter from 25 ms, capped at 2 s a wait (core/backoff.ts). */
const BATCH_BACKOFF = { baseMs: 25, capMs: 2_000, random: Math.random };

export class LedgerTable {
  readonly capacity = new CapacityMeter();
  /** Spread into every request: ReturnConsumedCapacity when the capacity is metered. */
  readonly metered: { ReturnConsumedCapacity?: 'TOTAL' };
  private readonly writeConcurrency: number;
  private readonly maxBatchRetries: number;

  constructor(
    readonly doc: DynamoDBDocumentClient,
    readonly name: string,
    options: LedgerTableOptions = {},
  ) {
    this.writeConcurrency = options.writeConcurrency ?? 4;
    this.maxBatchRetries = options.maxBatchRetries ?? 10;
    this.metered = options.meterCapacity ? { ReturnConsumedCapacity: 'TOTAL' } : {};
  }

  async getItem<T>(key: { PK: string; SK: string }, consistent = false): Promise<T | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.name, Key: key, ConsistentRead: consistent, ...this.metered }));
    this.capacity.add(out.ConsumedCapacity);
    return out.Item ? K.stripKeys<T>(out.Item) : undefined;
  }

  async putVersioned(item: Record<string, unknown>, expectedVersion: number | undefined, what: string): Promise<void> {
    try {
      const out = await this.doc.send(
        new PutCommand({
          TableName: this.name,
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

  async queryPage<T>(input: QueryCommandInput, raw = false): Promise<Page<T>> {
    const out = await this.doc.send(new QueryCommand({ ...input, ...this.metered }));
    this.capacity.add(out.ConsumedCapacity);
    const items = (out.Items ?? []).map((i) => (raw ? (i as T) : K.stripKeys<T>(i)));
    return { items, cursor: out.LastEvaluatedKey ? encodeCursor(out.LastEvaluatedKey) : undefined };
  }

  async queryAll<T>(input: QueryCommandInput, raw = false): Promise<T[]> {
    const all: T[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.queryPage<T>({ ...input, ExclusiveStartKey: decodeCursor(cursor) }, raw);
      all.push(...page.items);
      cursor = page.cursor;
    } while (cursor);
    return all;
  }

  /** BatchGetItem in chunks of 100, a few in flight, UnprocessedKeys retried with backoff, a limited number of times. */
  async batchGet<T>(keys: Array<{ PK: string; SK: string }>): Promise<T[]> {
    const chunks: Array<Array<Record<string, unknown>>> = [];
    for (let i = 0; i < keys.length; i += MAX_BATCH_GET) chunks.push(keys.slice(i, i + MAX_BATCH_GET));
    const out: T[] = [];
    await this.inParallel(chunks, async (chunk) => {
      let pending = chunk;
      for (let attempt = 0; pending.length; attempt++) {
        if (attempt > this.maxBatchRetries) throw new BatchIncomplete(pending.length);
        if (attempt) await sleep(fullJitterDelay(BATCH_BACKOFF, attempt));
        const res = await this.doc.send(new BatchGetCommand({ RequestItems: { [this.name]: { Keys: pending } }, ...this.metered }));
        this.capacity.add(res.ConsumedCapacity);
        out.push(...(res.Responses?.[this.name] ?? []).map((item) => K.stripKeys<T>(item)));
        pending = res.UnprocessedKeys?.[this.name]?.Keys ?? [];
      }
    });
    return out;
  }

  /** Runs `fn` over the chunks with at most writeConcurrency of them in flight. */
  async inParallel<C>(chunks: readonly C[], fn: (chunk: C) => Promise<void>): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < chunks.length) await fn(chunks[next++]!);
    };
    await Promise.all(Array.from({ length: Math.min(this.writeConcurrency, chunks.length) }, worker));
  }

  /** BatchWriteItem in chunks of 25, a few in flight, UnprocessedItems retried with backoff, a limited number of times. */
  async batchWrite(requests: Array<Record<string, unknown>>): Promise<void> {
    const chunks: Array<Array<Record<string, unknown>>> = [];
    for (let i = 0; i < requests.length; i += MAX_BATCH_WRITE) chunks.push(requests.slice(i, i + MAX_BATCH_WRITE));
    await this.batchWriteChunks(chunks);
  }

  /**
   * The same for chunks the caller cut (at most 25 requests each), still a few in flight; `before` is awaited before a
   * chunk's first request (the drafts repository paces a rep's chunks there).
   */
  async batchWriteChunks(chunks: ReadonlyArray<Array<Record<string, unknown>>>, before?: (chunk: Array<Record<string, unknown>>) => Promise<void>): Promise<void> {
    await this.inParallel(chunks, async (chunk) => {
      if (before) await before(chunk);
      let pending = chunk;
      for (let attempt = 0; pending.length; attempt++) {
        if (attempt > this.maxBatchRetries) throw new BatchIncomplete(pending.length);
        if (attempt) await sleep(fullJitterDelay(BATCH_BACKOFF, attempt));
        const res = await this.doc.send(new BatchWriteCommand({ RequestItems: { [this.name]: pending as never }, ...this.metered }));
        this.capacity.add(res.ConsumedCapacity, 'write');
        pending = (res.UnprocessedItems?.[this.name] ?? []) as Array<Record<string, unknown>>;
      }
    });
  }}

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor<T = Record<string, unknown>>(cursor: string | undefined): T | undefined {
  if (!cursor) return undefined;
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as T;
  } catch {
    throw new ValidationError('the paging cursor is not valid; start again without it');
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
