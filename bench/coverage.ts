// `npx tsx bench/coverage.ts` (or `npm run bench -- coverage`): the coverage view from the aggregate at 2,000 reps,
// 100 000 and 1 000 000 contacts, on DynamoDB Local: read units (ReturnConsumedCapacity) of a view against the
// contact-scan baseline, and how the view's read units grow with the contacts.
//
// What is loaded, and why. The view reads the per-rep summaries, the day items of today, the per-rep weekly items, the
// rep list, and the head of each rep's due index (as far as the silent list needs). So the bench simulates the touches
// in memory, builds exactly what they leave behind for the view with the recount's own code (core/coverage/aggregate.ts,
// written with ledger.replaceCoverage: the keys and items the write path keeps), and loads
//   100 000 contacts: every contact (so the baseline, the GSI1 queries over all of them, is measured);
//   1 000 000 contacts: the head of every rep's due index (its 64 oldest due contacts, more than a list of 50 can read)
//     and only that: loading the million into DynamoDB Local takes longer than the bench may. The baseline at 1 M is
//     simulated: the measured 100 k baseline scaled by the contacts' stored size (stated in the table).
// Touch rows and the shared weekly counters (STATS#<week>#<shard>) are not loaded: the view reads neither. What the
// shared counters would cost a view at 2,000 reps is estimated from their item count (sharded as the write path shards).
// A sample of real touches through ledger.recordTouch gives the write cost per touch with the aggregate's items.

import { DynamoDBClient, type ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { pathToFileURL } from 'node:url';
import { DynamoLedger } from '../functions/adapters/dynamodb/dynamodb-ledger';
import * as K from '../functions/adapters/dynamodb/keys';
import { ensureTable } from '../functions/adapters/dynamodb/table';
import { FixedClock } from '../functions/adapters/memory/fixed-clock';
import { applyDelta, contributionOf, dayOf, deltasBetween, emptyState, type RepCoverageState } from '../functions/core/coverage/aggregate';
import { coverage, weeksEndingAt } from '../functions/core/coverage/coverage';
import { isCovered } from '../functions/core/coverage/silence';
import { addDays, isoWeekOf } from '../functions/core/ids';
import { CHANNELS, contactSchema, repSchema, type Channel, type Contact } from '../functions/core/model';
import type { WeeklyTouchCount } from '../functions/core/ports';
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

const SIZES = (process.env.BENCH_CONTACTS ?? '100000,1000000').split(',').map(Number);
const REPS = Number(process.env.BENCH_REPS ?? 2000);
/** Touches simulated per contact over the year. */
const TOUCHES_PER_CONTACT = 10;
const SAMPLE_TOUCHES = Number(process.env.BENCH_SAMPLE_TOUCHES ?? 100);
const WEEKS = 12;
const SILENT_LIMIT = 50;
/** Due contacts per rep loaded when not all are: more than a silent list of SILENT_LIMIT can read of one rep. */
const DUE_HEAD = 64;
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

const repIdOf = (i: number) => `rep-${String(i + 1).padStart(4, '0')}`;

interface Simulated {
  contacts: Contact[];
  /** week|rep|channel -> count */
  stats: Map<string, number>;
  expected: { covered: number; touchesInWindow: number };
}

/** A year of touches, spread over 97 % of the contacts (the other 3 % were never touched). */
function simulate(n: number): Simulated {
  const rnd = random(42);
  const now = Date.parse(NOW);
  const last = new Float64Array(n);
  const lastChannel = new Uint8Array(n);
  const touchedCount = Math.floor(n * 0.97);
  const stats = new Map<string, number>();
  const repOf = (i: number) => repIdOf(i % REPS);
  for (let t = 0; t < n * TOUCHES_PER_CONTACT; t++) {
    const i = Math.floor(rnd() * touchedCount);
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
  for (let i = 0; i < n; i++) {
    const cadenceDays = CADENCES[Math.floor(rnd() * CADENCES.length)]!;
    const createdAt = new Date(now - (HISTORY_DAYS + 30) * DAY).toISOString();
    const lastTouchAt = last[i] ? new Date(last[i]!).toISOString() : undefined;
    const c = contactSchema.parse({
      id: `c-${String(i).padStart(7, '0')}`,
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
  const windowWeeks = new Set(weeksEndingAt(new Date(now), WEEKS));
  let touchesInWindow = 0;
  for (const [key, count] of stats) if (windowWeeks.has(key.split('|')[0]!)) touchesInWindow += count;
  return { contacts, stats, expected: { covered, touchesInWindow } };
}

/** Read and write units per command, from the ConsumedCapacity of every response. */
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

/** A contact item as stored (keys and all), and its size as DynamoDB counts it closely enough: names and values in UTF-8. */
const contactItem = (c: Contact) => ({ ...K.contactKeys(c), type: 'contact', ...c });
function itemBytes(item: unknown): number {
  if (item === null || item === undefined) return 1;
  if (typeof item === 'string') return Buffer.byteLength(item);
  if (typeof item === 'number') return Math.ceil(String(item).length / 2) + 1;
  if (typeof item === 'boolean') return 1;
  if (Array.isArray(item)) return 3 + item.reduce((n: number, v) => n + 1 + itemBytes(v), 0);
  return 3 + Object.entries(item as Record<string, unknown>).reduce((n, [k, v]) => n + Buffer.byteLength(k) + 1 + itemBytes(v), 0);
}

/** What the touches leave behind for the view: the aggregate per rep (as a recount builds it) and the per-rep weekly counts. */
function aggregatesOf(sim: Simulated, day: string): { states: RepCoverageState[]; weekly: WeeklyTouchCount[]; allDayItems: number } {
  const states = new Map<string, RepCoverageState>();
  for (let i = 0; i < REPS; i++) states.set(repIdOf(i), emptyState(repIdOf(i)));
  for (const c of sim.contacts) for (const d of deltasBetween(undefined, contributionOf(c, false))) applyDelta(states.get(d.repId)!, d);
  let allDayItems = 0;
  // only today's day items are ever read by a view today: the others are counted, not loaded
  for (const s of states.values()) {
    allDayItems += Object.keys(s.instants).length;
    s.instants = s.instants[day] ? { [day]: s.instants[day]! } : {};
  }
  const weeks = new Set(weeksEndingAt(new Date(NOW), WEEKS));
  const weekly: WeeklyTouchCount[] = [];
  for (const [key, count] of sim.stats) {
    const [week, repId, channel] = key.split('|') as [string, string, Channel];
    if (weeks.has(week)) weekly.push({ week, repId, channel, count });
  }
  return { states: [...states.values()], weekly, allDayItems };
}

interface SizeResult {
  contacts: number;
  loadedContacts: number;
  loadMs: number;
  viewUnits: number;
  viewMs: number;
  figuresOnlyUnits: number;
  oneRepUnits: number;
  contactBytes: number;
  baselineUnits?: number;
  baselineMs?: number;
  statsItems: number;
  allDayItems: number;
  figuresRight: boolean;
  silentListed: number;
  perTouch?: { ms: number; write: number; read: number };
}

async function measure(n: number): Promise<SizeResult> {
  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: LOCAL_REGION, credentials: localCredentials });
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const meter = new UnitMeter();
  meter.attach(doc);
  const table = `bench-coverage-${n}`;
  try {
    await ensureTable(client, table);
    const ledger = new DynamoLedger(doc, table, { meterCapacity: true });
    const clock = new FixedClock(NOW);
    const sim = simulate(n);
    const day = dayOf(Date.parse(NOW));
    const loadAll = n <= 200_000;
    const t0 = performance.now();
    const reps = Array.from({ length: REPS }, (_, i) => repSchema.parse({ id: repIdOf(i), name: `Rep ${repIdOf(i)}`, email: `${repIdOf(i)}@presence.example`, version: 1 }));
    await batchWriteAll(doc, table, reps.map((r) => ({ ...K.repKeys(r), type: 'rep', ...r })), LOAD_CONCURRENCY);
    let loaded: Contact[] = sim.contacts;
    if (!loadAll) {
      // the head of each rep's due index: what a view's silent list can reach
      const byRep = new Map<string, Contact[]>();
      for (const c of sim.contacts) if (c.nextDueAt <= NOW) (byRep.get(c.repId) ?? byRep.set(c.repId, []).get(c.repId)!).push(c);
      loaded = [...byRep.values()].flatMap((list) => list.sort((a, b) => (`${a.nextDueAt}#${a.id}` < `${b.nextDueAt}#${b.id}` ? -1 : 1)).slice(0, DUE_HEAD));
    }
    await batchWriteAll(doc, table, loaded.map(contactItem), LOAD_CONCURRENCY);
    const agg = aggregatesOf(sim, day);
    await ledger.replaceCoverage(agg.states, agg.weekly);
    const loadMs = performance.now() - t0;
    const contactBytes = sim.contacts.reduce((b, c) => b + itemBytes(contactItem(c)), 0);
    // the shared counters as the write path shards them: one item per week, rep, channel and shard that got a touch
    let statsItems = 0;
    const window = new Set(weeksEndingAt(new Date(NOW), WEEKS));
    for (const [key, count] of sim.stats) if (window.has(key.split('|')[0]!)) statsItems += Math.min(count, K.STATS_SHARDS);

    await coverage({ ledger, clock }, { weeks: WEEKS, silentLimit: SILENT_LIMIT }); // warm-up
    meter.reset();
    let t = performance.now();
    const report = await coverage({ ledger, clock }, { weeks: WEEKS, silentLimit: SILENT_LIMIT });
    const viewMs = performance.now() - t;
    const viewUnits = meter.read;
    meter.reset();
    await coverage({ ledger, clock }, { weeks: WEEKS, silentLimit: 0 });
    const figuresOnlyUnits = meter.read;
    meter.reset();
    await coverage({ ledger, clock }, { weeks: WEEKS, repId: repIdOf(0), silentLimit: SILENT_LIMIT });
    const oneRepUnits = meter.read;
    const figuresRight = report.total.contacts === n && report.total.covered === sim.expected.covered && report.total.touches === sim.expected.touchesInWindow;

    let baselineUnits: number | undefined;
    let baselineMs: number | undefined;
    if (loadAll) {
      meter.reset();
      t = performance.now();
      const queue = reps.map((r) => r.id);
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
            start = out.LastEvaluatedKey;
          } while (start);
        }
      };
      await Promise.all([readRep(), readRep(), readRep(), readRep()]);
      baselineMs = performance.now() - t;
      baselineUnits = meter.read;
    }

    let perTouch: SizeResult['perTouch'];
    if (loadAll) {
      meter.reset();
      const rnd = random(7);
      t = performance.now();
      for (let i = 0; i < SAMPLE_TOUCHES; i++) {
        const c = sim.contacts[Math.floor(rnd() * sim.contacts.length)]!;
        await ledger.recordTouch({
          touch: { id: `bench-${i}`, contactId: c.id, repId: c.repId, channel: CHANNELS[i % 4] as Channel, at: new Date(Date.parse(NOW) - i * 1000).toISOString(), source: 'manual' },
        });
      }
      perTouch = { ms: (performance.now() - t) / SAMPLE_TOUCHES, write: meter.write / SAMPLE_TOUCHES, read: meter.read / SAMPLE_TOUCHES };
    }
    return {
      contacts: n,
      loadedContacts: loaded.length,
      loadMs,
      viewUnits,
      viewMs,
      figuresOnlyUnits,
      oneRepUnits,
      contactBytes,
      ...(baselineUnits !== undefined ? { baselineUnits, baselineMs } : {}),
      statsItems,
      allDayItems: agg.allDayItems,
      figuresRight,
      silentListed: report.silentContacts.length,
      ...(perTouch ? { perTouch } : {}),
    };
  } finally {
    client.destroy();
    await dynamo.stop();
  }
}

export async function run(): Promise<BenchResult> {
  const results: SizeResult[] = [];
  for (const n of SIZES) results.push(await measure(n));
  const measured = results.find((r) => r.baselineUnits !== undefined);
  // simulated where not measured: the measured baseline scaled by the contacts' stored bytes
  const baselineOf = (r: SizeResult) => r.baselineUnits ?? (measured ? (measured.baselineUnits! * r.contactBytes) / measured.contactBytes : NaN);
  const small = results[0]!;
  const large = results.at(-1)!;
  const ratio = large.viewUnits / baselineOf(large);
  const growth = large.viewUnits / small.viewUnits;
  const figuresGrowth = large.figuresOnlyUnits / small.figuresOnlyUnits;
  const figuresRatio = large.figuresOnlyUnits / baselineOf(large);
  const allRight = results.every((r) => r.figuresRight);
  const statsUnitsEstimate = (items: number) => (items * 45) / 4096 / 2;
  const rows = results.map(
    (r) =>
      `| ${units(r.contacts)} | ${units(r.loadedContacts)} | ${units(r.viewUnits)} (${seconds(r.viewMs)}) | ${units(r.figuresOnlyUnits)} | ${units(r.oneRepUnits)} | ` +
      `${units(baselineOf(r))}${r.baselineUnits === undefined ? ' (simulated)' : ` (measured, ${seconds(r.baselineMs!)})`} | ${(r.viewUnits / baselineOf(r)).toFixed(4)} | ` +
      `${units(r.statsItems)} items, about ${units(statsUnitsEstimate(r.statsItems))} RU | ${r.figuresRight ? 'equal' : 'MISMATCH'} |`,
  );
  const pt = measured?.perTouch;
  const markdown = [
    `${REPS} reps; ${TOUCHES_PER_CONTACT} touches per contact over ${HISTORY_DAYS} days (3 % of the contacts never touched); a view over ${WEEKS} ISO weeks with a silent list of ${SILENT_LIMIT}; DynamoDB Local (in memory).`,
    '',
    'Loaded: the rep items; the aggregate the touches leave behind, built with the recount\'s code and written with `replaceCoverage` ' +
      '(per-rep summaries in the sharded `COVERAGE#<shard>` partitions, today\'s day items, the per-rep weekly items `COVWEEK#<week>#<shard>`); ' +
      `and the contacts: all of them at ${units(small.contacts)}, at ${units(large.contacts)} the head of every rep's due index (${DUE_HEAD} oldest due per rep), ` +
      'which is all a view can read of them. The baseline (the GSI1 queries over every contact, what the view cost before) is measured where all contacts are loaded ' +
      'and simulated at 1 M: the measured figure scaled by the contacts\' stored size.',
    '',
    '| contacts | loaded | view, all reps: read units (time) | figures only (no list) | one rep | baseline: GSI1 over all contacts | view / baseline | the shared weekly counters (not read) | figures vs simulation |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows,
    '',
    `Goals: view / baseline at ${units(large.contacts)} <= 0.01: **${ratio.toFixed(4)}** (${ratio <= 0.01 ? 'met' : 'not met'}); ` +
      `growth of the view's read units from ${units(small.contacts)} to ${units(large.contacts)} <= 1.1x: **${growth.toFixed(2)}x** (${growth <= 1.1 ? 'met' : 'not met'}). ` +
      `Without the silent list (the figures, the weekly touches, the rep list): ${figuresRatio.toFixed(4)} of the baseline, growth ${figuresGrowth.toFixed(2)}x.`,
    '',
    'Where the view\'s units go: the silent list reads the head of each rep\'s due index (one query per rep, at least half a unit each, ' +
      `${REPS} reps), so a list over all reps costs about ${units(REPS / 2)} units whatever the number of contacts; the summaries and the weekly items add the rest. ` +
      'A global due list (one more item per contact, in a few sharded partitions) would take the list to a handful of queries; not built.',
    '',
    `The shared weekly counters (\`STATS#<week>#<shard>\`) are no longer read by the view: at ${REPS} reps and 10 shards a 12-week period is the item count in the table, ` +
      'about the read units shown (45 bytes an item); the per-rep weekly items hold the same counts in one item per rep and week.',
    '',
    pt
      ? `Recording a touch (ledger.recordTouch with the aggregate's items in its transaction), a sample of ${SAMPLE_TOUCHES} at ${units(measured!.contacts)}: ` +
        `${pt.ms.toFixed(1)} ms, ${pt.write.toFixed(1)} write units and ${pt.read.toFixed(1)} read units per touch.`
      : '',
    '',
    `Day items: a view reads only today's (${units(REPS)} at most); the ledger holds about ${units(large.allDayItems)} at ${units(large.contacts)} (one per rep and day with an end of coverage or of a snooze), each removed by TTL a year after its day.`,
    '',
    `Figures checked against the simulation (contacts, covered, touches in the period): ${allRight ? 'all equal' : 'MISMATCH'}. ` +
      'Read units are eventually consistent reads (0.5 per 4 KB) as DynamoDB Local reports them with ReturnConsumedCapacity.',
  ].join('\n');
  return { title: 'Coverage view from the aggregate (issues 8, 18)', command: 'npx tsx bench/coverage.ts', markdown, goalsMet: allRight && ratio <= 0.01 && growth <= 1.1 };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await run();
  console.log(`## ${result.title}\n\n${result.markdown}`);
}
