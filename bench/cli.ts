// `npx tsx bench/cli.ts` (or `npm run bench -- cli`): how fast a `presence` command starts (issue 19, item 2).
// Each command is a fresh process, started the way a person starts it (spawn `node bin/presence.mjs ...`), timed
// from spawn to exit (wall time), and set against `node -e ''` spawned the same way: what any Node.js program costs
// to start on this machine. The runs are interleaved (one of each per round, the order turned every round), so a
// burst of load on the shared machine falls on all of them alike; medians and quartiles.
//   --help         the command list: loads the entry chunk and commander only
//   contacts list  against a local stack the bench starts itself (`presence up --in-memory`, free ports, the
//                  sample data): the contacts commands' chunk, the local runtime with the AWS SDK, one Query
//   what it was    the TypeScript CLI as it ran before the bundle: the bin spawning `node --import tsx` over a main
//                  that loads every command module up front (rebuilt in .scratch/ from the same sources)
// Knobs: BENCH_CLI_RUNS (15) rounds; the tsx path runs every third round (it takes seconds).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { freePort } from '../functions/local/ports';
import { buildCli, ensureCliBundle, PROJECT_ROOT } from '../scripts/build-cli.mjs';

export interface BenchResult {
  title: string;
  command: string;
  markdown: string;
  goalsMet?: boolean;
}

const RUNS = Number(process.env.BENCH_CLI_RUNS ?? 15);
const GOALS = { help: 500, list: 1000 } as const;
const BIN = join(PROJECT_ROOT, 'bin', 'presence.mjs');

interface Case {
  key: string;
  label: string;
  args: string[];
  /** Only every n-th round. */
  every?: number;
  /** Must print this, or the run does not count (a failed command is fast too). */
  expect: RegExp;
  samples: number[];
}

function timeOnce(c: Case): number {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, c.args, { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 120_000, env: { ...process.env, NO_COLOR: '1' } });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0 || !c.expect.test(r.stdout)) throw new Error(`bench cli: ${c.label} failed (exit ${r.status}): ${r.stderr.slice(-500)}`);
  return ms;
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * q;
  return s[Math.floor(i)]! + (s[Math.ceil(i)]! - s[Math.floor(i)]!) * (i - Math.floor(i));
};
const median = (xs: number[]) => quantile(xs, 0.5);
const ms = (x: number) => `${Math.round(x).toLocaleString('en-US')} ms`;

/** The CLI as it was before the bundle: every command module imported up front, run through tsx by a wrapper process. */
function writeOldCli(dir: string): string {
  const main = join(dir, 'main.ts');
  writeFileSync(
    main,
    [
      `import { Command, CommanderError } from 'commander';`,
      `import { registerCommands } from ${JSON.stringify(join(PROJECT_ROOT, 'functions/cli/command-index.ts'))};`,
      `import { openLocalRuntime } from ${JSON.stringify(join(PROJECT_ROOT, 'functions/local/local-runtime.ts'))};`,
      `import { resolveDataDir } from ${JSON.stringify(join(PROJECT_ROOT, 'functions/local/stack-file.ts'))};`,
      `process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';`,
      `const program = new Command().name('presence').option('--data-dir <dir>', 'data directory').exitOverride();`,
      `await registerCommands(program, () => openLocalRuntime(resolveDataDir(program.opts().dataDir)), 'all');`,
      `try { await program.parseAsync(process.argv); } catch (e) { process.exitCode = e instanceof CommanderError ? e.exitCode : 1; if (!(e instanceof CommanderError)) console.error(e); }`,
    ].join('\n'),
  );
  const bin = join(dir, 'bin.mjs');
  writeFileSync(
    bin,
    [
      `import { spawnSync } from 'node:child_process';`,
      `const r = spawnSync(process.execPath, ['--import', 'tsx', ${JSON.stringify(main)}, ...process.argv.slice(2)], { stdio: 'inherit' });`,
      `process.exit(r.status ?? 1);`,
    ].join('\n'),
  );
  return bin;
}

async function startStack(dataDir: string): Promise<{ child: ChildProcess; stop: () => Promise<void> }> {
  const ports = { dynamodb: await freePort(), ses: await freePort(), site: await freePort() };
  const child = spawn(
    process.execPath,
    [BIN, '--data-dir', dataDir, 'up', '--in-memory', '--no-scheduler', '--dynamodb-port', String(ports.dynamodb), '--ses-port', String(ports.ses),
      '--site-port', String(ports.site), '--smtp-port', '0'],
    { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + 180_000;
  while (!output.includes('Ctrl-C stops everything')) {
    if (child.exitCode !== null) throw new Error(`bench cli: presence up exited early:\n${output}`);
    if (Date.now() > deadline) throw new Error(`bench cli: presence up did not start in time:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const stop = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGINT');
    });
  return { child, stop };
}

export async function run(): Promise<BenchResult> {
  const scratch = join(PROJECT_ROOT, '.scratch');
  mkdirSync(scratch, { recursive: true });
  const work = mkdtempSync(join(scratch, 'bench-cli-'));
  const dataDir = mkdtempSync(join(tmpdir(), 'presence-bench-cli-'));
  await ensureCliBundle();
  // the build, as npm ci and the first start after a change run it (into a folder of its own, not timed below)
  const buildStarted = process.hrtime.bigint();
  await buildCli({ outDir: join(work, 'dist') });
  const buildMs = Number(process.hrtime.bigint() - buildStarted) / 1e6;
  const oldBin = writeOldCli(work);
  const loadBefore = loadavg()[0]!;
  const stack = await startStack(dataDir);
  const list = ['--data-dir', dataDir, 'contacts', 'list'];
  const cases: Case[] = [
    { key: 'node', label: "`node -e ''` (baseline)", args: ['-e', ''], expect: /^/, samples: [] },
    { key: 'help', label: '`presence --help`', args: [BIN, '--help'], expect: /Commands:/, samples: [] },
    { key: 'list', label: '`presence contacts list`', args: [BIN, ...list], expect: /K-100\d\d/, samples: [] },
    { key: 'oldHelp', label: '`presence --help`, what it was (tsx)', args: [oldBin, '--help'], every: 3, expect: /Commands:/, samples: [] },
    { key: 'oldList', label: '`presence contacts list`, what it was (tsx)', args: [oldBin, ...list], every: 3, expect: /K-100\d\d/, samples: [] },
  ];
  try {
    // one warm-up round: the file system cache, tsx's compile cache
    for (const c of cases) timeOnce(c);
    for (let round = 0; round < RUNS; round++) {
      const order = cases.filter((c) => round % (c.every ?? 1) === 0);
      for (let i = 0; i < order.length; i++) {
        const c = order[(i + round) % order.length]!;
        c.samples.push(timeOnce(c));
      }
    }
  } finally {
    await stack.stop();
    rmSync(work, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
  const loadAfter = loadavg()[0]!;
  const by = Object.fromEntries(cases.map((c) => [c.key, c])) as Record<string, Case>;
  const node = median(by.node!.samples);
  const help = median(by.help!.samples);
  const listMs = median(by.list!.samples);
  const met = { help: help < GOALS.help, list: listMs < GOALS.list };
  const rows = cases.map((c) => {
    const m = median(c.samples);
    return `| ${c.label} | ${c.samples.length} | ${ms(m)} | ${ms(quantile(c.samples, 0.25))} – ${ms(quantile(c.samples, 0.75))} | ${(m / node).toFixed(1)} |`;
  });
  const markdown = [
    `Each command a fresh process spawned as a person starts it (\`node bin/presence.mjs ...\`), wall time from spawn to`,
    `exit, against \`node -e ''\` spawned the same way. ${RUNS} rounds after a warm-up round, one run of each per round in`,
    `an order turned every round; the tsx path of before every third round. \`contacts list\` runs against a local stack`,
    `the bench starts (\`presence up --in-memory\` on free ports, the sample contacts). The CLI is the esbuild bundle`,
    `dist/cli/ (scripts/build-cli.mjs): help loads the entry chunk and commander; a command loads its own chunk.`,
    `"What it was": the bin spawning \`node --import tsx\` over a main that imports every command module up front, as`,
    `before the bundle. 1-minute load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after (2 cores, DynamoDB Local on the same ones).`,
    '',
    '| command | runs | median | quartiles | × `node -e` |',
    '|---|---:|---:|---:|---:|',
    ...rows,
    '',
    '| goal | measured | met |',
    '|---|---:|---|',
    `| \`presence --help\` under ${ms(GOALS.help)} | ${ms(help)} (${(help / node).toFixed(1)} × node) | ${met.help ? 'yes' : 'no'} |`,
    `| \`presence contacts list\` under ${ms(GOALS.list)} | ${ms(listMs)} (${(listMs / node).toFixed(1)} × node) | ${met.list ? 'yes' : 'no'} |`,
    `| what it was / now: help | ${(median(by.oldHelp!.samples) / help).toFixed(1)} × | |`,
    `| what it was / now: contacts list | ${(median(by.oldList!.samples) / listMs).toFixed(1)} × | |`,
    '',
    `The build itself (npm ci's prepare script, or the first start after a file under functions/ changed): ${ms(buildMs)}.`,
  ].join('\n');
  return { title: 'CLI start (issue 19, item 2)', command: 'npx tsx bench/cli.ts', markdown, goalsMet: met.help && met.list };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const r = await run();
  process.stdout.write(`${r.markdown}\n`);
}
