// `npx tsx bench/sending.ts` (or `npm run bench -- sending`): 1 000 approved email drafts sent by sendApproved
// against a configured rate (50/s) through the SES v2 emulator, twice: with the ledger in memory (the sender and
// its limiter, which the goal is about) and with the DynamoDB ledger on DynamoDB Local (the whole path: claim,
// checks and touch transaction per mail).
// Measured per run:
//   - achieved rate: requests per second between the first and the last request, as a share of the rate
//     (goal >= 0.9; the baseline is the rate itself, the most the limiter may allow);
//   - the largest number of requests that left in any one-second window (sliding, to the millisecond):
//     never above the rate;
//   - the same per calendar second as the emulator stored them (its clock, whole seconds; the emulator runs in a
//     process of its own, so this adds delivery jitter and is reported, not held to the goal);
//   - exactness: every draft one mail, one sent draft, one touch.
// BENCH_SENDING_DRAFTS and BENCH_SENDING_RATE change the size and the rate.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { DynamoLedger } from '../functions/adapters/dynamodb/dynamodb-ledger';
import { ensureTable } from '../functions/adapters/dynamodb/table';
import { createSesClient, SesMailer } from '../functions/adapters/ses/ses-mailer';
import { defaultConfig } from '../functions/core/config';
import { draftIdOf, runIdOf } from '../functions/core/ids';
import { contactSchema, repSchema, type Draft } from '../functions/core/model';
import { silentLogger, systemClock, type Ledger, type Mailer } from '../functions/core/ports';
import { MemoryLedger } from '../functions/adapters/memory/memory-ledger';
import { PacedRateLimiter } from '../functions/core/sending/rate-limiter';
import { sendApproved } from '../functions/core/sending/send-approved';
import { startDynamoDbLocal } from '../functions/local/dynamodb-local';
import { LOCAL_REGION, localCredentials } from '../functions/local/local-clients';
import { freePort, waitFor } from '../functions/local/ports';
import { readSesStore } from '../functions/local/ses-local';

export interface BenchResult {
  title: string;
  command: string;
  markdown: string;
  goalsMet?: boolean;
}

const DRAFTS = Number(process.env.BENCH_SENDING_DRAFTS ?? 1000);
const RATE = Number(process.env.BENCH_SENDING_RATE ?? 50);
const GOAL_SHARE = 0.9;

/** The most timestamps (ms) inside any half-open window [t, t + windowMs). */
export function maxInWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; j < sorted.length; j++) {
    while (sorted[j]! - sorted[i]! >= windowMs) i++;
    best = Math.max(best, j - i + 1);
  }
  return best;
}

interface Measure {
  ledger: string;
  achieved: number;
  share: number;
  peak: number;
  storedPeak: number;
  wallMs: number;
  stored: number;
  sentDrafts: number;
  touches: number;
  exact: boolean;
  /** Outcomes other than sent, e.g. "error: ...": what happened to drafts that did not go out. */
  others: string[];
}

function approvedDrafts(runId: string, contactIds: readonly string[]): Draft[] {
  const now = new Date().toISOString();
  return contactIds.map((id) => ({
    id: draftIdOf(runId, id),
    campaignId: 'crisis-update',
    runId,
    contactId: id,
    repId: 'rep-1',
    channel: 'email' as const,
    kind: 'email' as const,
    locale: 'de-DE',
    status: 'approved' as const,
    content: { subject: 'Kurzes Update zur Lieferlage', html: '<p>Guten Tag,</p><p>kurz zur Lage.</p>', text: 'Guten Tag,\nkurz zur Lage.' },
    missing: [],
    createdAt: now,
    updatedAt: now,
    expiresAt: now,
    version: 1,
  }));
}

/** Fills the ledger, sends every draft through SES local at RATE, and measures when the requests left. */
async function measure(label: string, ledger: Ledger, sesEndpoint: string, domain: string): Promise<Measure> {
  await ledger.putRep(repSchema.parse({ id: 'rep-1', name: 'Petra Schneider', email: 'petra.schneider@example.com' }));
  const runId = runIdOf('crisis-update', new Date('2026-11-27T08:00:00Z'));
  const contactIds = Array.from({ length: DRAFTS }, (_, i) => `b-${String(i).padStart(5, '0')}`);
  for (let i = 0; i < contactIds.length; i += 25) {
    await Promise.all(
      contactIds.slice(i, i + 25).map((id) =>
        ledger.putContact(contactSchema.parse({ id, lastName: 'Kunde', email: `${id}@${domain}`, repId: 'rep-1', nextDueAt: '2026-11-01T00:00:00.000Z' })),
      ),
    );
  }
  const drafts = approvedDrafts(runId, contactIds);
  await ledger.putDrafts(drafts);

  const sesClient = createSesClient({ endpoint: sesEndpoint, region: LOCAL_REGION, credentials: localCredentials });
  try {
    // the mailer records when each request leaves
    const real = new SesMailer(sesClient);
    const leftAt: number[] = [];
    const mailer: Mailer = {
      send: (mail) => {
        leftAt.push(performance.now());
        return real.send(mail);
      },
      quota: () => real.quota(),
    };
    const started = performance.now();
    const summary = await sendApproved(
      {
        ledger,
        mailer,
        limiter: new PacedRateLimiter(RATE),
        clock: systemClock,
        logger: silentLogger,
        secrets: { signingKey: async () => Buffer.alloc(32, 1) },
        config: { ...defaultConfig, maxSendRate: RATE, senderAddress: 'updates@presence.example', unsubscribeBaseUrl: 'https://u.presence.example' },
      },
      { draftIds: drafts.map((d) => d.id), checkDailyQuota: false },
    );
    const wallMs = performance.now() - started;
    const achieved = (leftAt.length - 1) / ((leftAt[leftAt.length - 1]! - leftAt[0]!) / 1000);
    const stored = (await readSesStore(sesEndpoint)).filter((m) => m.destination.to[0]?.endsWith(`@${domain}`));
    const perSecond = new Map<number, number>();
    for (const m of stored) perSecond.set(m.at, (perSecond.get(m.at) ?? 0) + 1);
    let sentDrafts = 0;
    let cursor: string | undefined;
    do {
      const page = await ledger.listDrafts({ status: 'sent', cursor, limit: 500 });
      sentDrafts += page.items.length;
      cursor = page.cursor;
    } while (cursor);
    const distinct = new Set(stored.map((m) => m.destination.to[0])).size;
    return {
      ledger: label,
      achieved,
      share: achieved / RATE,
      peak: maxInWindow(leftAt, 1000),
      storedPeak: Math.max(...perSecond.values()),
      wallMs,
      stored: stored.length,
      sentDrafts,
      touches: summary.sent,
      exact: summary.sent === DRAFTS && stored.length === DRAFTS && distinct === DRAFTS && sentDrafts === DRAFTS,
      others: summary.outcomes.filter((o) => o.result !== 'sent').map((o) => `${o.result}: ${o.reason ?? ''}`.slice(0, 160)),
    };
  } finally {
    sesClient.destroy();
  }
}

/**
 * The SES emulator in a process of its own, as SES is a remote service: its work (and its pauses) do not share
 * the sender's event loop, and the times it stores are its own.
 */
async function startSesProcess(): Promise<{ endpoint: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const cli = createRequire(import.meta.url).resolve('aws-ses-v2-local/dist/cli.js');
  const child = spawn(process.execPath, [cli, '--host', '127.0.0.1', '--port', String(port)], { stdio: 'ignore' });
  const endpoint = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${endpoint}/health-check`).catch(() => undefined))?.ok === true, 30_000, 'SES v2 local');
  return {
    endpoint,
    stop: () =>
      new Promise<void>((done) => {
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

export async function run(): Promise<BenchResult> {
  const ses = await startSesProcess();
  const results: Measure[] = [];
  try {
    // 1. the sender and its limiter against SES local, ledger in memory: what the brief's goal is about
    results.push(await measure('in memory', new MemoryLedger(), ses.endpoint, 'memory.customer.example'));
    // 2. the whole path: the DynamoDB ledger on DynamoDB Local (claim, checks, touch transaction per mail)
    const dynamo = await startDynamoDbLocal({ port: await freePort() });
    const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: LOCAL_REGION, credentials: localCredentials });
    const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    try {
      const tableName = `bench-sending-${Date.now()}`;
      await ensureTable(client, tableName);
      results.push(await measure('DynamoDB Local', new DynamoLedger(doc, tableName), ses.endpoint, 'dynamo.customer.example'));
    } finally {
      doc.destroy();
      client.destroy();
      await dynamo.stop();
    }
  } finally {
    await ses.stop();
  }
  const [memory, full] = results as [Measure, Measure];
  // the goals are about what leaves the sender; what the emulator stores per second also carries delivery jitter
  const goalsMet = memory.share >= GOAL_SHARE && results.every((r) => r.peak <= RATE && r.exact);
  const markdown = [
    `${DRAFTS} approved email drafts sent by \`sendApproved\` at a configured rate of ${RATE}/s through the SES v2 emulator (a process of its own) ` +
      `(${Math.min(32, Math.max(2, Math.ceil(RATE / 2)))} drafts in flight, one shared limiter). ${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)} at the end.`,
    '',
    '| ledger | achieved rate, share of the rate (goal >= 0.9) | most requests in any 1 s window (<= rate) | most stored in one calendar second | wall time | mails / sent drafts / touches |',
    '|---|---|---|---|---|---|',
    ...results.map(
      (r) =>
        `| ${r.ledger} | ${r.achieved.toFixed(2)}/s = **${r.share.toFixed(3)}** | **${r.peak}** | ${r.storedPeak} | ${(r.wallMs / 1000).toFixed(1)} s | ` +
        `${r.stored} / ${r.sentDrafts} / ${r.touches}${r.exact ? '' : ' (MISMATCH)'} |`,
    ),
    ...results.flatMap((r) => (r.others.length ? ['', `Not sent in the ${r.ledger} run (${r.others.length}): ${[...new Set(r.others)].join('; ')}.`] : [])),
    '',
    `The baseline is the rate itself: the limiter must never exceed it, so the share says how much of the allowed rate the sender uses. ` +
      `Ideal wall time: ${((DRAFTS - 1) / RATE).toFixed(1)} s plus one round trip. The goal is judged on the in-memory run (the sender and ` +
      `its limiter); the DynamoDB Local run adds six ledger calls per mail (four reads/writes and the touch transaction, which also ` +
      `adds to one of the rep's ten weekly counters) on the same shared cores, and is reported as it came out` +
      `${full.share >= GOAL_SHARE ? ' (it meets the goal too)' : ' (below the goal: DynamoDB Local, a single JVM on the same two cores, is the bottleneck here)'}. ` +
      'Requests are paced 1/rate apart; a sliding-window check (5 ms margin) keeps late timers from squeezing more than the rate into any second. ' +
      'The emulator column counts by the second the emulator stamped on each mail (whole seconds, its own clock): it adds the jitter of delivery ' +
      'and processing, so on a busy machine it can exceed what left the sender in any second; it is reported, not held to the goal.',
  ].join('\n');
  return { title: 'Sending (issue 5)', command: 'npx tsx bench/sending.ts', markdown, goalsMet };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await run();
  console.log(`## ${result.title}\n\n${result.markdown}\n\ngoals met: ${result.goalsMet}`);
}
