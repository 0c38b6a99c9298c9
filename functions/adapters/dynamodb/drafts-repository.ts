// Drafts in their contact's partition, listed per rep (GSI1: open, or closed in a run) and per status (GSI2).
import { DeleteCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DraftConflict, VersionConflict } from '../../core/errors';
import { parseDraftId } from '../../core/ids';
import { DRAFT_STATUSES, isOpenStatus, type Contact, type Draft } from '../../core/model';
import type { DraftQuery, Page, DraftStore } from '../../core/ports';
import { decodeCursor, encodeCursor } from './ledger-table';
import type { LedgerTable } from './ledger-table';
import * as K from './keys';

export class DraftsRepository implements DraftStore {
  constructor(private readonly table: LedgerTable) {}

  async getDraft(id: string): Promise<Draft | undefined> {
    const key = draftKeyOf(id);
    return key ? this.table.getItem<Draft>(key) : undefined;
  }

  async getDrafts(ids: readonly string[]): Promise<Draft[]> {
    const keys = [...new Set(ids)].flatMap((id) => draftKeyOf(id) ?? []);
    return this.table.batchGet<Draft>(keys);
  }

  async putDrafts(drafts: readonly Draft[]): Promise<void> {
    await this.table.batchWrite(drafts.map((d) => ({ PutRequest: { Item: { ...K.draftKeys(d), type: 'draft', ...d } } })));
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
      const page = await this.table.queryPage<Draft>({
        TableName: this.table.name,
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

  async updateDraft(id: string, change: DraftChange): Promise<Draft> {
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
    const contact: Contact = { ...replace.contact, version: replace.expectedVersion + 1 };
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
      throw error;
    }
    // a transaction returns no item: the decided draft is read back, consistently
    const draft = await this.table.getItem<Draft>(K.draftKey(parsed.contactId, parsed.runId), true);
    if (!draft) throw new DraftConflict(`draft ${id} disappeared after its decision`);
    return { draft, contact };
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
    TableName: tableName,
    Key: K.draftKey(parsed.contactId, parsed.runId),
    UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
    ConditionExpression: conditions.join(' AND '),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

export type DraftChange = Parameters<DraftStore['updateDraft']>[1];

export function draftKeyOf(id: string): { PK: string; SK: string } | undefined {
  const parsed = parseDraftId(id);
  return parsed ? K.draftKey(parsed.contactId, parsed.runId) : undefined;
}
