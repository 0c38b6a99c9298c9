// Write units per partition key per second, as the benches see them: every write the ledger sends through a
// DynamoDB document client is counted against its table partition key and, for each global secondary index whose key
// the written item carries, against that index key too (both indexes project the whole item, so an index entry costs
// what the item costs). DynamoDB Local does not say which partition a write lands on, so the units are derived from
// the written item's size (1 WCU per started KB, twice that in a transaction), the way DynamoDB bills them.
//
// Only the hottest key of each one-second window is kept, so the meter's memory does not grow with the run.
// Known limits, named in the benches' notes: an UpdateItem is counted as 1 WCU on its table key (the item's size is
// not in the request) and on the index keys its update expression sets; the index entry a put or update removes
// from an old index key is not counted.
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';

export type WriteTarget = 'table' | 'GSI1' | 'GSI2';
const TARGETS: readonly WriteTarget[] = ['table', 'GSI1', 'GSI2'];

export interface HotKey {
  key: string;
  wcu: number;
  /** Second of the run (from the meter's start) in which the key took `wcu`. */
  second: number;
}

export class PartitionWriteMeter {
  private readonly started = performance.now();
  private second = 0;
  private window: Record<WriteTarget, Map<string, number>> = { table: new Map(), GSI1: new Map(), GSI2: new Map() };
  private windowTotal = 0;
  readonly hottest: Record<WriteTarget, HotKey> = { table: { key: '', wcu: 0, second: 0 }, GSI1: { key: '', wcu: 0, second: 0 }, GSI2: { key: '', wcu: 0, second: 0 } };
  /** Write units per second, summed over every key of the table and its indexes. */
  readonly totals: number[] = [];
  wcu = 0;
  itemWrites = 0;
  /** What was read, per kind of request (a query names its index): requests, items returned, their bytes. */
  readonly reads: Record<string, { requests: number; items: number; bytes: number }> = {};
  /** Every request per kind: how many, the milliseconds they took added up (they overlap), the slowest. */
  readonly latency: Record<string, { requests: number; ms: number; maxMs: number }> = {};

  took(command: unknown, ms: number): void {
    const input = (command as { input?: { IndexName?: string } }).input;
    const name = (command as object).constructor.name.replace(/Command$/, '');
    const kind = name === 'Query' ? `Query ${input?.IndexName ?? 'table'}` : name;
    const l = (this.latency[kind] ??= { requests: 0, ms: 0, maxMs: 0 });
    l.requests++;
    l.ms += ms;
    l.maxMs = Math.max(l.maxMs, ms);
  }

  record(target: WriteTarget, key: string, wcu: number): void {
    const now = Math.floor((performance.now() - this.started) / 1000);
    if (now !== this.second) this.flush(now);
    const map = this.window[target];
    map.set(key, (map.get(key) ?? 0) + wcu);
    this.windowTotal += wcu;
    this.wcu += wcu;
  }

  /** Closes the current window (call once at the end of a run). */
  finish(): void {
    this.flush(this.second + 1);
  }

  private flush(next: number): void {
    for (const target of TARGETS) {
      for (const [key, wcu] of this.window[target]) if (wcu > this.hottest[target].wcu) this.hottest[target] = { key, wcu, second: this.second };
      this.window[target].clear();
    }
    this.totals.push(this.windowTotal);
    for (let s = this.second + 1; s < next; s++) this.totals.push(0);
    this.windowTotal = 0;
    this.second = next;
  }

  private read(kind: string, items: ReadonlyArray<Record<string, unknown>>): void {
    const r = (this.reads[kind] ??= { requests: 0, items: 0, bytes: 0 });
    r.requests++;
    r.items += items.length;
    for (const item of items) r.bytes += itemBytes(item);
  }

  /** Counts the writes of one request that DynamoDB accepted, and what a read returned. */
  observe(command: unknown, output: unknown): void {
    if (command instanceof QueryCommand) {
      this.read(`Query ${command.input.IndexName ?? 'table'}`, (output as { Items?: Array<Record<string, unknown>> }).Items ?? []);
    } else if (command instanceof BatchGetCommand) {
      this.read('BatchGet', Object.values((output as { Responses?: Record<string, Array<Record<string, unknown>>> }).Responses ?? {}).flat());
    } else if (command instanceof GetCommand) {
      const item = (output as { Item?: Record<string, unknown> }).Item;
      this.read('Get', item ? [item] : []);
    } else if (command instanceof BatchWriteCommand) {
      const unprocessed = (output as { UnprocessedItems?: Record<string, unknown[]> } | undefined)?.UnprocessedItems ?? {};
      for (const [table, requests] of Object.entries(command.input.RequestItems ?? {})) {
        // a batch DynamoDB left partly unprocessed: count what it took (the retry is counted when it is sent)
        const left = new Set((unprocessed[table] ?? []).map((r) => JSON.stringify(r)));
        for (const request of requests) {
          if (left.size && left.has(JSON.stringify(request))) continue;
          if (request.PutRequest?.Item) this.putItem(request.PutRequest.Item, 1);
          else if (request.DeleteRequest?.Key) this.record('table', String(request.DeleteRequest.Key.PK), 1);
        }
      }
    } else if (command instanceof PutCommand) {
      if (command.input.Item) this.putItem(command.input.Item, 1);
    } else if (command instanceof UpdateCommand) {
      this.updateItem(command.input, 1);
    } else if (command instanceof DeleteCommand) {
      this.record('table', String(command.input.Key?.PK), 1);
      this.itemWrites++;
    } else if (command instanceof TransactWriteCommand) {
      // a transactional write costs two units per started KB
      for (const t of command.input.TransactItems ?? []) {
        if (t.Put?.Item) this.putItem(t.Put.Item, 2);
        else if (t.Update) this.updateItem(t.Update, 2);
        else if (t.Delete?.Key) {
          this.record('table', String(t.Delete.Key.PK), 2);
          this.itemWrites++;
        }
      }
    }
  }

  private putItem(item: Record<string, unknown>, factor: number): void {
    const wcu = factor * Math.max(1, Math.ceil(itemBytes(item) / 1024));
    this.itemWrites++;
    this.record('table', String(item.PK), wcu);
    if (typeof item.GSI1PK === 'string') this.record('GSI1', item.GSI1PK, wcu);
    if (typeof item.GSI2PK === 'string') this.record('GSI2', item.GSI2PK, wcu);
  }

  private updateItem(input: { Key?: Record<string, unknown>; UpdateExpression?: string; ExpressionAttributeValues?: Record<string, unknown> }, factor: number): void {
    this.itemWrites++;
    this.record('table', String(input.Key?.PK), factor);
    for (const m of (input.UpdateExpression ?? '').matchAll(/\b(GSI[12])PK\s*=\s*(:\w+)/g)) {
      const value = input.ExpressionAttributeValues?.[m[2]!];
      if (typeof value === 'string') this.record(m[1] as WriteTarget, value, factor);
    }
  }
}

/** What watches a document client's requests: each answer, and (if it wants) how long it took. */
export interface RequestObserver {
  observe(command: unknown, output: unknown): void;
  took?(command: unknown, ms: number): void;
}

/** A document client whose every request goes through `meter` once DynamoDB answered it. */
export function meteredDocumentClient(doc: DynamoDBDocumentClient, meter: RequestObserver): DynamoDBDocumentClient {
  const send = async (command: unknown, ...rest: unknown[]) => {
    const t0 = performance.now();
    const out = await (doc.send as (c: unknown, ...r: unknown[]) => Promise<unknown>)(command, ...rest);
    meter.took?.(command, performance.now() - t0);
    meter.observe(command, out);
    return out;
  };
  return new Proxy(doc, {
    get(target, prop) {
      if (prop === 'send') return send;
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** DynamoDB's item size: attribute names plus values (strings in UTF-8, numbers about one byte per two digits). */
export function itemBytes(item: Record<string, unknown>): number {
  let n = 0;
  for (const [name, value] of Object.entries(item)) if (value !== undefined) n += Buffer.byteLength(name) + valueBytes(value);
  return n;
}

function valueBytes(v: unknown): number {
  if (v === null || typeof v === 'boolean') return 1;
  if (typeof v === 'string') return Buffer.byteLength(v);
  if (typeof v === 'number') return Math.ceil(String(v).replace(/[-.]/g, '').length / 2) + 1;
  if (Array.isArray(v)) return 3 + v.reduce((n: number, x) => n + 1 + valueBytes(x), 0);
  if (v instanceof Set) return [...v].reduce((n: number, x) => n + valueBytes(x), 0);
  if (v instanceof Uint8Array) return v.byteLength;
  if (typeof v === 'object') return 3 + itemBytes(v as Record<string, unknown>) + Object.keys(v as object).length;
  return 0;
}
