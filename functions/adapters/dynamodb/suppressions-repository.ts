// The suppression list: one item per hashed address, listed through GSI2 (`SUPPRESSIONS`).
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { Suppression } from '../../core/model';
import type { SuppressionStore } from '../../core/ports';
import { decodeCursor } from './ledger-table';
import type { LedgerTable } from './ledger-table';
import * as K from './keys';

export class SuppressionsRepository implements SuppressionStore {
  constructor(private readonly table: LedgerTable) {}

  async suppress(s: Suppression): Promise<boolean> {
    try {
      // first record wins: a bounce applied twice stays one suppression with its first reason. The one exception:
      // an erase tombstone replaces any other reason, since only it makes a later import refuse the address.
      const erasing = s.reason === 'erased';
      await this.table.doc.send(
        new PutCommand({
          TableName: this.table.name,
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
    return this.table.getItem<Suppression>(K.suppressionKey(emailHash));
  }

  async suppressedAmong(hashes: readonly string[]): Promise<Set<string>> {
    const found = await this.table.batchGet<Suppression>([...new Set(hashes)].map(K.suppressionKey));
    return new Set(found.map((s) => s.emailHash));
  }

  async suppressedHashesUpTo(atMost: number): Promise<Set<string> | undefined> {
    // the list through GSI2, page by page, given up as soon as it is longer than asked
    const hashes = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await this.table.queryPage<{ emailHash: string }>(
        {
          TableName: this.table.name,
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
    return this.table.queryAll<Suppression>({
      TableName: this.table.name,
      IndexName: K.GSI2,
      KeyConditionExpression: 'GSI2PK = :pk',
      ExpressionAttributeValues: { ':pk': K.SUPPRESSIONS_PARTITION },
    });
  }
}
