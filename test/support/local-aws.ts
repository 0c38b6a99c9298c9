// Test access to the real local AWS parts: a fresh ledger table per test file on DynamoDB Local, and the
// SES v2 local server with its mail store.
import { inject } from 'vitest';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoLedger } from '../../functions/adapters/dynamodb/dynamodb-ledger';
import { ensureTable } from '../../functions/adapters/dynamodb/table';
import { randomId } from '../../functions/core/ids';
import { LOCAL_REGION, localCredentials, localSesClient } from '../../functions/local/local-clients';
import { readSesStore, type StoredMail } from '../../functions/local/ses-local';

export interface TestTable {
  tableName: string;
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  ledger: DynamoLedger;
}

export function dynamodbEndpoint(): string {
  return inject('dynamodbEndpoint');
}

export function sesEndpoint(): string {
  return inject('sesEndpoint');
}

/** A new, empty ledger table on DynamoDB Local. */
export async function freshTable(prefix = 'test'): Promise<TestTable> {
  const client = new DynamoDBClient({ endpoint: dynamodbEndpoint(), region: LOCAL_REGION, credentials: localCredentials });
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const tableName = `${prefix}-${randomId(6).replace(/[^A-Za-z0-9]/g, 'x')}`;
  await ensureTable(client, tableName);
  return { tableName, client, doc, ledger: new DynamoLedger(doc, tableName, { meterCapacity: true }) };
}

export function sesClient(): SESv2Client {
  return localSesClient(sesEndpoint());
}

/** Mails in the SES local store sent to this address (the store is shared by all test files). */
export async function mailsTo(address: string): Promise<StoredMail[]> {
  const all = await readSesStore(sesEndpoint());
  return all.filter((m) => m.destination.to.some((t) => t.toLowerCase().includes(address.toLowerCase())));
}
