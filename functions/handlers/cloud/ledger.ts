// The ledger in AWS: the single DynamoDB table (TABLE_NAME), through the document client.
import { createDocumentClient } from '../../adapters/dynamodb/document-client';
import { DynamoLedger } from '../../adapters/dynamodb/dynamodb-ledger';
import type { Ledger } from '../../core/ports';
import { requireEnv } from '../cloud-runtime';

let ledger: Ledger | undefined;

export function cloudLedger(): Ledger {
  if (ledger) return ledger;
  const doc = createDocumentClient();
  ledger = new DynamoLedger(doc, requireEnv('TABLE_NAME'));
  return ledger;
}
