// `npx tsx bench/coverage.ts` (or `npm run bench -- coverage`): the coverage report over 100 000 contacts and
// 1 000 000 touches on DynamoDB Local: wall time and read units consumed (ReturnConsumedCapacity, summed by the
// ledger's CapacityMeter).
//
// What is loaded, and why: the report reads only the contacts (rep by rep through GSI1) and the weekly
// statistics items (one per ISO week, rep and channel); it never reads touch rows. So the bench simulates the
// 1 000 000 touches in memory and loads exactly what they leave behind for the report: each contact with its
// lastTouchAt / lastTouchChannel / nextDueAt, and the weekly counters they add up to. It does not write the
// 1 000 000 touch rows (through recordTouch that is hours on DynamoDB Local on two cores); instead it records a
// sample of real touches through ledger.recordTouch and reports their measured cost per touch, and what the
// full million would cost at that rate.
//
// Baseline: the same GSI1 queries, page after page, with nothing done to the items: what merely reading the
// contacts costs. The ratio shows what the use case adds on top of the read it cannot avoid.
import { DynamoDBClient, type ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { pathToFileURL } from 'node:url';
import { DynamoLedger } from '../functions/adapters/dynamodb/dynamodb-ledger';
import * as K from '../functions/adapters/dynamodb/keys';
import { ensureTable } from '../functions/adapters/dynamodb/table';
import { FixedClock } from '../functions/adapters/memory/fixed-clock';
import { coverage } from '../functions/core/coverage/coverage';
import { isCovered } from '../functions/core/coverage/silence';
import { silentCustomersOf } from '../functions/core/coverage/silent-customers';
import { addDays, isoWeekOf } from '../functions/core/ids';
import { CHANNELS, contactSchema, repSchema, type Channel, type Contact } from '../functions/core/model';
import { startDynamoDbLocal } from '../functions/local/dynamodb-local';
import { LOCAL_REGION, localCredentials } from '../functions/local/local-clients';
import { freePort } from '../functions/local/ports';
import { batchWriteAll } from './support/raw-batch-write';

export interface BenchResult {
  title: string;
  command: string;
  markdown: string;
  goalsMet?: boolean;
}

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 100_000);
const TOUCHES = Number(process.env.BENCH_TOUCHES ?? 1_000_000);
const REPS = Number(process.env.BENCH_REPS ?? 50);
const SAMPLE_TOUCHES = Number(process.env.BENCH_SAMPLE_TOUCHES ?? 300);
const WEEKS = 12;
const NOW = '2026-11-27T09:00:00.000Z';
const HISTORY_DAYS = 365;
const CADENCES = [14, 30, 30, 60, 90];
const DAY = 86_400_000;

/** Seeded generator: the same ledger on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Simulated {
  contacts: Contact[];
  /** week|rep|channel -> count */
  stats: Map<string, number>;
  expected: { covered: number; touchesInWindow: number };
}

/** A year of touches, spread over 97 % of the contacts (the other 3 % were never touched). */
function simulate(): Simulated {
  const rnd = random(42);
  const now = Date.parse(NOW);
  const repIds = Array.from({ length: REPS }, (_, i) => `rep-${String(i + 1).padStart(3, '0')}`);
  const last = new Float64Array(CONTACTS); // 0 = never touched
  const lastChannel = new Uint8Array(CONTACTS);
  const touchedCount = Math.floor(CONTACTS * 0.97);
  const stats = new Map<string, number>();
  const repOf = (i: number) => repIds[i % REPS]!;
  for (let t = 0; t < TOUCHES; t++) {
    const i = Math.floor(rnd() * touchedCount);
    // more touches lately: the team got better (and the chart has a slope)
    const at = now - Math.floor(HISTORY_DAYS * DAY * Math.sqrt(rnd()));
    const ch = Math.floor(rnd() * 10);
    const channel = ch < 6 ? 0 : ch < 7 ? 1 : ch < 8 ? 2 : 3;
    if (at > last[i]!) {
      last[i] = at;
      lastChannel[i] = channel;
    }
    const key = `${isoWeekOf(new Date(at))}|${repOf(i)}|${CHANNELS[channel]}`;
    stats.set(key, (stats.get(key) ?? 0) + 1);
  }
  const contacts: Contact[] = [];
  let covered = 0;
  for (let i = 0; i < CONTACTS; i++) {
    const cadenceDays = CADENCES[Math.floor(rnd() * CADENCES.length)]!;
    const createdAt = new Date(now - (HISTORY_DAYS + 30) * DAY).toISOString();
    const lastTouchAt = last[i] ? new Date(last[i]!).toISOString() : undefined;
    const c = contactSchema.parse({
      id: `c-${String(i).padStart(6, '0')}`,
      salutation: i % 2 ? 'ms' : 'mr',
      firstName: `First${i % 97}`,
      lastName: `Lastname${i % 1013}`,
      company: `Company ${i % 5003} GmbH`,
      email: `contact${i}@customer.example`,
      address: { street: `Industriestraße ${i % 200}`, postalCode: String(10000 + (i % 89999)), city: 'Kassel', country: 'DE' },
      channel: CHANNELS[i % 4],
      cadenceDays,
      repId: repOf(i),
      createdAt,
      ...(lastTouchAt ? { lastTouchAt, lastTouchChannel: CHANNELS[lastChannel[i]!] } : {}),
      nextDueAt: lastTouchAt ? addDays(lastTouchAt, cadenceDays) : createdAt,
      version: 1,
    });
    if (isCovered(c, new Date(now))) covered++;
    contacts.push(c);
  }
  const windowWeeks = new Set(Array.from({ length: WEEKS }, (_, k) => isoWeekOf(new Date(now - k * 7 * DAY))));
  let touchesInWindow = 0;
  for (const [key, n] of stats) if (windowWeeks.has(key.split('|')[0]!)) touchesInWindow += n;
  return { contacts, stats, expected: { covered, touchesInWindow } };
}

/**
 * Read and write units per command, from the ConsumedCapacity of every response. Counted here rather than with
 * the ledger's CapacityMeter because a transaction answers with CapacityUnits only, which that meter books as
 * reads; the command name says which it was.
 */
class UnitMeter {
  read = 0;
  write = 0;
  reset(): void {
    this.read = 0;
    this.write = 0;
  }
  attach(doc: DynamoDBDocumentClient): void {
    doc.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        const consumed = (result.output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] }).ConsumedCapacity;
        const total = (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []).reduce((n, c) => n + (c.CapacityUnits ?? 0), 0);
        if (/^(Query|Scan|GetItem|BatchGetItem|TransactGetItems)/.test(context.commandName ?? '')) this.read += total;
        else this.write += total;
        return result;
      },
      { step: 'initialize', name: 'benchUnitMeter' },
    );
  }
}

/** BatchWriteItem requests in flight while the ledger is loaded. */
const LOAD_CONCURRENCY = 6;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const units = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });

export async function run(): Promise<BenchResult> {
  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: LOCAL_REGION, credentials: localCredentials });
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const meter = new UnitMeter();
  meter.attach(doc);
  const table = 'bench-coverage';
  try {
    await ensureTable(client, table);
    // the units are read from each response's ConsumedCapacity, which DynamoDB returns only when asked
    const ledger = new DynamoLedger(doc, table, { meterCapacity: true });
    const clock = new FixedClock(NOW);

    // ---- load
    let t0 = performance.now();
    const sim = simulate();
    const simulateMs = performance.now() - t0;
    const repIds = [...new Set(sim.contacts.map((c) => c.repId))];
    t0 = performance.now();
    await batchWriteAll(
      doc,
      table,
      repIds.map((id) => ({ ...K.repKeys(repSchema.parse({ id, name: `Rep ${id}`, email: `${id}@presence.example` })), type: 'rep', ...repSchema.parse({ id, name: `Rep ${id}`, email: `${id}@presence.example`, version: 1 }) })),
      LOAD_CONCURRENCY,
    );
    await batchWriteAll(doc, table, sim.contacts.map((c) => ({ ...K.contactKeys(c), type: 'contact', ...c })), LOAD_CONCURRENCY);
    // as real touches write them: each rep, channel and week's count spread over the shards
    const statsItems = [...sim.stats].flatMap(([key, count]) => {
      const [week, repId, channel] = key.split('|') as [string, string, string];
      return Array.from({ length: K.STATS_SHARDS }, (_, shard) => ({
        ...K.statsKey(week, repId, channel, shard),
        type: 'stats',
        count: Math.floor(count / K.STATS_SHARDS) + (shard < count % K.STATS_SHARDS ? 1 : 0),
      })).filter((item) => item.count > 0);
    });
    await batchWriteAll(doc, table, statsItems, LOAD_CONCURRENCY);
    const loadMs = performance.now() - t0;

    // ---- warm-up: one untimed report (JIT, connection pool, DynamoDB Local's caches), then baseline and report
    await coverage({ ledger, clock }, { weeks: WEEKS, silentLimit: 50 });

    // ---- baseline: the same index queries, four reps at a time like the report, nothing done with the items
    t0 = performance.now();
    let rawItems = 0;
    meter.reset();
    const queue = [...repIds];
    const readRep = async () => {
      for (let repId = queue.shift(); repId; repId = queue.shift()) {
        let start: Record<string, unknown> | undefined;
        do {
          const out = await doc.send(
            new QueryCommand({
              TableName: table,
              IndexName: K.GSI1,
              KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :p)',
              ExpressionAttributeValues: { ':pk': K.repPartition(repId), ':p': K.DUE_PREFIX },
              ExclusiveStartKey: start,
              ReturnConsumedCapacity: 'TOTAL',
            }),
          );
          rawItems += out.Count ?? 0;
          start = out.LastEvaluatedKey;
        } while (start);
      }
    };
    await Promise.all([readRep(), readRep(), readRep(), readRep()]);
    const baselineMs = performance.now() - t0;
    const rawUnits = meter.read;

    // ---- the report, all reps
    meter.reset();
    const heapBefore = process.memoryUsage().heapUsed;
    t0 = performance.now();
    const report = await coverage({ ledger, clock }, { weeks: WEEKS, silentLimit: 50 });
    const reportMs = performance.now() - t0;
    const reportUnits = meter.read;
    const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
    const figuresRight =
      report.total.contacts === CONTACTS && report.total.covered === sim.expected.covered && report.total.touches === sim.expected.touchesInWindow;

    // ---- one rep, and the digest's silent list of one rep
    meter.reset();
    t0 = performance.now();
    const oneRep = await coverage({ ledger, clock }, { weeks: WEEKS, repId: repIds[0]!, silentLimit: 50 });
    const oneRepMs = performance.now() - t0;
    const oneRepUnits = meter.read;
    meter.reset();
    t0 = performance.now();
    const digest = await silentCustomersOf({ ledger, clock }, repIds[0]!, 10);
    const digestMs = performance.now() - t0;
    const digestUnits = meter.read;

    // ---- what recording the touches costs: a sample through the real transaction
    meter.reset();
    const rnd = random(7);
    t0 = performance.now();
    for (let i = 0; i < SAMPLE_TOUCHES; i++) {
      const c = sim.contacts[Math.floor(rnd() * sim.contacts.length)]!;
      await ledger.recordTouch({
        touch: { id: `bench-${i}`, contactId: c.id, repId: c.repId, channel: CHANNELS[i % 4] as Channel, at: new Date(Date.parse(NOW) - i * 1000).toISOString(), source: 'manual' },
      });
    }
    const sampleMs = performance.now() - t0;
    const perTouchMs = sampleMs / SAMPLE_TOUCHES;
    const perTouchWrite = meter.write / SAMPLE_TOUCHES;
    const perTouchRead = meter.read / SAMPLE_TOUCHES;

    const perThousand = (u: number, n: number) => (n ? (u / n) * 1000 : 0);
    const markdown = [
      `Ledger: ${units(CONTACTS)} contacts of ${REPS} reps, ${units(TOUCHES)} touches over ${HISTORY_DAYS} days (3 % of the contacts never touched), ` +
        `report over ${WEEKS} ISO weeks, DynamoDB Local (in memory).`,
      '',
      `Loaded for the report: the contacts with their lastTouchAt / lastTouchChannel / nextDueAt and the ${units(statsItems.length)} weekly statistics items ` +
        `that the ${units(TOUCHES)} touches add up to (simulated in ${seconds(simulateMs)}, written with BatchWriteItem in ${seconds(loadMs)}). ` +
        `The touch rows themselves are not written: the report never reads them. Recording touches for real (ledger.recordTouch: ` +
        `read the contact, one transaction of touch + contact + weekly counter) was measured on a sample of ${units(SAMPLE_TOUCHES)}: ` +
        `${perTouchMs.toFixed(1)} ms, ${perTouchWrite.toFixed(1)} write units and ${perTouchRead.toFixed(1)} read units per touch, ` +
        `so the full million would take about ${(perTouchMs * TOUCHES / 3_600_000).toFixed(1)} h here one at a time and ${units(perTouchWrite * TOUCHES)} write units.`,
      '',
      '| measurement | time | read units | per 1 000 contacts |',
      '|---|---:|---:|---:|',
      `| baseline: the GSI1 queries alone, items untouched (${units(rawItems)} items) | ${seconds(baselineMs)} | ${units(rawUnits)} | ${perThousand(rawUnits, rawItems).toFixed(1)} RU |`,
      `| coverage report, all reps | ${seconds(reportMs)} | ${units(reportUnits)} | ${perThousand(reportUnits, CONTACTS).toFixed(1)} RU |`,
      `| coverage report, one rep (${units(oneRep.total.contacts)} contacts) | ${seconds(oneRepMs)} | ${units(oneRepUnits)} | ${perThousand(oneRepUnits, oneRep.total.contacts).toFixed(1)} RU |`,
      `| digest "silent customers" of one rep (${digest.length} listed; reads the due contacts only) | ${seconds(digestMs)} | ${units(digestUnits)} | - |`,
      '',
      `Ratio report / baseline: time ${(reportMs / baselineMs).toFixed(2)}, read units ${(reportUnits / Math.max(rawUnits, 1)).toFixed(2)} ` +
        `(the report also reads ${WEEKS} weekly statistics partitions and the rep list). Heap growth during the report: ${heapMb.toFixed(0)} MiB.`,
      '',
      `Figures checked against the simulation: contacts ${units(report.total.contacts)}, covered ${units(report.total.covered)} ` +
        `(expected ${units(sim.expected.covered)}), touches in the period ${units(report.total.touches)} (expected ${units(sim.expected.touchesInWindow)}), ` +
        `silent ${units(report.silentCount)}: ${figuresRight ? 'all equal' : 'MISMATCH'}.`,
      '',
      'Read units are eventually consistent reads (0.5 per 4 KB) as DynamoDB Local reports them with ReturnConsumedCapacity; ' +
        'they follow the size of the contact items, not the number of touches.',
    ].join('\n');
    return {
      title: 'Coverage report (issue 8)',
      command: 'npx tsx bench/coverage.ts',
      markdown,
      goalsMet: figuresRight,
    };
  } finally {
    client.destroy();
    await dynamo.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await run();
  console.log(`## ${result.title}\n\n${result.markdown}`);
}
