// `presence up`: the whole pipeline on one machine with the real AWS APIs emulated. DynamoDB Local keeps its data
// under the data directory, SES v2 local stores mails and shows them in its viewer, the approval site runs the
// Lambda handler code on a Node http server, and the local scheduler fires the campaigns' cron expressions.
import { mkdirSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensureTable, DEFAULT_TABLE_NAME } from '../adapters/dynamodb/table';
import { StackNotRunning } from './stack-not-running';
import { startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local';
import { LOCAL_REGION, localCredentials } from './local-clients';
import { startSesLocal, type SesLocal } from './ses-local';
import { removeStackInfo, runningStack, writeStackInfo, type StackInfo } from './stack-file';

export interface LocalStackOptions {
  dataDir: string;
  inMemory: boolean;
  dynamodbPort: number;
  sesPort: number;
  sitePort: number;
  /** The local SMTP receiver's port (started by run-local-stack.ts) and its domain; none without a port. */
  smtpPort?: number;
  receivingDomain?: string;
  tableName?: string;
}

export interface LocalStack {
  info: StackInfo;
  /** True when the table was created by this start (an empty ledger). */
  createdTable: boolean;
  stop(): Promise<void>;
}

export async function startLocalStack(opts: LocalStackOptions): Promise<LocalStack> {
  const existing = runningStack(opts.dataDir);
  if (existing) {
    throw new StackNotRunning(
      `A local stack is already running for ${opts.dataDir} (process ${existing.pid}, DynamoDB ${existing.dynamodbEndpoint}). Stop it first, or use another --data-dir.`,
    );
  }
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    removeStackInfo(opts.dataDir);
  };
  try {
    const dynamo: DynamoDbLocal = await startDynamoDbLocal({ port: opts.dynamodbPort, ...(opts.inMemory ? {} : { dataDir: opts.dataDir }) });
    stops.push(dynamo.stop);
    const ses: SesLocal = await startSesLocal({ port: opts.sesPort });
    stops.push(ses.stop);
    const tableName = opts.tableName ?? DEFAULT_TABLE_NAME;
    const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: LOCAL_REGION, credentials: localCredentials });
    const createdTable = await ensureTable(client, tableName);
    client.destroy();
    const info: StackInfo = {
      pid: process.pid,
      dynamodbEndpoint: dynamo.endpoint,
      sesEndpoint: ses.endpoint,
      siteUrl: `http://localhost:${opts.sitePort}`,
      tableName,
      ...(opts.smtpPort && opts.receivingDomain ? { smtpEndpoint: `smtp://127.0.0.1:${opts.smtpPort}`, receivingDomain: opts.receivingDomain } : {}),
      inMemory: opts.inMemory,
      startedAt: new Date().toISOString(),
    };
    writeStackInfo(opts.dataDir, info);
    return { info, createdTable, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
