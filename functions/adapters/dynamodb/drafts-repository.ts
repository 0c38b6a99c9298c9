// Drafts in their contact's partition, listed per rep (GSI1: open, or closed in a run) and per status (GSI2).
import { DeleteCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DraftConflict, VersionConflict } from '../../core/errors';
import { parseDraftId } from '../../core/ids';
import { DRAFT_KINDS, DRAFT_STATUSES, isOpenStatus, type Contact, type Draft } from '../../core/model';
import type { DraftChange, DraftQuery, Page, DraftStore } from '../../core/ports';
import { decodeCursor, encodeCursor, MAX_BATCH_WRITE } from './ledger-table';
import type { LedgerTable } from './ledger-table';
import type { CoverageRepository } from './coverage-repository';
import * as K from './keys';
import { PartitionPacer, writeUnitsOf } from './partition-pacer';

export class DraftsRepository implements DraftStore {
  constructor(
    private readonly table: LedgerTable,
    /** Moves the coverage aggregate when a decision replaces the contact (coverage-repository.ts). */
    private readonly coverage?: CoverageRepository,
    private readonly pacer: PartitionPacer = new PartitionPacer(),
  ) {}

  async getDraft(id: string): Promise<Draft | undefined> {
    const key = draftKeyOf(id);
    return key ? this.table.getItem<Draft>(key) : undefined;
  }

  async getDrafts(ids: readonly string[]): Promise<Draft[]> {
    const keys = [...new Set(ids)].flatMap((id) => draftKeyOf(id) ?? []);
    return this.table.batchGet<Draft>(keys);
  }

  /**
   * Batches of 25 drafts of one rep each, as many in flight as the table allows; a rep's batches are paced so its key
   * of the rep index stays under 800 write units in any second (partition-pacer.ts), other reps' go on beside them.
   */
  async putDrafts(drafts: readonly Draft[]): Promise<void> {
    type Put = { PutRequest: { Item: Record<string, unknown> & { GSI1PK: string } } };
    const byRep = new Map<string, Put[]>();
    for (const d of drafts) {
      const request: Put = { PutRequest: { Item: { ...K.draftKeys(d), GSI1PK: K.repPartition(d.repId), type: 'draft', ...d } } };
      const list = byRep.get(request.PutRequest.Item.GSI1PK);
      if (list) list.push(request);
      else byRep.set(request.PutRequest.Item.GSI1PK, [request]);
    }
    const chunks: Put[][] = [];
    for (const requests of byRep.values()) for (let i = 0; i < requests.length; i += MAX_BATCH_WRITE) chunks.push(requests.slice(i, i + MAX_BATCH_WRITE));
    // every chunk holds one rep's drafts: its rep-index key is the first item's
    await this.table.batchWriteChunks(chunks, (chunk) => {
      const puts = chunk as Put[];
      return this.pacer.take(puts[0]!.PutRequest.Item.GSI1PK, puts.reduce((n, r) => n + writeUnitsOf(r.PutRequest.Item), 0));
    });
  }

  async listOpenDraftContactIds(repId: string, runId: string): Promise<Set<string>> {
    const ids = new Set<string>();
    for (const prefix of [K.OPEN_PREFIX, K.doneInRunPrefix(runId)]) {
      const items = await this.table.queryAll<Record<string, unknown>>(
        {
          TableName: this.table.name,
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

  async listRunDraftsOfRep(repId: string, runId: string, opts: { cursor?: string; limit?: number; closed?: boolean } = {}): Promise<Page<Draft>> {
    return this.table.queryPage<Draft>({
      TableName: this.table.name,
      IndexName: K.GSI1,
      KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :p)',
      ExpressionAttributeValues: { ':pk': K.repPartition(repId), ':p': opts.closed ? K.doneInRunPrefix(runId) : `${K.OPEN_PREFIX}${runId}#` },
      ...(opts.limit ? { Limit: opts.limit } : {}),
      ExclusiveStartKey: decodeCursor(opts.cursor),
    });
  }

  async latestRunIdOfRep(repId: string, campaignId: string): Promise<string | undefined> {
    // GSI1SK is OPEN#<run>#<contact> or DONE#<run>#<contact>, and a campaign's run ids sort by time: the newest of each, one item each
    const newest = await Promise.all(
      [K.OPEN_PREFIX, 'DONE#'].map((state) =>
        this.table.queryPage<Record<string, unknown>>(
          {
            TableName: this.table.name,
            IndexName: K.GSI1,
            KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :p)',
            ExpressionAttributeValues: { ':pk': K.repPartition(repId), ':p': `${state}${campaignId}@` },
            ProjectionExpression: 'runId',
            ScanIndexForward: false,
            Limit: 1,
          },
          true,
        ),
      ),
    );
    return newest.flatMap((page) => page.items.map((item) => String(item.runId))).sort().at(-1);
  }

  async listDrafts(q: DraftQuery): Promise<Page<Draft>> {
    if (q.inSendOrder) return this.listInSendOrder(q);
    // One status: its partitions one after another; no status: the statuses one after another. The cursor
    // remembers which source and where in it.
    const sources = (q.status ? [q.status] : [...DRAFT_STATUSES]).flatMap((status) => statusSources(status, q));
    const cursor = decodeCursor(q.cursor) as { s?: number; k?: Record<string, unknown> } | undefined;
    let index = cursor?.s ?? 0;
    let startKey = cursor?.k;
    const items: Draft[] = [];
    const limit = q.limit ?? 500;
    while (index < sources.length && items.length < limit) {
      const page = await this.table.queryPage<Draft>({ ...this.sourceQuery(sources[index]!, q), Limit: limit - items.length, ExclusiveStartKey: startKey });
      items.push(...page.items);
      if (page.cursor) {
        startKey = decodeCursor(page.cursor);
        break;
      }
      index++;
      startKey = undefined;
    }
    return { items, cursor: index < sources.length ? encodeCursor({ s: index, k: startKey }) : undefined };
  }

  /**
   * One status, every partition read in step and merged by run and contact: a page holds the first `limit` drafts in
   * send order. Each partition is read a small page at a time, only when the merge needs its next draft, so a page
   * reads about `limit` drafts plus at most one small page per partition.
   */
  private async listInSendOrder(q: DraftQuery): Promise<Page<Draft>> {
    if (!q.status) throw new Error('listDrafts in send order needs a status');
    const sources = statusSources(q.status, q);
    const limit = q.limit ?? 500;
    const step = Math.max(10, Math.min(200, Math.ceil((2 * limit) / sources.length)));
    // resume: where a query yields exactly what is not yet taken from this partition (after the last draft taken)
    type Head = { buffer: Array<Record<string, unknown>>; next: Record<string, unknown> | undefined; done: boolean; resume: Record<string, unknown> | null };
    const saved = (decodeCursor(q.cursor) as { m?: Array<Record<string, unknown> | null | 0> } | undefined)?.m;
    // per partition in the cursor: null = from the start, 0 = read to the end, a key = resume after it
    const heads: Head[] = sources.map((_, i) => {
      const at = saved?.[i];
      const resume = at && typeof at === 'object' ? at : null;
      return { buffer: [], next: resume ?? undefined, done: at === 0, resume };
    });
    // a partition's next drafts, until it has one or is read to its end (a filter can leave a page empty)
    const refill = async (h: Head, source: StatusSource) => {
      while (h.buffer.length === 0 && !h.done) {
        const page = await this.table.queryPage<Record<string, unknown>>({ ...this.sourceQuery(source, q), Limit: step, ExclusiveStartKey: h.next }, true);
        h.buffer.push(...page.items);
        h.next = decodeCursor(page.cursor);
        if (!h.next) h.done = true;
      }
    };
    await Promise.all(heads.map((h, i) => refill(h, sources[i]!)));
    const items: Draft[] = [];
    const order = (item: Record<string, unknown>) => `${String(item.runId)}#${String(item.contactId)}`;
    while (items.length < limit) {
      let best = -1;
      for (let i = 0; i < heads.length; i++) {
        const head = heads[i]!.buffer[0];
        if (head && (best < 0 || order(head) < order(heads[best]!.buffer[0]!))) best = i;
      }
      if (best < 0) break;
      const h = heads[best]!;
      const item = h.buffer.shift()!;
      h.resume = indexKeyOf(item);
      items.push(K.stripKeys<Draft>(item));
      await refill(h, sources[best]!);
    }
    const state = heads.map((h) => (h.buffer.length === 0 && h.done ? 0 : h.resume));
    return { items, cursor: state.some((x) => x !== 0) ? encodeCursor({ m: state }) : undefined };
  }

  private sourceQuery(source: StatusSource, q: DraftQuery) {
    const values: Record<string, unknown> = { ':pk': source.partition };
    const filters: string[] = [];
    const names: Record<string, string> = {};
    if (source.prefix) values[':p'] = source.prefix;
    if (q.repId) {
      filters.push('repId = :rep');
      values[':rep'] = q.repId;
    }
    // the earlier layout has no kind in its sort key
    if (source.legacy && q.kind) {
      filters.push('#kind = :kind');
      names['#kind'] = 'kind';
      values[':kind'] = q.kind;
    }
    return {
      TableName: this.table.name,
      IndexName: K.GSI2,
      KeyConditionExpression: source.prefix ? 'GSI2PK = :pk AND begins_with(GSI2SK, :p)' : 'GSI2PK = :pk',
      ExpressionAttributeValues: values,
      ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
      ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
    };
  }

  async updateDraft(id: string, change: DraftChange): Promise<Draft> {
    change = await this.withKind(id, change);
    try {
      const out = await this.table.doc.send(new UpdateCommand({ ...draftUpdate(this.table.name, id, change), ReturnValues: 'ALL_NEW', ...this.table.metered }));
      this.table.capacity.add(out.ConsumedCapacity, 'write');
      return K.stripKeys<Draft>(out.Attributes ?? {});
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new DraftConflict(`draft ${id} changed meanwhile or is in another state`);
      throw error;
    }
  }

  async updateDraftReplacingContact(id: string, change: DraftChange, replace: { contact: Contact; expectedVersion: number }): Promise<{ draft: Draft; contact: Contact }> {
    const parsed = parseDraftId(id);
    if (!parsed || parsed.contactId !== replace.contact.id) throw new DraftConflict(`draft ${id} is not of contact ${replace.contact.id}`);
    change = await this.withKind(id, change);
    const contact: Contact = { ...replace.contact, version: replace.expectedVersion + 1 };
    // what the new contact does to the coverage aggregate (a snooze moves its figures), in the same transaction
    const before = this.coverage ? await this.table.getItem<Contact>(K.contactKey(contact.id), true) : undefined;
    if (this.coverage && before?.version !== replace.expectedVersion) throw new VersionConflict(`contact ${contact.id} changed meanwhile`);
    const coverage = this.coverage ? await this.coverage.writesFor(before, contact) : [];
    try {
      const out = await this.table.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            // the draft's own condition: exactly one decision
            { Update: draftUpdate(this.table.name, id, change) },
            {
              // the version we read, or nothing: a touch or an import meanwhile is never overwritten (the caller re-reads)
              Put: {
                TableName: this.table.name,
                Item: { ...K.contactKeys(contact), type: 'contact', ...contact },
                ConditionExpression: 'version = :v',
                ExpressionAttributeValues: { ':v': replace.expectedVersion },
              },
            },
            ...coverage,
          ],
          ...this.table.metered,
        }),
      );
      this.table.capacity.add(out.ConsumedCapacity, 'write');
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      if (reasons[0]?.Code === 'ConditionalCheckFailed') throw new DraftConflict(`draft ${id} changed meanwhile or is in another state`);
      if (reasons[1]?.Code === 'ConditionalCheckFailed') throw new VersionConflict(`contact ${contact.id} changed meanwhile`);
      // a coverage guard: the address was suppressed meanwhile; read again
      if (reasons.slice(2).some((r) => r.Code === 'ConditionalCheckFailed')) throw new VersionConflict(`contact ${contact.id}'s address changed state meanwhile`);
      throw error;
    }
    // a transaction returns no item: the decided draft is read back, consistently
    const draft = await this.table.getItem<Draft>(K.draftKey(parsed.contactId, parsed.runId), true);
    if (!draft) throw new DraftConflict(`draft ${id} disappeared after its decision`);
    return { draft, contact };
  }

  /** A status change rewrites the status index key, which holds the kind: read it when the caller did not pass it. */
  private async withKind(id: string, change: DraftChange): Promise<DraftChange> {
    if (!change.set.status || change.kind) return change;
    const draft = await this.getDraft(id);
    if (!draft) throw new DraftConflict(`draft ${id} does not exist`);
    return { ...change, kind: draft.kind };
  }

  async listDraftsOfContact(contactId: string): Promise<Draft[]> {
    return this.table.queryAll<Draft>({
      TableName: this.table.name,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
      ExpressionAttributeValues: { ':pk': K.contactKey(contactId).PK, ':p': K.DRAFT_PREFIX },
    });
  }

  async deleteDraft(id: string): Promise<void> {
    const key = draftKeyOf(id);
    if (key) await this.table.doc.send(new DeleteCommand({ TableName: this.table.name, Key: key }));
  }

}

/** The conditional update of a draft; also keeps its index keys in step with its status. */
export function draftUpdate(tableName: string, id: string, change: DraftChange) {
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
  // exists: never create a draft by updating; version/status: exactly one decision, one claim, one sender
  const conditions = ['attribute_exists(PK)'];
  if (status) {
    if (!change.kind) throw new DraftConflict(`draft ${id}: a status change needs the draft's kind`);
    values[':gsi1sk'] = `${isOpenStatus(status) ? 'OPEN' : 'DONE'}#${parsed.runId}#${parsed.contactId}`;
    values[':gsi2pk'] = K.draftStatusPartition(status, K.draftShardOf(parsed.contactId));
    // also moves a draft of the earlier layout (DRAFTS#<status>, no kind in the sort key) into the current one
    values[':gsi2sk'] = K.draftStatusSortKey(change.kind, parsed.runId, parsed.contactId);
    sets.push('GSI1SK = :gsi1sk', 'GSI2PK = :gsi2pk', 'GSI2SK = :gsi2sk');
  }
  if (change.kind) {
    names['#kind'] = 'kind';
    values[':kind'] = change.kind;
    conditions.push('#kind = :kind');
  }
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
    TableName: tableName,
    Key: K.draftKey(parsed.contactId, parsed.runId),
    UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
    ConditionExpression: conditions.join(' AND '),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}


export function draftKeyOf(id: string): { PK: string; SK: string } | undefined {
  const parsed = parseDraftId(id);
  return parsed ? K.draftKey(parsed.contactId, parsed.runId) : undefined;
}

interface StatusSource {
  partition: string;
  prefix?: string;
  legacy?: boolean;
}

/**
 * Where drafts of one status are: its DRAFT_SHARDS partitions (sort key kind#run#contact, so a kind, a run or a
 * campaign is a key prefix) and the partition of the layout before sharding (sort key run#contact).
 */
function statusSources(status: string, q: Pick<DraftQuery, 'kind' | 'runId' | 'campaignId'>): StatusSource[] {
  const scope = q.runId ? `${q.runId}#` : q.campaignId ? `${q.campaignId}@` : undefined;
  const kinds = q.kind ? [q.kind] : DRAFT_KINDS;
  const sources: StatusSource[] = [{ partition: K.draftStatusPartition(status), ...(scope ? { prefix: scope } : {}), legacy: true }];
  for (let shard = 0; shard < K.DRAFT_SHARDS; shard++) {
    const partition = K.draftStatusPartition(status, shard);
    if (!scope && !q.kind) sources.push({ partition });
    else for (const kind of kinds) sources.push({ partition, prefix: `${kind}#${scope ?? ''}` });
  }
  return sources;
}

/** The status index's start key of an item: where a query resumes after it. */
function indexKeyOf(item: Record<string, unknown>): Record<string, unknown> {
  return { PK: item.PK, SK: item.SK, GSI2PK: item.GSI2PK, GSI2SK: item.GSI2SK };
}
