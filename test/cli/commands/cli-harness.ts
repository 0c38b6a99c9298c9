// Runs CLI command groups in-process on a memory ledger and captures what they print.
import { Command } from 'commander';
import { vi } from 'vitest';
import { FixedClock } from '../../../functions/adapters/memory/fixed-clock';
import { MemoryLedger } from '../../../functions/adapters/memory/memory-ledger';
import { MemoryMailer } from '../../../functions/adapters/memory/memory-mailer';
import type { Runtime } from '../../../functions/local/runtime';
import { defaultConfig } from '../../../functions/core/config';
import { silentLogger } from '../../../functions/core/ports';

export function memoryRuntime(ledger: MemoryLedger, now: string): Runtime & { closed: number } {
  const rt = {
    ledger,
    mailer: new MemoryMailer(),
    secrets: { signingKey: async () => Buffer.alloc(32, 7) },
    clock: new FixedClock(now),
    logger: silentLogger,
    config: { ...defaultConfig, publicBaseUrl: 'https://approve.presence.example' },
    assetsDir: '.',
    dataDir: '.presence-test',
    closed: 0,
    async close() {
      rt.closed++;
    },
  };
  return rt;
}

export async function runCli(register: (program: Command, open: () => Promise<Runtime>) => void, rt: Runtime, args: string[]) {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  const before = process.exitCode;
  let error: unknown;
  try {
    const program = new Command().exitOverride().configureOutput({ writeOut: (s) => (stdout += s), writeErr: (s) => (stderr += s) });
    register(program, async () => rt);
    await program.parseAsync(args, { from: 'user' });
  } catch (e) {
    error = e;
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  const exitCode = process.exitCode;
  process.exitCode = before;
  return { stdout, stderr, error, exitCode };
}
