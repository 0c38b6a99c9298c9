// `npx tsx bench/drafting.ts` (or `npm run bench -- drafting`): drafting speed of the crisis update.
//   render   - drafts per second through CampaignTemplates.render (context, required fields, the two isolated
//              Handlebars environments, cleaning of every part) against raw Handlebars: the same template
//              files compiled by one plain Handlebars environment with the same helpers and partials, rendered
//              with prepared contexts and nothing else. Goal: at least 0.5 of raw.
//   planner  - planCampaign over 100 000 contacts of which 10 % are due, on DynamoDB Local (in memory, started
//              here): index reads per rep, suppression look-ups, open-draft reads, rendering and batched writes.
//              Baseline: the same draft items written raw with BatchWriteItem (25 per request, as many requests
//              in flight as the ledger uses). Goal: planner time at most 1/0.6 of the baseline's.
// BENCH_DRAFTING_CONTACTS=20000 npx tsx bench/drafting.ts runs a smaller ledger for a quick look;
// BENCH_DRAFTING_ONLY=render skips the planner part.
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import Handlebars from 'handlebars';
import { DynamoLedger } from '../functions/adapters/dynamodb/dynamodb-ledger';
import * as K from '../functions/adapters/dynamodb/keys';
import { ensureTable } from '../functions/adapters/dynamodb/table';
import { FileAssets } from '../functions/adapters/templates/file-assets';
import type { Campaign } from '../functions/core/campaigns/campaign-schema';
import { draftIdOf, hashEmail, runIdOf } from '../functions/core/ids';
import { languageOf, repSchema, type Contact, type Draft, type Rep } from '../functions/core/model';
import { planCampaign } from '../functions/core/plan-campaign';
import { silentLogger, systemClock, type Ledger } from '../functions/core/ports';
import { compilingEngine } from '../functions/core/render/compiling-engine';
import { splitFrontMatter } from '../functions/core/render/front-matter';
import { registerHelpers } from '../functions/core/render/helpers';
import { renderContextOf, type RenderContext } from '../functions/core/render/render-context';
import { TemplateLibrary, kindOf, type TemplateFiles } from '../functions/core/render/template-library';
import { startDynamoDbLocal } from '../functions/local/dynamodb-local';
import { LOCAL_REGION, localCredentials } from '../functions/local/local-clients';
import { freePort } from '../functions/local/ports';
import { benchContact } from './support/bench-contact';
import { batchWriteAll } from './support/raw-batch-write';

export interface BenchResult {
  title: string;
  command: string;
  markdown: string;
  goalsMet?: boolean;
}

export const RENDER_GOAL = 0.5;
export const PLANNER_GOAL = 0.6;
const RUN_AT = new Date('2026-11-30T07:00:00Z');
const REPS = 10;
/** BatchWriteItem requests in flight: the ledger's default write concurrency, used by the baseline too. */
const WRITE_CONCURRENCY = 4;

// ------------------------------------------------------------------ generated contacts


function contactOf(i: number, due: boolean): Contact {
  const lastTouchAt = new Date(RUN_AT.getTime() - (due ? 40 + (i % 200) : 5 + (i % 20)) * 86_400_000).toISOString();
  const nextDueAt = due ? new Date(RUN_AT.getTime() - (1 + (i % 30)) * 86_400_000).toISOString() : new Date(RUN_AT.getTime() + (1 + (i % 60)) * 86_400_000).toISOString();
  return benchContact(i, { repId: `rep-${i % REPS}`, lastTouchAt, nextDueAt });
}

function repsOf(): Rep[] {
  return Array.from({ length: REPS }, (_, r) =>
    repSchema.parse({ id: `rep-${r}`, name: `Rep ${r}`, email: `rep${r}@presence.example`, phone: '+49 30 555 0100', title: 'Key Account Manager', locale: r % 3 === 0 ? 'en-GB' : 'de-DE', version: 1 }),
  );
}

const f = (n: number, d = 0) => n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });

// ------------------------------------------------------------------ render: ours vs raw Handlebars

/** The same template files, one plain environment: no strict mode, no checks, no cleaning. */
function rawRenderer(files: TemplateFiles, campaign: Campaign) {
  const env = Handlebars.create();
  registerHelpers(env, 'text');
  const compiled = new Map<string, HandlebarsTemplateDelegate<RenderContext>>();
  for (const [path, source] of files) {
    const body = source.replace(/^---\r?\n[\s\S]*?\r?\n---\r?\n?/, '');
    const partial = /^partials\/([a-z-]+)\.text\.hbs$/.exec(path);
    if (partial) env.registerPartial(partial[1]!, body);
    else if (path.startsWith(`${campaign.templates.folder}/`)) compiled.set(path, env.compile<RenderContext>(body));
  }
  return (contact: Contact, ctx: RenderContext): string[] => {
    const lang = languageOf(contact.locale);
    const reg = contact.formal ? 'formal' : 'informal';
    const base = `${campaign.templates.folder}/${lang}`;
    const parts =
      contact.channel === 'email'
        ? [`${base}/${reg}/email.subject.hbs`, `${base}/${reg}/email.html.hbs`, `${base}/${reg}/email.text.hbs`]
        : contact.channel === 'letter'
          ? [`${base}/${reg}/letter.subject.hbs`, `${base}/${reg}/letter.body.hbs`]
          : [`${campaign.templates.folder}/${languageOf(ctx.rep.locale)}/task.${contact.channel}.hbs`];
    return parts.map((p) => compiled.get(p)!(ctx));
  };
}

async function benchRender(files: TemplateFiles, campaign: Campaign, count: number) {
  const reps = repsOf();
  const contacts = Array.from({ length: count }, (_, i) => contactOf(i, true));
  const repOfContact = (c: Contact) => reps[Number(c.repId.slice(4))]!;
  const templates = new TemplateLibrary(files, splitFrontMatter, compilingEngine()).forCampaign(campaign);
  const raw = rawRenderer(files, campaign);
  const contexts = contacts.map((c) =>
    renderContextOf({ contact: c, rep: repOfContact(c), campaign, runAt: RUN_AT, reader: kindOf(c.channel) === 'task' ? 'rep' : 'contact' }),
  );

  // The two are interleaved in small slices, so both see the same machine load (it is shared); each slice runs
  // first for one and first for the other in turn.
  let sink = 0;
  const SLICE = 50;
  const ours = (from: number) => {
    const t0 = performance.now();
    for (let i = from; i < from + SLICE; i++) sink += templates.render({ contact: contacts[i]!, rep: repOfContact(contacts[i]!), runAt: RUN_AT }).content.text.length;
    return performance.now() - t0;
  };
  const baseline = (from: number) => {
    const t0 = performance.now();
    for (let i = from; i < from + SLICE; i++) sink += raw(contacts[i]!, contexts[i]!).join('').length;
    return performance.now() - t0;
  };
  for (let from = 0; from + SLICE <= count; from += SLICE) ours(from) + baseline(from); // warm-up: compile, JIT
  const oursMs: number[] = [];
  const rawMs: number[] = [];
  for (let round = 0; round < 3; round++) {
    let o = 0;
    let r = 0;
    for (let from = 0, k = 0; from + SLICE <= count; from += SLICE, k++) {
      if ((k + round) % 2 === 0) {
        o += ours(from);
        r += baseline(from);
      } else {
        r += baseline(from);
        o += ours(from);
      }
    }
    oursMs.push(o);
    rawMs.push(r);
  }
  const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const oursRate = (count * 3) / (total(oursMs) / 1000);
  const rawRate = (count * 3) / (total(rawMs) / 1000);
  return { count, oursMs, rawMs, oursRate, rawRate, ratio: oursRate / rawRate, sink };
}

// ------------------------------------------------------------------ planner vs raw BatchWriteItem

/** The ledger `target` with its draft writes routed to `putDrafts`; every other call goes to `target`. */
function withPutDrafts(target: Ledger, putDrafts: Ledger['putDrafts']): Ledger {
  return new Proxy(target, {
    get(t, prop) {
      if (prop === 'putDrafts') return putDrafts;
      const value = Reflect.get(t, prop, t) as unknown;
      return typeof value === 'function' ? value.bind(t) : value;
    },
  });
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); 0 where /proc is missing. */
function processCpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}
const ownCpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

async function benchPlanner(files: TemplateFiles, campaign: Campaign, total: number, dueShare: number, endpoint: string, table: string, dynamoPid: number | undefined) {
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: localCredentials });
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  try {
    await ensureTable(client, table);
    const seed0 = performance.now();
    const dueEvery = Math.round(1 / dueShare);
    const items: Array<Record<string, unknown>> = repsOf().map((r) => ({ ...K.repKeys(r), type: 'rep', ...r }));
    let due = 0;
    const suppressedEmails: string[] = [];
    for (let i = 0; i < total; i++) {
      const isDue = i % dueEvery === 0;
      const c = contactOf(i, isDue);
      if (isDue) {
        due++;
        if (c.channel === 'email' && i % 97 === 0) suppressedEmails.push(c.email);
      }
      items.push({ ...K.contactKeys(c), type: 'contact', ...c });
    }
    for (const email of suppressedEmails) {
      const emailHash = hashEmail(email);
      items.push({ ...K.suppressionKey(emailHash), GSI2PK: K.SUPPRESSIONS_PARTITION, GSI2SK: `${RUN_AT.toISOString()}#${emailHash}`, type: 'suppression', emailHash, reason: 'bounce', at: RUN_AT.toISOString() });
    }
    await batchWriteAll(doc, table, items, 16);
    const seedMs = performance.now() - seed0;
    process.stderr.write(`bench drafting: seeded ${f(total)} contacts (${f(due)} due) in ${f(seedMs / 1000, 1)} s\n`);

    // the planner, with its writes recorded for the baseline and routed through a second ledger; both as the
    // product builds them (no capacity metering)
    const reads = new DynamoLedger(doc, table, { writeConcurrency: WRITE_CONCURRENCY });
    const writes = new DynamoLedger(doc, table, { writeConcurrency: WRITE_CONCURRENCY });
    // the dry pass below meters its reads, to report the read units
    const meteredReads = new DynamoLedger(doc, table, { writeConcurrency: WRITE_CONCURRENCY, meterCapacity: true });
    const written: Draft[] = [];
    const ledger = withPutDrafts(reads, (drafts) => (written.push(...drafts), writes.putDrafts(drafts)));
    // compiled before the clock starts, as in a warm Lambda container; the compile time is reported on its own
    const library = new TemplateLibrary(files, splitFrontMatter, compilingEngine());
    const c0 = performance.now();
    library.forCampaign(campaign);
    const compileMs = performance.now() - c0;
    // first a dry pass with the writes dropped (nothing is stored, so the real run below sees the same ledger):
    // what reading and rendering cost on their own, and the read units
    const dry = withPutDrafts(meteredReads, async () => undefined);
    // CPU seconds of this process and of DynamoDB Local per step: on a 2-core machine they share the cores
    const cpu: Record<'dry' | 'planner' | 'baseline', { node: number; dynamo: number }> = { dry: { node: 0, dynamo: 0 }, planner: { node: 0, dynamo: 0 }, baseline: { node: 0, dynamo: 0 } };
    let jc = processCpuSeconds(dynamoPid), nc = ownCpuSeconds();
    const cpuMark = (step: keyof typeof cpu) => {
      const j = processCpuSeconds(dynamoPid), n = ownCpuSeconds();
      cpu[step] = { node: n - nc, dynamo: j - jc };
      jc = j;
      nc = n;
    };
    const d0 = performance.now();
    await planCampaign({ ledger: dry, clock: systemClock, logger: silentLogger, templates: library }, { campaign, runAt: RUN_AT });
    const readOnlyMs = performance.now() - d0;
    cpuMark('dry');
    process.stderr.write(`bench drafting: reading and rendering alone ${f(readOnlyMs / 1000, 1)} s\n`);

    const p0 = performance.now();
    const result = await planCampaign({ ledger, clock: systemClock, logger: silentLogger, templates: library }, { campaign, runAt: RUN_AT });
    const plannerMs = performance.now() - p0;
    cpuMark('planner');
    process.stderr.write(`bench drafting: planner ${f(result.drafted + result.needsFix)} drafts in ${f(plannerMs / 1000, 1)} s\n`);

    // the baseline: the same draft items, under another run id so nothing is overwritten, raw BatchWriteItem
    const otherRun = runIdOf(campaign.id, new Date(RUN_AT.getTime() + 7 * 86_400_000));
    const draftItems = written.map((d) => {
      const copy: Draft = { ...d, runId: otherRun, id: draftIdOf(otherRun, d.contactId) };
      return { ...K.draftKeys(copy), type: 'draft', ...copy };
    });
    const b0 = performance.now();
    await batchWriteAll(doc, table, draftItems, WRITE_CONCURRENCY);
    const baselineMs = performance.now() - b0;
    cpuMark('baseline');
    process.stderr.write(`bench drafting: baseline ${f(draftItems.length)} drafts in ${f(baselineMs / 1000, 1)} s\n`);
    return {
      total,
      due,
      suppressed: suppressedEmails.length,
      result,
      seedMs,
      plannerMs,
      readOnlyMs,
      compileMs,
      baselineMs,
      ratio: baselineMs / plannerMs,
      readUnits: meteredReads.capacity.readUnits,
      cpu,
      avgDraftBytes: Math.round(draftItems.reduce((n, i) => n + JSON.stringify(i).length, 0) / Math.max(1, draftItems.length)),
    };
  } finally {
    await client.send(new DeleteTableCommand({ TableName: table })).catch(() => undefined);
    client.destroy();
  }
}

/** Timed rounds of the planner bench, after one warm-up round; the goal is judged on the median round. */
const PLANNER_ROUNDS = Number(process.env.BENCH_DRAFTING_ROUNDS ?? 5);

// ------------------------------------------------------------------ run

export async function run(): Promise<BenchResult & { data: Record<string, unknown> }> {
  const assets = new FileAssets('.');
  const campaign = await assets.loadCampaign('crisis-update');
  const files = await assets.loadTemplateFiles();
  const total = Number(process.env.BENCH_DRAFTING_CONTACTS ?? 100_000);
  const dueShare = 0.1;

  const render = await benchRender(files, campaign, 3_000);
  process.stderr.write(`bench drafting: render ${f(render.oursRate)} drafts/s, raw ${f(render.rawRate)}/s (${f(render.ratio, 2)})\n`);
  if (process.env.BENCH_DRAFTING_ONLY === 'render') {
    return { title: 'Drafting (issue 3), render only', command: 'BENCH_DRAFTING_ONLY=render npx tsx bench/drafting.ts', markdown: '', data: { render } };
  }
  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  const rounds: Array<Awaited<ReturnType<typeof benchPlanner>>> = [];
  try {
    // round 0 warms up both processes (the JIT of DynamoDB Local's read and write paths and of the planner) and is
    // not counted; then the timed rounds
    for (let r = 0; r <= PLANNER_ROUNDS; r++) {
      const round = await benchPlanner(files, campaign, total, dueShare, dynamo.endpoint, `bench-drafting-${r}`, dynamo.process.pid);
      process.stderr.write(`bench drafting: round ${r}${r === 0 ? ' (warm-up, not counted)' : ''}: ratio ${f(round.ratio, 2)}\n`);
      if (r > 0) rounds.push(round);
    }
  } finally {
    await dynamo.stop();
  }
  const planner = [...rounds].sort((a, b) => a.ratio - b.ratio)[Math.floor(rounds.length / 2)]!;

  const renderMet = render.ratio >= RENDER_GOAL;
  const plannerMet = planner.ratio >= PLANNER_GOAL;
  const drafts = planner.result.drafted + planner.result.needsFix;
  const markdown = [
    '| run | drafts | time | drafts/s |',
    '|---|---:|---:|---:|',
    `| render: CampaignTemplates.render (3 rounds) | ${f(render.count * 3)} | ${f(render.oursMs.reduce((a, b) => a + b, 0))} ms | ${f(render.oursRate)} |`,
    `| render baseline: raw Handlebars, same templates (3 rounds) | ${f(render.count * 3)} | ${f(render.rawMs.reduce((a, b) => a + b, 0))} ms | ${f(render.rawRate)} |`,
    `| planner: planCampaign, ${f(planner.total)} contacts, ${f(planner.due)} due | ${f(drafts)} | ${f(planner.plannerMs / 1000, 1)} s | ${f(drafts / (planner.plannerMs / 1000))} |`,
    `| planner baseline: raw BatchWriteItem of the same drafts | ${f(drafts)} | ${f(planner.baselineMs / 1000, 1)} s | ${f(drafts / (planner.baselineMs / 1000))} |`,
    `| (for reference) planner with its writes dropped: reading and rendering alone | ${f(drafts)} | ${f(planner.readOnlyMs / 1000, 1)} s | - |`,
    '',
    '| ratio | value | goal | met |',
    '|---|---:|---:|---|',
    `| render drafts/s / raw Handlebars drafts/s | ${f(render.ratio, 2)} | ≥ ${RENDER_GOAL} | ${renderMet ? 'yes' : 'no'} |`,
    `| raw BatchWriteItem time / planner time (median of ${rounds.length} rounds: ${rounds.map((r) => f(r.ratio, 2)).join(', ')}) | ${f(planner.ratio, 2)} | ≥ ${PLANNER_GOAL} | ${plannerMet ? 'yes' : 'no'} |`,
    '',
    `Render: ${f(render.count)} due contacts across German/English, Sie/Du and all four channels (email: subject, HTML and text;`,
    'letter: subject and body; visit/call: task text). Ours builds the render context, checks required fields, renders',
    'through the strict, isolated environments and cleans every part; the baseline renders the same files with one plain',
    'Handlebars environment and the same helpers from contexts prepared outside the timing. The two run interleaved in',
    'slices of 50 contacts, so a busy machine slows both alike.',
    '',
    `Planner: DynamoDB Local in memory, started by the bench; ${rounds.length} rounds, each on a freshly seeded table after one warm-up round that is not counted (the table above is the median round); ${REPS} reps, ${f(planner.suppressed)} due addresses suppressed. It read`,
    `${f(planner.readUnits, 1)} read units (due contacts, open drafts, suppression look-ups: about ${f(planner.readUnits / Math.max(1, planner.due), 2)} per due contact)`,
    `(metered in the dry pass) and wrote ${f(drafts)} drafts of about ${f(planner.avgDraftBytes)} bytes each (table item plus two index entries).`,
    'The ledger is built as the product builds it, without asking for consumed capacity.',
    `Both sides write ${WRITE_CONCURRENCY} BatchWriteItem requests of 25 items at a time. Result: ${JSON.stringify(planner.result)}.`,
    `Compiling the crisis-update templates (once per template version, before the timed run, as in a warm container) took ${f(planner.compileMs)} ms.`,
    '',
    `Where the planner's time goes: reading the due contacts, open drafts and suppressions and rendering take ${f(planner.readOnlyMs / 1000, 1)} s`,
    `on their own (the dry pass, which also warms up both processes); writing the drafts alone takes ${f(planner.baselineMs / 1000, 1)} s. DynamoDB Local is one`,
    `process on a machine with ${cpus().length} cores, so reads and writes share its CPU: the run takes ${f(planner.plannerMs / 1000, 1)} s, the two alone add up to`,
    `${f((planner.readOnlyMs + planner.baselineMs) / 1000, 1)} s. CPU seconds in that round (this process / DynamoDB Local): reading and rendering alone`,
    `${f(planner.cpu.dry.node, 2)} / ${f(planner.cpu.dry.dynamo, 2)}, the baseline ${f(planner.cpu.baseline.node, 2)} / ${f(planner.cpu.baseline.dynamo, 2)}, the planner ${f(planner.cpu.planner.node, 2)} / ${f(planner.cpu.planner.dynamo, 2)}:`,
    `DynamoDB Local spends ${f((100 * planner.cpu.dry.dynamo) / Math.max(0.01, planner.cpu.baseline.dynamo))} % of the writes' CPU on the reads, and the planner cannot do less than`,
    'read every due contact once. Against DynamoDB itself, where reads and writes do not compete for one local process, the run is bounded by the writes.',
  ].join('\n');
  return {
    title: 'Drafting (issue 3)',
    command: 'npx tsx bench/drafting.ts',
    markdown,
    goalsMet: renderMet && plannerMet,
    data: { render: { ...render, sink: undefined }, planner, rounds },
  };
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const result = await run();
  process.stdout.write(`## ${result.title}\n\n${result.markdown}\n`);
}
