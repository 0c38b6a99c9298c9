// The running local stack announces itself in <data dir>/stack.json; every other command finds it there.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { StackNotRunning } from './stack-not-running';

export interface StackInfo {
  pid: number;
  dynamodbEndpoint: string;
  sesEndpoint: string;
  /** The approval site, unsubscribe endpoint and dashboard. */
  siteUrl: string;
  tableName: string;
  /** The local SMTP receiver (`smtp://127.0.0.1:2525`) and the domain it receives for; absent in older stack files. */
  smtpEndpoint?: string;
  receivingDomain?: string;
  inMemory: boolean;
  startedAt: string;
}

export const DEFAULT_DATA_DIR = '.presence';

export function resolveDataDir(flag?: string): string {
  return resolve(flag ?? process.env.PRESENCE_DATA_DIR ?? DEFAULT_DATA_DIR);
}

export function stackFilePath(dataDir: string): string {
  return join(dataDir, 'stack.json');
}

export function writeStackInfo(dataDir: string, info: StackInfo): void {
  writeFileSync(stackFilePath(dataDir), JSON.stringify(info, null, 2) + '\n', { mode: 0o600 });
}

export function removeStackInfo(dataDir: string): void {
  rmSync(stackFilePath(dataDir), { force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The stack of this data directory, or a clear error saying how to start it. */
export function readStackInfo(dataDir: string): StackInfo {
  const file = stackFilePath(dataDir);
  const hint = `Start it with \`npm start\` (or \`presence up --data-dir ${dataDir}\`) in another terminal.`;
  if (!existsSync(file)) throw new StackNotRunning(`The local stack is not running for ${dataDir}. ${hint}`);
  const info = JSON.parse(readFileSync(file, 'utf8')) as StackInfo;
  if (!alive(info.pid)) throw new StackNotRunning(`The local stack for ${dataDir} stopped (process ${info.pid} is gone). ${hint}`);
  return info;
}

/** When a stack is running already for this data directory, say so instead of starting a second one. */
export function runningStack(dataDir: string): StackInfo | undefined {
  try {
    return readStackInfo(dataDir);
  } catch {
    return undefined;
  }
}
