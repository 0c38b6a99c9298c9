// Link tokens by the hash of the token, listed per rep through GSI1 (`TOKENS#<rep>`); TTL removes them.
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { VersionConflict } from '../../core/errors';
import type { TokenRecord } from '../../core/model';
import type { TokenStore } from '../../core/ports';
import type { LedgerTable } from './ledger-table';
import * as K from './keys';

export class TokensRepository implements TokenStore {
  constructor(private readonly table: LedgerTable) {}

  async putToken(token: TokenRecord): Promise<void> {
    const ttl = ttlOf(token);
    try {
      await this.table.doc.send(
        new PutCommand({
          TableName: this.table.name,
          Item: { ...K.tokenKeys(token), type: 'token', ttl, ...token },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new VersionConflict('token exists');
      throw error;
    }
  }

  async putTokens(tokens: readonly TokenRecord[]): Promise<void> {
    await this.table.batchWrite(tokens.map((token) => ({ PutRequest: { Item: { ...K.tokenKeys(token), type: 'token', ttl: ttlOf(token), ...token } } })));
  }

  async getToken(hash: string): Promise<TokenRecord | undefined> {
    return this.table.getItem<TokenRecord>(K.tokenKey(hash));
  }

  async useToken(hash: string, at: string): Promise<boolean> {
    try {
      // single use: only the first caller sets usedAt
      await this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.name,
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
      const tokens = await this.table.queryAll<{ hash: string; draftIds?: string[] }>(
        {
          TableName: this.table.name,
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
        if (kept.length === 0) await this.table.doc.send(new DeleteCommand({ TableName: this.table.name, Key: K.tokenKey(token.hash) }));
        else {
          await this.table.doc.send(
            new UpdateCommand({
              TableName: this.table.name,
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
}

/** A token hash is never reused; TTL removes the item a week after expiry. */
const ttlOf = (token: TokenRecord) => Math.floor(Date.parse(token.expiresAt) / 1000) + 7 * 86_400;
