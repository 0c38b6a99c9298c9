// `npx tsx bench/inbound.ts` (or `npm run bench -- inbound`): inbound mail, parsed and recorded, against mailparser.
//   speed    - one process alternates, round by round, (a) the real thing: parseInboundMail + receiveMail against a
//              DynamoLedger on DynamoDB Local, 8 mails in flight (as a Lambda receiving many mails runs several
//              instances), the mailer an in-memory one (SES is not in the measured path), and (b) the baseline:
//              mailparser's simpleParser alone over the same bytes, 8 in flight too
//   memory   - 1 000 and 10 000 mails, each size in a fresh child process (getrusage maxRSS), rounds alternating;
//              the ledger's data lives in DynamoDB Local, a separate process, as in AWS
// Every mail is one of the sample mails with a Message-ID of its own, delivered to the reply address of a distinct
// contact's sent draft (own mail: to the rep's logging address, To one of the rep's contacts), so none is a duplicate.
// Knobs: BENCH_INBOUND_SMALL / BENCH_INBOUND_BIG (1 000 / 10 000), BENCH_INBOUND_ROUNDS (3), BENCH_INBOUND_SPEED_SIZE
// (2 000), BENCH_INBOUND_SPEED_ROUNDS (3), BENCH_INBOUND_IN_FLIGHT (8); a quick run: BENCH_INBOUND_SMALL=100
// BENCH_INBOUND_BIG=500 BENCH_INBOUND_ROUNDS=1 BENCH_INBOUND_SPEED_SIZE=300 BENCH_INBOUND_SPEED_ROUNDS=2. A full run takes 4-6 minutes here.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { simpleParser } from 'mailparser';
import { DynamoLedger } from '../functions/adapters/dynamodb/dynamodb-ledger';
import * as K from '../functions/adapters/dynamodb/keys';
import { ensureTable } from '../functions/adapters/dynamodb/table';
import { parseInboundMail } from '../functions/adapters/mail/parse-inbound-mail';
import { FixedClock } from '../functions/adapters/memory/fixed-clock';
import { MemoryMailer } from '../functions/adapters/memory/memory-mailer';
import { defaultConfig } from '../functions/core/config';
import { draftIdOf, runIdOf } from '../functions/core/ids';
import { logAddressOf, replyAddressOf } from '../functions/core/inbound/inbound-addresses';
import { receiveMail, type ReceiveMailDeps, type ReceiveResult } from '../functions/core/inbound/receive-mail';
import { contactSchema, repSchema, type Contact, type Draft, type Rep } from '../functions/core/model';
import { silentLogger } from '../functions/core/ports';
import { startDynamoDbLocal } from '../functions/local/dynamodb-local';
import { LOCAL_REGION, localCredentials, localDynamoDocumentClient } from '../functions/local/local-clients';
import { freePort } from '../functions/local/ports';
import { batchWriteAll } from './support/raw-batch-write';

export interface BenchResult {
  title: string;
  command: string;
  markdown: string;
  goalsMet?: boolean;
}

const SIZES = [Math.max(10, Number(process.env.BENCH_INBOUND_SMALL ?? 1_000)), Math.max(10, Number(process.env.BENCH_INBOUND_BIG ?? 10_000))] as const;
const MEMORY_ROUNDS = Math.max(1, Number(process.env.BENCH_INBOUND_ROUNDS ?? 3));
const SPEED_MAILS = Math.max(12, Number(process.env.BENCH_INBOUND_SPEED_SIZE ?? 2_000));
const SPEED_ROUNDS = Math.max(1, Number(process.env.BENCH_INBOUND_SPEED_ROUNDS ?? 3));
/** Mails in flight at once, for the real thing and the baseline alike. */
const IN_FLIGHT = Math.max(1, Number(process.env.BENCH_INBOUND_IN_FLIGHT ?? 8));
const GOALS = { ofBaseline: 0.5, flatRatio: 1.3 };

const KEY = Buffer.alloc(32, 9);
const DOMAIN = 'in.presence.example';
const NOW = '2027-01-14T09:00:00.000Z';
const CAMPAIGN = 'crisis-update';
const RUN_ID = runIdOf(CAMPAIGN, new Date('2027-01-11T08:00:00Z'));
const REP_EMAIL = 'petra.schneider@presence.example';
const VERDICTS = { spf: 'PASS', dkim: 'PASS' };

// ------------------------------------------------------------------ the world (deterministic)

const SAMPLES_DIR = join(fileURLToPath(import.meta.url), '..', '..', 'samples', 'inbound');
/** The samples, named one by one so that a sample added later does not change the mix without a word. */
const TEMPLATE_NAMES = [
  'auto-de-abwesenheitsnotiz.eml',
  'auto-de-exchange.eml',
  'auto-en-back-on.eml',
  'auto-en-gmail.eml',
  'auto-fr.eml',
  'auto-nl.eml',
  'auto-pl.eml',
  'own-mail-rep.eml',
  'reply-de-apple.eml',
  'reply-de-outlook.eml',
  'reply-en-gmail.eml',
  'report-delivery.eml',
];
const TEMPLATES = TEMPLATE_NAMES.map((name) => ({ name, text: readFileSync(join(SAMPLES_DIR, name), 'latin1'), own: name.startsWith('own-mail') }));

function benchRep(): Rep {
  return repSchema.parse({ id: 'rep-1', name: 'Petra Schneider', email: REP_EMAIL, version: 1 });
}

const emailOf = (i: number) => `kunde.${i}@firma-${i % 97}.example`;

function benchContact(i: number): Contact {
  return contactSchema.parse({
    id: `c-${i}`,
    salutation: i % 2 ? 'ms' : 'mr',
    firstName: 'Anna',
    lastName: `Kunde${i}`,
    company: `Firma ${i % 97}`,
    email: emailOf(i),
    address: { street: 'Hauptstraße 1', postalCode: '10115', city: 'Berlin', country: 'DE' },
    repId: 'rep-1',
    cadenceDays: 30,
    nextDueAt: '2027-02-01T00:00:00.000Z',
    version: 1,
  });
}

function benchDraft(i: number): Draft {
  const contactId = `c-${i}`;
  return {
    id: draftIdOf(RUN_ID, contactId),
    campaignId: CAMPAIGN,
    runId: RUN_ID,
    contactId,
    repId: 'rep-1',
    channel: 'email',
    kind: 'email',
    locale: 'de-DE',
    status: 'sent',
    content: { subject: 'Neuigkeiten zur Lieferlage', html: '<p>Hallo</p>', text: 'Hallo' },
    missing: [],
    createdAt: '2027-01-11T08:00:00.000Z',
    updatedAt: '2027-01-11T08:12:00.000Z',
    sentAt: '2027-01-11T08:12:00.000Z',
    expiresAt: '2027-01-14T08:00:00.000Z',
    version: 3,
  } as Draft;
}

/** Mail `i` (contact `i`): the sample's bytes with a Message-ID of its own (and for own mail, To the contact). */
function mailOf(i: number): { bytes: Buffer; recipient: string; template: string } {
  const t = TEMPLATES[i % TEMPLATES.length]!;
  // only the first Message-ID: a delivery report quotes the original mail's headers further down
  let text = t.text.replace(/^Message-ID:[^\r\n]*(\r?\n[ \t][^\r\n]*)*/im, `Message-ID: <bench-${i}.${t.name.replace(/\.eml$/, '')}@bench.example>`);
  if (t.own) {
    text = text.replace(/^To:[^\r\n]*(\r?\n[ \t][^\r\n]*)*/im, `To: Kunde ${i} <${emailOf(i)}>`).replace(/^Cc:[^\r\n]*(\r?\n[ \t][^\r\n]*)*\r?\n/im, '');
  }
  const recipient = t.own ? logAddressOf(KEY, DOMAIN, 'rep-1')! : replyAddressOf(KEY, DOMAIN, benchDraft(i))!;
  return { bytes: Buffer.from(text, 'latin1'), recipient, template: t.name };
}

async function seedLedger(endpoint: string, table: string, from: number, to: number): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: localCredentials });
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  await ensureTable(client, table);
  const rep = benchRep();
  const items: Array<Record<string, unknown>> = [{ ...K.repKeys(rep), type: 'rep', ...rep }];
  for (let i = from; i < to; i++) {
    const contact = benchContact(i);
    const draft = benchDraft(i);
    items.push({ ...K.contactKeys(contact), type: 'contact', ...contact }, { ...K.draftKeys(draft), type: 'draft', ...draft });
  }
  await batchWriteAll(doc, table, items, 8);
  client.destroy();
}

async function dropTable(endpoint: string, table: string): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: localCredentials });
  await client.send(new DeleteTableCommand({ TableName: table }));
  client.destroy();
}

// ------------------------------------------------------------------ helpers

/** CPU seconds (user + system) of process `pid` and its descendants, from /proc; 0 without /proc. */
function processTreeCpuSeconds(root: number): number {
  try {
    const stats = readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .flatMap((pid) => {
        try {
          const raw = readFileSync(`/proc/${pid}/stat`, 'utf8');
          const f = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
          return [{ pid: Number(pid), ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) }];
        } catch {
          return [];
        }
      });
    let ticks = 0;
    const walk = (pid: number) => {
      for (const s of stats) {
        if (s.pid === pid) ticks += s.ticks;
        if (s.ppid === pid) walk(s.pid);
      }
    };
    walk(root);
    return ticks / 100;
  } catch {
    return 0;
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function inFlight(count: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await work(next++);
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, count) }, worker));
}

type Outcomes = Partial<Record<ReceiveResult, number>>;

function depsFor(ledger: DynamoLedger, mailer: MemoryMailer): ReceiveMailDeps {
  return {
    ledger,
    mailer,
    clock: new FixedClock(NOW),
    logger: silentLogger,
    secrets: { signingKey: async () => KEY },
    config: { ...defaultConfig, receivingDomain: DOMAIN, configurationSet: 'presence' },
  };
}

/** parse + receiveMail for mails from..to, IN_FLIGHT at once; mails made on the fly (as read from S3) unless given. */
async function receiveAll(ledger: DynamoLedger, from: number, to: number, given?: Array<ReturnType<typeof mailOf>>) {
  const mailer = new MemoryMailer();
  const deps = depsFor(ledger, mailer);
  const outcomes: Outcomes = {};
  const byTemplate: Record<string, string> = {};
  let forwarded = 0;
  let touches = 0;
  await inFlight(to - from, async (k) => {
    const m = given ? given[k]! : mailOf(from + k);
    const out = await receiveMail(deps, { mail: await parseInboundMail(m.bytes), recipients: [m.recipient], verdicts: VERDICTS });
    outcomes[out.result] = (outcomes[out.result] ?? 0) + 1;
    byTemplate[m.template] ??= `${out.result}${out.kind ? ` (${out.kind})` : ''}`;
    if (out.forwarded) forwarded += 1;
    touches += out.touches;
    mailer.sent.length = 0; // the in-memory mailer keeps what it sent: counted here, not kept, so memory is receiveMail's
  });
  if (outcomes.duplicate || outcomes.dropped) throw new Error(`mails ${from}..${to}: ${JSON.stringify(outcomes)}; per sample ${JSON.stringify(byTemplate)}`);
  // the replies' touches are in the ledger: a sample read back
  for (let i = from; i < to; i += Math.max(1, Math.floor((to - from) / 40))) {
    const t = TEMPLATES[i % TEMPLATES.length]!;
    if (!t.name.startsWith('reply-') && !t.own) continue;
    const list = await ledger.listTouches(`c-${i}`);
    if (list.length !== 1) throw new Error(`contact ${i} (${t.name}): ${list.length} touches, expected 1`);
  }
  return { outcomes, byTemplate, forwarded, touches };
}

// ------------------------------------------------------------------ memory: one size in a fresh child

interface MemoryRun {
  size: number;
  round?: number;
  seconds: number;
  mailsPerSecond: number;
  cpuSeconds: number;
  maxRssMb: number;
  rssAtStartMb: number;
  outcomes: Outcomes;
  touches: number;
  forwarded: number;
}

async function childMemory(size: number, endpoint: string, table: string): Promise<MemoryRun> {
  const ledger = new DynamoLedger(localDynamoDocumentClient(endpoint), table);
  // modules and the ledger client loaded, before the first mail
  const rssAtStartMb = process.memoryUsage().rss / 2 ** 20;
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  const r = await receiveAll(ledger, 0, size);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return {
    size,
    seconds,
    mailsPerSecond: size / seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    rssAtStartMb,
    outcomes: r.outcomes,
    touches: r.touches,
    forwarded: r.forwarded,
  };
}

function inChild<T>(...args: string[]): T {
  const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', ...args], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
    cwd: join(fileURLToPath(import.meta.url), '..', '..'),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (child.status !== 0) throw new Error(`bench child ${args.join(' ')} failed (status ${child.status})`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as T;
}

// ------------------------------------------------------------------ speed: the real thing and the baseline

interface SpeedRun {
  round: number;
  what: 'real' | 'baseline' | 'parse' | 'floor';
  mails: number;
  seconds: number;
  mailsPerSecond: number;
  /** This process's CPU. */
  cpuSeconds: number;
  mailsPerCpuSecond: number;
  /** DynamoDB Local's CPU in the same time. */
  dynamoCpuSeconds: number;
}

async function timed(round: number, what: SpeedRun['what'], mails: number, dynamoPid: number, work: () => Promise<void>): Promise<SpeedRun> {
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  const d0 = processTreeCpuSeconds(dynamoPid);
  await work();
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return { round, what, mails, seconds, mailsPerSecond: mails / seconds, cpuSeconds, mailsPerCpuSecond: mails / cpuSeconds, dynamoCpuSeconds: processTreeCpuSeconds(dynamoPid) - d0 };
}

const BASELINE_OPTIONS = { skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true, checksumAlgo: false } as const;

// ------------------------------------------------------------------ the run

export async function run(): Promise<BenchResult> {
  const before = loadavg()[0]!;
  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  const dynamoPid = dynamo.process.pid!;
  const speed: SpeedRun[] = [];
  const memory: MemoryRun[] = [];
  const seedSeconds: number[] = [];
  let perTemplate: Record<string, string> = {};
  try {
    // speed: one table, a range of contacts per round, seeded before any clock starts
    const speedTable = 'bench-inbound-speed';
    const s0 = performance.now();
    await seedLedger(dynamo.endpoint, speedTable, 0, (SPEED_ROUNDS + 1) * SPEED_MAILS);
    seedSeconds.push((performance.now() - s0) / 1000);
    process.stderr.write(`bench inbound: seeded ${(SPEED_ROUNDS + 1) * SPEED_MAILS} contacts in ${seedSeconds[0]!.toFixed(1)} s\n`);
    const ledger = new DynamoLedger(localDynamoDocumentClient(dynamo.endpoint), speedTable);
    const floorDoc = localDynamoDocumentClient(dynamo.endpoint);
    // warm-up round (range 0), not counted: JIT, connections, DynamoDB Local's own warm-up
    const warm = Array.from({ length: SPEED_MAILS }, (_, k) => mailOf(k));
    await receiveAll(ledger, 0, SPEED_MAILS, warm);
    for (const m of warm) await simpleParser(m.bytes, BASELINE_OPTIONS);
    await inFlight(SPEED_MAILS, async (k) => void (await floorDoc.send(new PutCommand({ TableName: speedTable, Item: { PK: `FLOOR#0#${k}`, SK: 'MAIL' } }))));
    for (let round = 1; round <= SPEED_ROUNDS; round++) {
      const from = round * SPEED_MAILS;
      const mails = Array.from({ length: SPEED_MAILS }, (_, k) => mailOf(from + k));
      const real = () =>
        timed(round, 'real', SPEED_MAILS, dynamoPid, async () => {
          const r = await receiveAll(ledger, from, from + SPEED_MAILS, mails);
          perTemplate = r.byTemplate;
        });
      const baseline = () => timed(round, 'baseline', SPEED_MAILS, dynamoPid, () => inFlight(SPEED_MAILS, async (k) => void (await simpleParser(mails[k]!.bytes, BASELINE_OPTIONS))));
      const parse = () => timed(round, 'parse', SPEED_MAILS, dynamoPid, () => inFlight(SPEED_MAILS, async (k) => void (await parseInboundMail(mails[k]!.bytes))));
      // the floor of any recording: mailparser, then the one idempotent write no design can do without (a conditional
      // put of a small item keyed by the mail), with the raw document client, as many in flight
      const floor = () =>
        timed(round, 'floor', SPEED_MAILS, dynamoPid, () =>
          inFlight(SPEED_MAILS, async (k) => {
            const parsed = await simpleParser(mails[k]!.bytes, BASELINE_OPTIONS);
            await floorDoc.send(
              new PutCommand({
                TableName: speedTable,
                Item: { PK: `FLOOR#${round}#${k}`, SK: 'MAIL', messageId: parsed.messageId ?? String(k), at: NOW },
                ConditionExpression: 'attribute_not_exists(PK)',
              }),
            );
          }),
        );
      const order = round % 2 ? [real, baseline, parse, floor] : [floor, baseline, parse, real];
      for (const step of order) speed.push(await step());
      const r = speed.find((s) => s.round === round && s.what === 'real')!;
      const b = speed.find((s) => s.round === round && s.what === 'baseline')!;
      const fl = speed.find((s) => s.round === round && s.what === 'floor')!;
      process.stderr.write(`bench inbound: speed round ${round}/${SPEED_ROUNDS}: real ${r.mailsPerSecond.toFixed(0)} mails/s, baseline ${b.mailsPerSecond.toFixed(0)} mails/s, floor ${fl.mailsPerSecond.toFixed(0)} mails/s\n`);
    }
    await dropTable(dynamo.endpoint, speedTable);

    for (let round = 1; round <= MEMORY_ROUNDS; round++) {
      for (const size of SIZES) {
        const table = `bench-inbound-${size}-${round}`;
        const t0 = performance.now();
        await seedLedger(dynamo.endpoint, table, 0, size);
        seedSeconds.push((performance.now() - t0) / 1000);
        const m = { ...inChild<MemoryRun>(String(size), dynamo.endpoint, table), round };
        memory.push(m);
        process.stderr.write(`bench inbound: memory round ${round}/${MEMORY_ROUNDS}: ${size} mails, ${m.mailsPerSecond.toFixed(0)} mails/s, peak RSS ${m.maxRssMb.toFixed(0)} MB\n`);
        await dropTable(dynamo.endpoint, table);
      }
    }
  } finally {
    await dynamo.stop();
  }
  const after = loadavg()[0]!;

  const of = (what: SpeedRun['what']) => speed.filter((s) => s.what === what);
  const rate = (what: SpeedRun['what']) => median(of(what).map((s) => s.mailsPerSecond));
  const cpuRate = (what: SpeedRun['what']) => median(of(what).map((s) => s.mailsPerCpuSecond));
  const ofBaseline = rate('real') / rate('baseline');
  const ofBaselineCpu = cpuRate('real') / cpuRate('baseline');
  const parseOfBaseline = rate('parse') / rate('baseline');
  const floorOfBaseline = rate('floor') / rate('baseline');
  const realOfFloor = rate('real') / rate('floor');
  const roundRatios = of('real').map((r) => r.mailsPerSecond / of('baseline').find((b) => b.round === r.round)!.mailsPerSecond);
  const medianRun = (size: number) => {
    const runs = memory.filter((e) => e.size === size).sort((a, b) => a.maxRssMb - b.maxRssMb);
    return runs[Math.floor(runs.length / 2)]!;
  };
  const [small, big] = [medianRun(SIZES[0]), medianRun(SIZES[1])];
  const flatRatio = big.maxRssMb / small.maxRssMb;
  const realRuns = of('real');
  const dynamoCpuPerMail = median(realRuns.map((r) => r.dynamoCpuSeconds / r.mails));
  const nodeCpuPerMail = median(realRuns.map((r) => r.cpuSeconds / r.mails));
  const met = { ratio: ofBaseline >= GOALS.ofBaseline, flat: flatRatio <= GOALS.flatRatio };
  const mark = (ok: boolean) => (ok ? 'met' : '**missed**');
  const f = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const label = {
    real: 'real: parseInboundMail + receiveMail, DynamoDB Local',
    baseline: 'baseline: mailparser simpleParser alone',
    parse: 'parseInboundMail alone (no goal)',
    floor: 'floor: simpleParser + one conditional PutItem, DynamoDB Local',
  };
  const speedRow = (s: SpeedRun) =>
    `| round ${s.round}: ${label[s.what]} | ${f(s.mails)} | ${f(s.seconds, 2)} s | ${f(s.mailsPerSecond)} | ${f(s.cpuSeconds, 2)} s | ${f(s.mailsPerCpuSecond)} | ${s.what === 'real' || s.what === 'floor' ? `${f(s.dynamoCpuSeconds, 1)} s` : ''} |`;
  const memRow = (m: MemoryRun) =>
    `| ${f(m.size)} (round ${m.round}) | ${f(m.seconds, 1)} s | ${f(m.mailsPerSecond)} | ${f(m.cpuSeconds, 1)} s | ${f(m.maxRssMb)} MB | ${f(m.rssAtStartMb)} MB | ${Object.entries(m.outcomes).map(([k, v]) => `${k} ${f(v)}`).join(', ')}; ${f(m.touches)} touches, ${f(m.forwarded)} forwarded |`;
  const peaks = (size: number) => memory.filter((m) => m.size === size).map((m) => f(m.maxRssMb)).join(', ');
  const markdown = [
    `Mails: the ${TEMPLATES.length} sample mails (${TEMPLATE_NAMES.join(', ')}) in turn, each copy with a Message-ID of its own and`,
    'delivered (envelope recipient) to the signed reply address of a distinct contact\'s sent email draft; the own mail goes',
    'to the rep\'s logging address with its To rewritten to one of the rep\'s contacts (SPF and DKIM given as passing). So no',
    `mail is a duplicate and none is dropped (checked; the reply and own-mail touches read back for a sample). Per sample: ${Object.entries(perTemplate)
      .map(([k, v]) => `${k.replace(/\.eml$/, '')} → ${v}`)
      .join('; ')}.`,
    `One rep, one contact and one sent draft per mail, seeded with BatchWriteItem before any clock starts (${f(Math.min(...seedSeconds), 1)}-${f(Math.max(...seedSeconds), 1)} s, not timed).`,
    '',
    `- **Speed**: one process, ${SPEED_ROUNDS} rounds of ${f(SPEED_MAILS)} mails after a warm-up round of as many (not counted), the order`,
    '  swapped every round. **Real**: `parseInboundMail` + `receiveMail` against a `DynamoLedger` on DynamoDB Local (in',
    `  memory, started by the bench), ${IN_FLIGHT} mails in flight at once, as a Lambda receiving many mails runs several instances;`,
    '  the mailer is the in-memory one (`MemoryMailer`, its list emptied after each mail): SES is not in the measured path.',
    `  **Baseline**: mailparser's \`simpleParser\` alone over the same bytes, ${IN_FLIGHT} in flight, with the options the adapter uses`,
    '  (no text-to-HTML, no links, no checksums), i.e. the real ceiling of the parsing step. **Floor**: the same parse, then',
    '  one conditional `PutItem` of a small item per mail with the raw document client, as many in flight: the fewest',
    '  DynamoDB requests an idempotent recording can make, i.e. the ceiling of the whole step on this emulator.',
    `- **Memory**: ${f(SIZES[0])} and ${f(SIZES[1])} mails, each in a fresh child process (getrusage maxRSS over its life), ${MEMORY_ROUNDS} rounds`,
    '  alternating, a fresh table seeded by the parent each time; the ledger\'s data lives in DynamoDB Local, a separate',
    '  process, as in AWS. The child makes each mail\'s bytes when it takes it, as a Lambda reads one mail from S3.',
    '',
    `1-minute load average ${f(before, 1)} before, ${f(after, 1)} after the run (2 cores; DynamoDB Local runs on the same cores).`,
    '',
    '| run | mails | wall time | mails/s | CPU (this process) | mails/CPU-s | CPU of DynamoDB Local |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...speed.map(speedRow),
    '',
    '| memory run (DynamoDB Local) | wall time | mails/s | CPU | peak RSS | RSS at start | outcomes |',
    '|---|---:|---:|---:|---:|---:|---|',
    ...memory.map(memRow),
    '',
    '| goal | measured (wall clock) | measured (CPU time) | target | |',
    '|---|---:|---:|---:|---|',
    `| real mails/s ÷ baseline mails/s (median of ${SPEED_ROUNDS} interleaved rounds; per round: ${roundRatios.map((r) => f(r, 2)).join(', ')}) | ${f(ofBaseline, 2)} | ${f(ofBaselineCpu, 2)} | ≥ ${GOALS.ofBaseline} | ${mark(met.ratio)} |`,
    `| flat memory: median peak RSS ${f(SIZES[1])} / ${f(SIZES[0])} mails (${f(SIZES[1])}: ${peaks(SIZES[1])} MB; ${f(SIZES[0])}: ${peaks(SIZES[0])} MB) | ${f(flatRatio, 2)} | | ≤ ${GOALS.flatRatio} | ${mark(met.flat)} |`,
    `| parseInboundMail alone ÷ baseline (reported, no goal) | ${f(parseOfBaseline, 2)} | ${f(cpuRate('parse') / cpuRate('baseline'), 2)} | | |`,
    `| floor ÷ baseline: the most any recording could reach (reported) | ${f(floorOfBaseline, 2)} | ${f(cpuRate('floor') / cpuRate('baseline'), 2)} | | |`,
    `| real ÷ floor (reported, no goal) | ${f(realOfFloor, 2)} | ${f(cpuRate('real') / cpuRate('floor'), 2)} | | |`,
    '',
    `Where the real thing's time goes: per mail it spends ${f(nodeCpuPerMail * 1000, 2)} ms of CPU in this process, of which parsing`,
    `(\`parseInboundMail\` alone) is ${f(1000 / cpuRate('parse'), 2)} ms and mailparser alone ${f(1000 / cpuRate('baseline'), 2)} ms; the rest is \`receiveMail\` and the AWS SDK`,
    'building, signing and sending its DynamoDB requests and reading the answers (several per mail: a reply reads contact, drafts and rep and writes inbox entry, touch and forwarded mark).',
    `DynamoDB Local spends ${f(dynamoCpuPerMail * 1000, 2)} ms per mail in its own process. Both share the 2 cores, so the emulator's request and`,
    'transaction rate bounds the wall-clock rate of (a); but the CPU-time ratio, which counts this process only, misses',
    'the goal as well: the goal is missed because recording a mail is a handful of network round trips with the SDK\'s',
    'per-request work, against a baseline that only parses. The baseline is strong for the parsing step (it is the',
    'library the adapter wraps, with the same options, so nothing parses these bytes faster in this process); in AWS the',
    'recording runs against DynamoDB, whose latency, not CPU, would dominate, and several Lambda instances run at once.',
    '',
    `**The goal cannot be met as stated.** The floor row is mailparser followed by the one write that any design that records a`,
    'mail has to make (a conditional put of one small item, keyed by the mail, so that a second delivery changes nothing),',
    `with the raw document client and ${IN_FLIGHT} in flight: it reaches ${f(floorOfBaseline, 2)} of the baseline on the wall clock and ${f(cpuRate('floor') / cpuRate('baseline'), 2)} in CPU time.`,
    'A single DynamoDB request costs more than parsing a mail, so no recording that writes at all can reach 0.5 of parsing',
    `alone. Against that floor the real thing, which reads three items and writes three, reaches ${f(realOfFloor, 2)}.`,
    'Goals are judged on the wall clock.',
  ].join('\n');
  return { title: 'Inbound mail (issue 16)', command: 'npx tsx bench/inbound.ts', markdown, goalsMet: met.ratio && met.flat };
}

// ------------------------------------------------------------------ entry

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const childAt = process.argv.indexOf('--child');
  if (childAt > 0) {
    const [size, endpoint, table] = process.argv.slice(childAt + 1);
    process.stdout.write(JSON.stringify(await childMemory(Number(size), endpoint!, table!)) + '\n');
  } else {
    const result = await run();
    process.stdout.write(`## ${result.title}\n\n${result.markdown}\n`);
  }
}
