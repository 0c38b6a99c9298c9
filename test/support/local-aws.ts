// Test access to the real local AWS parts: a fresh ledger table per test file on DynamoDB Local, and the
// SES v2 local server with its mail store.
import { inject } from 'vitest';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoLedger } from '../../functions/adapters/dynamodb/dynamodb-ledger';
import { ensureTable } from '../../functions/adapters/dynamodb/table';
import { randomId } from '../../functions/core/ids';
import { LOCAL_REGION, localCredentials, localSesClient } from '../../functions/local/local-clients';
import { readSesStore, type StoredMail } from '../../functions/local/ses-local';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileSecrets } from '../../functions/adapters/secrets/file-secrets';
import { SesMailer } from '../../functions/adapters/ses/ses-mailer';
import { defaultConfig } from '../../functions/core/config';
import { silentLogger, systemClock, type Clock, type Ledger } from '../../functions/core/ports';
import type { Runtime } from '../../functions/local/runtime';

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

/** Every item of a test table, read consistently: for tests that prove what is (not) left anywhere in it. */
export async function scanTable(t: Pick<TestTable, 'doc' | 'tableName'>): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await t.doc.send(new ScanCommand({ TableName: t.tableName, ConsistentRead: true, ExclusiveStartKey: start }));
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/**
 * A local runtime over the real parts as `presence up` builds it: the given ledger, SES v2 local, a signing key in a
 * fresh folder, links to a site on `sitePort`, templates from the repository.
 */
export function localTestRuntime(ledger: Ledger, opts: { sitePort: number; clock?: Clock }): Runtime {
  const site = `http://localhost:${opts.sitePort}`;
  return {
    ledger,
    mailer: new SesMailer(sesClient(), { fallbackQuota: { maxSendRate: 14, max24HourSend: 50_000, sentLast24Hours: 0 } }),
    secrets: new FileSecrets(mkdtempSync(join(tmpdir(), 'presence-test-'))),
    clock: opts.clock ?? systemClock,
    logger: silentLogger,
    // no approval grace period: the tests that want one set it
    config: { ...defaultConfig, publicBaseUrl: site, unsubscribeBaseUrl: site, approvalGraceSeconds: 0 },
    assetsDir: join(import.meta.dirname, '..', '..'),
    dataDir: tmpdir(),
    close: async () => undefined,
  };
}
