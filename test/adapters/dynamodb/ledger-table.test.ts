// The shared table helper's batch retry has a cap: a table that keeps answering UnprocessedItems (throughput
// exceeded for good) ends the batch with BatchIncomplete instead of retrying forever. The client here answers every
// BatchWriteItem / BatchGetItem with all of its items unprocessed, as DynamoDB does when a partition is throttled.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BatchGetCommand, BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { BatchIncomplete, LedgerTable } from '../../../functions/adapters/dynamodb/ledger-table';

function alwaysUnprocessed() {
  const calls: string[] = [];
  const doc = {
    send: async (command: unknown) => {
      if (command instanceof BatchWriteCommand) {
        calls.push('write');
        return { UnprocessedItems: command.input.RequestItems };
      }
      if (command instanceof BatchGetCommand) {
        calls.push('get');
        return { Responses: {}, UnprocessedKeys: command.input.RequestItems };
      }
      throw new Error('unexpected command');
    },
  } as unknown as DynamoDBDocumentClient;
  return { doc, calls };
}

describe('LedgerTable batches', () => {
  it('gives up a write batch after the retry cap with BatchIncomplete naming what is left', async () => {
    const { doc, calls } = alwaysUnprocessed();
    const table = new LedgerTable(doc, 't', { maxBatchRetries: 3 });
    const puts = Array.from({ length: 10 }, (_, i) => ({ PutRequest: { Item: { PK: `P#${i}`, SK: 'S' } } }));
    const error = await table.batchWrite(puts).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchIncomplete);
    expect((error as BatchIncomplete).unprocessed).toBe(10);
    // tried once and retried three times
    expect(calls).toEqual(['write', 'write', 'write', 'write']);
  });

  it('gives up a read batch the same way', async () => {
    const { doc, calls } = alwaysUnprocessed();
    const table = new LedgerTable(doc, 't', { maxBatchRetries: 2 });
    await expect(table.batchGet([{ PK: 'P#1', SK: 'S' }])).rejects.toBeInstanceOf(BatchIncomplete);
    expect(calls).toEqual(['get', 'get', 'get']);
  });
});
