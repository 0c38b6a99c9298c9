// Reliability: every port the local stack opens is reachable from this machine only. DynamoDB Local, SES v2 local
// and the site server are started by the same functions as `presence up`; their listening sockets must be bound to
// a loopback address (checked in the kernel's socket table), and a connection to any other address of the machine
// must be refused.
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../functions/local/dynamodb-local';
import { serveLambdaHttp } from '../../functions/local/http-adapter';
import { freePort } from '../../functions/local/ports';
import { startSesLocal, type SesLocal } from '../../functions/local/ses-local';

let dynamo: DynamoDbLocal | undefined;
let ses: SesLocal | undefined;
let site: Awaited<ReturnType<typeof serveLambdaHttp>> | undefined;
const ports: Record<string, number> = {};

beforeAll(async () => {
  ports['DynamoDB Local'] = await freePort();
  dynamo = await startDynamoDbLocal({ port: ports['DynamoDB Local'] });
  ports['SES v2 local'] = await freePort();
  ses = await startSesLocal({ port: ports['SES v2 local'] });
  site = await serveLambdaHttp({ port: 0, fallback: async () => ({ statusCode: 200, body: 'ok' }) });
  ports['site'] = Number(new URL(site.url).port);
});

afterAll(async () => {
  await site?.stop();
  await ses?.stop();
  await dynamo?.stop();
});

interface Listener {
  address: string;
  port: number;
}

/** Listening TCP sockets from /proc/net/tcp{,6}: the kernel's own view, whatever a program says it did. */
function listeningSockets(): Listener[] {
  const out: Listener[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue; // no IPv6 in this kernel
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 4 || cols[3] !== '0A') continue; // 0A = LISTEN
      const [hexAddress, hexPort] = cols[1]!.split(':') as [string, string];
      out.push({ address: decodeAddress(hexAddress), port: parseInt(hexPort, 16) });
    }
  }
  return out;
}

/** The kernel prints addresses as 32-bit words in host byte order (little-endian on the machines we run on). */
function decodeAddress(hex: string): string {
  const words = hex.match(/.{8}/g)!.map((w) => Buffer.from(w, 'hex').reverse());
  const bytes = Buffer.concat(words);
  if (bytes.length === 4) return [...bytes].join('.');
  if (bytes.subarray(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) return `::ffff:${[...bytes.subarray(12)].join('.')}`;
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(bytes.readUInt16BE(i).toString(16));
  return groups.join(':').replace(/^(0:)+0$/, '::').replace(/^0:0:0:0:0:0:0:1$/, '::1');
}

const isLoopback = (address: string) => /^127\./.test(address) || /^::ffff:127\./.test(address) || address === '::1';

function outsideAddresses(): Array<{ address: string; family: 4 | 6 }> {
  return Object.values(networkInterfaces())
    .flat()
    .filter((i) => i !== undefined && !i.internal && !(i.family === 'IPv6' && i.scopeid))
    .map((i) => ({ address: i!.address, family: i!.family === 'IPv6' ? (6 as const) : (4 as const) }));
}

function tryConnect(host: string, port: number): Promise<'connected' | 'refused'> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2_000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve('refused');
    });
    socket.once('error', () => resolve('refused'));
  });
}

describe('local network: every port presence up opens is bound to loopback', () => {
  it('the socket table shows each port listening on 127.0.0.1 (or ::1) only', () => {
    const sockets = listeningSockets();
    for (const [what, port] of Object.entries(ports)) {
      const bound = sockets.filter((s) => s.port === port).map((s) => s.address);
      expect(bound, `${what} on port ${port} is listening`).not.toHaveLength(0);
      expect(bound.filter((a) => !isLoopback(a)), `${what} on port ${port} listens beyond loopback`).toEqual([]);
    }
  });

  it('a connection to any other address of this machine is refused, and loopback still answers', async () => {
    for (const [what, port] of Object.entries(ports)) {
      expect(await tryConnect('127.0.0.1', port), `${what} answers on 127.0.0.1`).toBe('connected');
      for (const { address } of outsideAddresses()) {
        expect(await tryConnect(address, port), `${what} answered on ${address}:${port}`).toBe('refused');
      }
    }
  });
});
