// bin/presence.mjs runs the CLI compiled by scripts/build-cli.mjs, rebuilding it when a source is newer.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_GROUPS } from '../../functions/cli/command-index';
import {
  buildCli,
  CLI_BUNDLE_FILE,
  CLI_DIST_DIR,
  CLI_EXTERNAL_PACKAGES,
  cliBundleInputs,
  cliBundleIsStale,
  ensureCliBundle,
  PROJECT_ROOT,
} from '../../scripts/build-cli.mjs';

const at = (file: string, seconds: number) => utimesSync(file, seconds, seconds);

describe('bin/presence.mjs', () => {
  it('answers --help from the compiled bundle with the command list', () => {
    const r = spawnSync(process.execPath, [join(PROJECT_ROOT, 'bin', 'presence.mjs'), '--help'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    for (const name of COMMAND_GROUPS.flatMap((g) => g.commands.map((c) => c.name))) expect(r.stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
    expect(existsSync(join(CLI_DIST_DIR, CLI_BUNDLE_FILE))).toBe(true);
  });
});

describe('the staleness check', () => {
  const dir = mkdtempSync(join(tmpdir(), 'presence-cli-stale-'));
  const bundle = join(dir, 'main.mjs');
  const source = join(dir, 'a.ts');
  const lock = join(dir, 'package-lock.json');
  beforeAll(() => {
    for (const f of [bundle, source, lock]) writeFileSync(f, '');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is fresh when every input is older than the bundle, stale when one is newer, missing, or the bundle is', () => {
    at(source, 1_000);
    at(lock, 1_000);
    at(bundle, 2_000);
    expect(cliBundleIsStale({ bundle, inputs: [source, lock] })).toBe(false);
    at(source, 3_000);
    expect(cliBundleIsStale({ bundle, inputs: [source, lock] })).toBe(true);
    at(source, 1_000);
    expect(cliBundleIsStale({ bundle, inputs: [source, lock, join(dir, 'deleted.ts')] })).toBe(true);
    expect(cliBundleIsStale({ bundle: join(dir, 'none.mjs'), inputs: [source] })).toBe(true);
  });

  it('rebuilds only when stale', async () => {
    let builds = 0;
    const build = async () => void builds++;
    at(source, 1_000);
    at(bundle, 2_000);
    expect(await ensureCliBundle({ outDir: dir, inputs: [source], build })).toBe(false);
    at(source, 3_000);
    expect(await ensureCliBundle({ outDir: dir, inputs: [source], build })).toBe(true);
    expect(builds).toBe(1);
  });

  it('watches every file under functions/, the lock file and the build script', () => {
    const inputs = cliBundleInputs().map((f) => relative(PROJECT_ROOT, f));
    expect(inputs).toContain('package-lock.json');
    expect(inputs).toContain('scripts/build-cli.mjs');
    expect(inputs).toContain('functions/cli/main.ts');
    expect(inputs).toContain('functions/local/DynamoDbLocalOnLoopback.java');
  });
});

describe('the bundle', () => {
  // built afresh into a folder of its own inside the repository (its external packages resolve from node_modules)
  const outDir = mkdtempSync(join(PROJECT_ROOT, 'dist', 'test-cli-'));
  let metafile: Metafile;
  let warnings: string[];
  const old = join(outDir, 'chunk-OLD.mjs');
  const recent = join(outDir, 'chunk-RECENT.mjs');
  beforeAll(async () => {
    mkdirSync(outDir, { recursive: true });
    writeFileSync(old, '');
    writeFileSync(recent, '');
    at(old, Date.now() / 1000 - 3 * 24 * 3600);
    ({ metafile, warnings } = await buildCli({ outDir }));
  }, 120_000);
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('leaves no bare import unresolved but Node built-ins and the packages kept external on purpose, which resolve from it', () => {
    expect(warnings).toEqual([]);
    const builtins = new Set(builtinModules);
    const external = new Set<string>();
    for (const output of Object.values(metafile.outputs)) for (const i of output.imports) if (i.external) external.add(i.path);
    const packages = [...external].filter((p) => !p.startsWith('node:') && !builtins.has(p));
    expect(packages.sort()).toEqual([...CLI_EXTERNAL_PACKAGES].sort());
    const require = createRequire(join(outDir, CLI_BUNDLE_FILE));
    for (const p of packages) expect(() => require.resolve(p), p).not.toThrow();
  });

  it('loads neither the AWS SDK nor a command for --help: those are chunks imported on demand', () => {
    const entry = Object.keys(metafile.outputs).find((o) => o.endsWith(`/${CLI_BUNDLE_FILE}`))!;
    const loaded = new Set<string>();
    const visit = (output: string) => {
      if (loaded.has(output)) return;
      loaded.add(output);
      for (const i of metafile.outputs[output]!.imports) if (!i.external && i.kind === 'import-statement') visit(i.path);
    };
    visit(entry);
    const inputs = [...loaded].flatMap((o) => Object.keys(metafile.outputs[o]!.inputs));
    expect(inputs).toContain('functions/cli/main.ts');
    expect(inputs.filter((i) => /@aws-sdk|@smithy|functions\/cli\/commands\/|functions\/local\/local-runtime|zod/.test(i))).toEqual([]);
  });

  it('runs from its folder (the local stack\'s modules load) and is fresh after the build', () => {
    const r = spawnSync(process.execPath, [join(outDir, CLI_BUNDLE_FILE), 'up', '--help'], { encoding: 'utf8', timeout: 30_000 });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('--in-memory');
    expect(cliBundleIsStale({ bundle: join(outDir, CLI_BUNDLE_FILE), inputs: [join(PROJECT_ROOT, 'package-lock.json')] })).toBe(false);
  });

  it('rewrites import.meta to the source files’ own places, so paths from the repository root still resolve', () => {
    const places = new Set<string>();
    for (const output of Object.keys(metafile.outputs)) {
      const code = readFileSync(join(PROJECT_ROOT, output), 'utf8');
      expect(code, output).not.toMatch(/import\.meta\.dirname,\s*"DynamoDbLocalOnLoopback\.java"/);
      for (const m of code.matchAll(/__presenceJoin\(import\.meta\.dirname,\s*"([^"]+)"\)/g)) places.add(m[1]!);
      for (const m of code.matchAll(/new URL\("([^"]+)",\s*import\.meta\.url\)/g)) places.add(m[1]!);
    }
    const resolved = [...places].map((p) => relative(PROJECT_ROOT, join(outDir, p)));
    expect(resolved).toContain('functions/local'); // PROJECT_ROOT and DynamoDB Local's launcher
    expect(resolved).toContain('functions/local/dynamodb-local.ts'); // createRequire for the jar
    for (const r of resolved) expect(existsSync(join(PROJECT_ROOT, r)), r).toBe(true);
  });

  it('removes chunks of earlier builds a day after they were written, not at once', () => {
    expect(existsSync(old)).toBe(false);
    expect(existsSync(recent)).toBe(true);
    expect(statSync(join(outDir, CLI_BUNDLE_FILE)).isFile()).toBe(true);
  });
});
