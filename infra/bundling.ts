// How a handler becomes a Lambda bundle: one set of esbuild settings, used by the PresenceFunction construct
// (through NodejsFunction's local esbuild bundling) and by bench/cold-start.ts (through the esbuild API), so the
// bundle that is measured is the bundle that is deployed.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LETTER_FONT_FILES } from '../functions/adapters/pdf/letter-fonts';

export const HANDLERS = [
  'plan-campaign',
  'approval-site',
  'send-approved',
  'ses-events',
  'unsubscribe',
  'export-letters',
  'sweep-claims',
] as const;
export type HandlerName = (typeof HANDLERS)[number];

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export function handlerEntry(handler: HandlerName): string {
  return join(PROJECT_ROOT, 'functions', 'handlers', `${handler}.ts`);
}

/** esbuild target; matches the Lambda runtime (Runtime.NODEJS_24_X in presence-function.ts). */
export const NODE_TARGET = 'node24';

/**
 * ESM output loses `require`, `__filename` and `__dirname`; CommonJS dependencies bundled into the ESM file
 * (and pdfkit's createRequire for its standard fonts) still use them, so the banner recreates them once per bundle.
 */
export const ESM_BANNER =
  "import{createRequire as __presenceCreateRequire}from'node:module';" +
  "import{fileURLToPath as __presenceFileUrlToPath}from'node:url';" +
  "import{dirname as __presenceDirname}from'node:path';" +
  'const require=__presenceCreateRequire(import.meta.url);' +
  'const __filename=__presenceFileUrlToPath(import.meta.url);' +
  'const __dirname=__presenceDirname(__filename);';

/**
 * Left out of the bundle:
 * - the AWS SDK v3 ships with the Node.js Lambda runtimes: smaller artifacts, and the 400 kB budget measures our
 *   code and its own dependencies;
 * - source-map is an optional dependency of the Handlebars compiler (code-gen.js requires it inside try/catch and
 *   falls back to its own SourceNode when it is missing); templates are compiled without source maps, so the
 *   27 kB library would only be dead weight.
 */
export const EXTERNAL_MODULES = ['@aws-sdk/*', 'source-map'];

/** The bundle file NodejsFunction writes for ESM output. */
export const BUNDLE_FILE = 'index.mjs';

/**
 * Project folders shipped next to the bundle of every function. The handlers find them through the ASSETS_DIR
 * environment variable, which is the Lambda task root (where index.mjs lies): ASSETS_DIR/templates, ASSETS_DIR/campaigns.
 */
export const ASSET_FOLDERS = ['templates', 'campaigns'] as const;
export const LAMBDA_TASK_ROOT = '/var/task';

/**
 * The letter export needs files beside its bundle:
 * - fonts/: the embedded letter fonts (functions/adapters/pdf/letter-fonts.ts looks for fonts/ next to the bundle);
 * - pdfkit loads its standard fonts (Helvetica is a new document's default) with
 *   `createRequire(import.meta.url)('#standard-fonts/<name>')`, a package import esbuild cannot follow, so pdfkit's
 *   font modules ship as standard-fonts/ with a package.json whose "imports" map resolves that specifier
 *   (infra/assets/pdfkit-imports.package.json).
 */
export const LETTER_HANDLERS: readonly HandlerName[] = ['export-letters'];

/** Shell commands (bash) that complete a bundle in `outputDir`; run after esbuild, from the project root. */
export function afterBundlingCommands(handler: HandlerName, inputDir: string, outputDir: string): string[] {
  const q = (p: string) => `'${p.replace(/'/g, `'\\''`)}'`;
  const commands = ASSET_FOLDERS.map((folder) => `mkdir -p ${q(join(outputDir, folder))} && cp -R ${q(join(inputDir, folder))}/. ${q(join(outputDir, folder))}/`);
  if (LETTER_HANDLERS.includes(handler)) {
    const fonts = Object.values(LETTER_FONT_FILES).map((f) => q(join(inputDir, 'node_modules', 'dejavu-fonts-ttf', 'ttf', f)));
    commands.push(
      `mkdir -p ${q(join(outputDir, 'fonts'))} && cp ${fonts.join(' ')} ${q(join(outputDir, 'fonts'))}/`,
      `cp -R ${q(join(inputDir, 'node_modules', 'pdfkit', 'js', 'standard-fonts'))} ${q(join(outputDir, 'standard-fonts'))}`,
      `cp ${q(join(inputDir, 'infra', 'assets', 'pdfkit-imports.package.json'))} ${q(join(outputDir, 'package.json'))}`,
    );
  }
  return commands;
}

/** The same settings as NodejsFunction's bundling options in presence-function.ts, as esbuild API options. */
export function esbuildBuildOptions(handler: HandlerName, outfile: string, entry: string = handlerEntry(handler)) {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node' as const,
    format: 'esm' as const,
    target: NODE_TARGET,
    minify: true,
    sourcemap: false,
    banner: { js: ESM_BANNER },
    external: EXTERNAL_MODULES,
    mainFields: ['module', 'main'],
    logLevel: 'warning' as const,
    metafile: true,
  };
}
