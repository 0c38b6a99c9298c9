// The inbox: what inbound mail told a rep (a reply, an absence), in the contact's partition (`INBOX#<mail hash>`),
// listed per rep through GSI1 (`INBOX#<rep>`) until a digest shows it. Showing removes the GSI1 keys, so the index
// holds only what is new; TTL removes the entry after INBOX_TTL_DAYS.
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { InboxEntry, InboxStore } from '../../core/ports';
import type { LedgerTable } from './ledger-table';
import * as K from './keys';

/** Long enough for every duplicate delivery and a rep's holiday; the touch stays in the history for good. */
export const INBOX_TTL_DAYS = 90;

export class InboxRepository implements InboxStore {
  constructor(private readonly table: LedgerTable) {}

  async addInboxEntry(entry: InboxEntry): Promise<boolean> {
    const ttl = Math.floor(Date.parse(entry.at) / 1000) + INBOX_TTL_DAYS * 86_400;
    try {
      const out = await this.table.doc.send(
        new PutCommand({
          TableName: this.table.name,
          Item: { ...K.inboxKeys(entry), type: 'inbox', ttl, ...entry },
          // one entry per mail and contact: a second delivery of the same mail writes nothing
          ConditionExpression: 'attribute_not_exists(PK)',
          ...this.table.metered,
        }),
      );
      this.table.capacity.add(out.ConsumedCapacity, 'write');
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async getInboxEntry(contactId: string, mailHash: string): Promise<InboxEntry | undefined> {
    // consistent: a second delivery right after the first must see its entry
    return this.table.getItem<InboxEntry>(K.inboxKey(contactId, mailHash), true);
  }

  async markInboxForwarded(contactId: string, mailHash: string, at: string): Promise<void> {
    await this.table.doc.send(
      new UpdateCommand({
        TableName: this.table.name,
        Key: K.inboxKey(contactId, mailHash),
        UpdateExpression: 'SET forwardedAt = :at',
        // an erasure may have removed the entry meanwhile: never create a bare item
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeValues: { ':at': at },
      }),
    ).catch((error: unknown) => {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    });
  }

  async listUnshownInbox(repId: string, limit = 100): Promise<InboxEntry[]> {
    const page = await this.table.queryPage<InboxEntry>({
      TableName: this.table.name,
      IndexName: K.GSI1,
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': K.repInboxPartition(repId) },
      Limit: limit,
    });
    return page.items;
  }

  async markInboxShown(entries: ReadonlyArray<{ contactId: string; mailHash: string }>, at: string): Promise<void> {
    await this.table.inParallel(entries, async (e) => {
      await this.table.doc
        .send(
          new UpdateCommand({
            TableName: this.table.name,
            Key: K.inboxKey(e.contactId, e.mailHash),
            // out of the rep's index: the next digest does not show it again
            UpdateExpression: 'SET shownAt = :at REMOVE GSI1PK, GSI1SK',
            ConditionExpression: 'attribute_exists(PK)',
            ExpressionAttributeValues: { ':at': at },
          }),
        )
        .catch((error: unknown) => {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        });
    });
  }

  async listInboxOfContact(contactId: string): Promise<InboxEntry[]> {
    return this.table.queryAll<InboxEntry>({
      TableName: this.table.name,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :inbox)',
      ExpressionAttributeValues: { ':pk': K.inboxKey(contactId, '').PK, ':inbox': K.INBOX_PREFIX },
    });
  }
}
