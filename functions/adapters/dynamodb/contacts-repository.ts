// Contacts on the single table: the profile item, the due-date index per rep (GSI1) and the email index (GSI2).
import { TransactWriteCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { ValidationError, VersionConflict } from '../../core/errors';
import type { Contact } from '../../core/model';
import type { DraftWithdrawal, Page, ContactStore } from '../../core/ports';
import { decodeCursor } from './ledger-table';
import { draftUpdate } from './drafts-repository';
import type { LedgerTable } from './ledger-table';
import type { CoverageRepository, TransactItem } from './coverage-repository';
import * as K from './keys';

/** Attempts of a contact write whose coverage guard (the address's suppression) changed meanwhile. */
const COVERAGE_ATTEMPTS = 5;

export class ContactsRepository implements ContactStore {
  constructor(
    private readonly table: LedgerTable,
    private readonly coverage: CoverageRepository,
  ) {}

  /**
   * Writes the contact's own items and, in the same transaction, what the write does to the coverage aggregate
   * (coverage-repository.ts writesFor). `first` goes first, so a failed condition at index 0 is the contact's version.
   * Read again and retried when only the coverage guard failed (a suppression of the address came in between).
   */
  private async writeWithCoverage(id: string, expectedVersion: number | undefined, after: Contact | undefined, first: (current: Contact | undefined) => TransactItem[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      // a create needs no read: its condition (no item yet) says there is nothing to take away
      const current = expectedVersion === undefined ? undefined : await this.table.getItem<Contact>(K.contactKey(id), true);
      if (expectedVersion !== undefined && current?.version !== expectedVersion) throw new VersionConflict(`contact ${id} changed meanwhile`);
      const own = first(current);
      const items = [...own, ...(await this.coverage.writesFor(current, after))];
      try {
        const out = await this.table.doc.send(new TransactWriteCommand({ TransactItems: items, ...this.table.metered }));
        this.table.capacity.add(out.ConsumedCapacity, 'write');
        return;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = error.CancellationReasons ?? [];
        const ownFailed = reasons.slice(0, own.length).some((r) => r.Code === 'ConditionalCheckFailed');
        if (ownFailed || attempt >= COVERAGE_ATTEMPTS) throw new VersionConflict(`contact ${id} or one of its drafts changed meanwhile`);
      }
    }
  }

  async getContact(id: string): Promise<Contact | undefined> {
    return this.table.getItem<Contact>(K.contactKey(id));
  }

  async getContacts(ids: readonly string[]): Promise<Contact[]> {
    return this.table.batchGet<Contact>([...new Set(ids)].map(K.contactKey));
  }

  async putContact(contact: Contact, expectedVersion?: number): Promise<Contact> {
    const stored: Contact = { ...contact, version: (expectedVersion ?? 0) + 1 };
    await this.writeWithCoverage(contact.id, expectedVersion, stored, () => [
      {
        // create: never overwrite what we did not read; replace: only the version we read
        Put: {
          TableName: this.table.name,
          Item: { ...K.contactKeys(stored), type: 'contact', ...stored },
          ConditionExpression: expectedVersion === undefined ? 'attribute_not_exists(PK)' : 'version = :v',
          ...(expectedVersion === undefined ? {} : { ExpressionAttributeValues: { ':v': expectedVersion } }),
        },
      },
    ]);
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
    // One transaction holds at most 100 items: the contact, its coverage items (at most 14: two summaries, day items,
    // guards, hashed-address entries) and 85 drafts. A contact has one open draft by rule.
    if (withdraw.length > 85) throw new ValidationError(`contact ${contact.id} has ${withdraw.length} open drafts; withdraw them first`);
    const stored: Contact = { ...contact, version: expectedVersion + 1 };
    await this.writeWithCoverage(contact.id, expectedVersion, stored, () => [
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
    ]);
    return stored;
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
    // the contact item leaves with its share of the coverage aggregate, in one transaction; then the rest
    const profile = K.contactKey(id);
    const contact = await this.table.getItem<Contact>(profile, true);
    if (contact) {
      await this.writeWithCoverage(id, contact.version, undefined, () => [
        { Delete: { TableName: this.table.name, Key: profile, ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': contact.version } } },
      ]);
    }
    const rest = items.filter((i) => i.SK !== profile.SK);
    await this.table.batchWrite(rest.map((i) => ({ DeleteRequest: { Key: { PK: i.PK, SK: i.SK } } })));
    return rest.length + (contact ? 1 : 0);
  }
}
