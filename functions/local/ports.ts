// Small helpers for local servers: is a port free, wait until a service answers.
import { createServer } from 'node:net';
import { StackNotRunning } from './stack-not-running';

/** Every port the local stack opens listens here, so nothing of it is reachable from another machine. */
export const LOOPBACK = '127.0.0.1';

export async function assertPortFree(port: number, what: string, flag: string): Promise<void> {
  const free = await isPortFree(port);
  if (!free) throw new StackNotRunning(`Port ${port} for ${what} is taken by another program; stop it or choose another port with ${flag}.`);
}

export function isPortFree(port: number, host = LOOPBACK): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/** A free port chosen by the operating system. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new StackNotRunning(`${what} did not answer within ${Math.round(timeoutMs / 1000)} s${last instanceof Error ? ` (${last.message})` : ''}.`);
}
