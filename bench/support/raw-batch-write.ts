// The benches' raw writer: items put with plain BatchWriteItem, 25 per request, `concurrency` requests in flight,
// UnprocessedItems retried with a short backoff. No ledger, no conditions: the baseline the ledger is measured
// against, and the quick way to seed a table.
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export async function batchWriteAll(doc: DynamoDBDocumentClient, table: string, items: ReadonlyArray<Record<string, unknown>>, concurrency: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const start = next;
      next += 25;
      let pending: Array<Record<string, unknown>> = items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; pending.length; attempt++) {
        if (attempt) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
        const out = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: pending as never } }));
        pending = (out.UnprocessedItems?.[table] ?? []) as Array<Record<string, unknown>>;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
