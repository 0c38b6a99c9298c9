// Contacts on the single table: the profile item, the due-date index per rep (GSI1) and the email index (GSI2).
import { TransactWriteCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { ValidationError, VersionConflict } from '../../core/errors';
import type { Contact } from '../../core/model';
import type { DraftWithdrawal, Page, ContactStore } from '../../core/ports';
import { decodeCursor } from './ledger-table';
import { draftUpdate } from './drafts-repository';
import type { LedgerTable } from './ledger-table';
import * as K from './keys';

export class ContactsRepository implements ContactStore {
  constructor(private readonly table: LedgerTable) {}

  async getContact(id: string): Promise<Contact | undefined> {
    return this.table.getItem<Contact>(K.contactKey(id));
  }

  async getContacts(ids: readonly string[]): Promise<Contact[]> {
    return this.table.batchGet<Contact>([...new Set(ids)].map(K.contactKey));
  }

  async putContact(contact: Contact, expectedVersion?: number): Promise<Contact> {
    const stored: Contact = { ...contact, version: (expectedVersion ?? 0) + 1 };
    await this.table.putVersioned({ ...K.contactKeys(stored), type: 'contact', ...stored }, expectedVersion, `contact ${contact.id}`);
    return stored;
  }

  async listContactsByRep(repId: string, opts: { dueBy?: string; cursor?: string; limit?: number } = {}): Promise<Page<Contact>> {
    const input: QueryCommandInput = {
      TableName: this.table.name,
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
    return this.table.queryPage<Contact>(input);
  }

  async replaceContactWithdrawingDrafts(contact: Contact, expectedVersion: number, withdraw: readonly DraftWithdrawal[]): Promise<Contact> {
    // One transaction holds at most 100 items: the contact and 99 drafts. A contact has one open draft by rule.
    if (withdraw.length > 99) throw new ValidationError(`contact ${contact.id} has ${withdraw.length} open drafts; withdraw them first`);
    const stored: Contact = { ...contact, version: expectedVersion + 1 };
    const items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']> = [
      {
        // the version we read, or nothing: a concurrent edit of the contact is never overwritten
        Put: {
          TableName: this.table.name,
          Item: { ...K.contactKeys(stored), type: 'contact', ...stored },
          ConditionExpression: 'version = :v',
          ExpressionAttributeValues: { ':v': expectedVersion },
        },
      },
      ...withdraw.map((w) => ({
        // only while the draft is still where we saw it: a draft claimed for sending meanwhile is not withdrawn
        Update: draftUpdate(this.table.name, w.id, { fromStatuses: [w.fromStatus], kind: w.kind, set: { status: 'withdrawn', withdrawnReason: w.reason, updatedAt: w.at } }),
      })),
    ];
    try {
      const out = await this.table.doc.send(new TransactWriteCommand({ TransactItems: items, ...this.table.metered }));
      this.table.capacity.add(out.ConsumedCapacity, 'write');
      return stored;
    } catch (error) {
      if (error instanceof TransactionCanceledException) throw new VersionConflict(`contact ${contact.id} or one of its drafts changed meanwhile`);
      throw error;
    }
  }

  async findContactsByEmail(email: string): Promise<Contact[]> {
    return this.table.queryAll<Contact>({
      TableName: this.table.name,
      IndexName: K.GSI2,
      KeyConditionExpression: 'GSI2PK = :pk',
      ExpressionAttributeValues: { ':pk': K.emailPartition(email) },
    });
  }

  async deleteContactCollection(id: string): Promise<number> {
    const items = await this.table.queryAll<Record<string, unknown>>(
      {
        TableName: this.table.name,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': K.contactKey(id).PK },
        ProjectionExpression: 'PK, SK',
      },
      true,
    );
    await this.table.batchWrite(items.map((i) => ({ DeleteRequest: { Key: { PK: i.PK, SK: i.SK } } })));
    return items.length;
  }
}
