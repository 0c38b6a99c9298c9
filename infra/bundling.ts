// How a handler becomes a Lambda bundle: one set of esbuild settings, used by the PresenceFunction construct
// (through NodejsFunction's local esbuild bundling) and by bench/cold-start.ts (through the esbuild API), so the
// bundle that is measured is the bundle that is deployed.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HOLIDAY_TABLE_DIR } from '../functions/adapters/calendar/holiday-table';
import { DASHBOARD_SCRIPT_FILE } from '../functions/adapters/fs/dashboard-script';
import { LETTER_FONT_FILES } from '../functions/adapters/pdf/letter-fonts';
import { ASSET_MANIFEST_FILE } from '../functions/adapters/templates/campaign-assets';
import { PRECOMPILED_TEMPLATES_FILE } from '../functions/adapters/templates/precompiled-templates';
import { COMPANY_SETTINGS_JSON } from '../functions/adapters/settings/company-settings-json';

export const HANDLERS = [
  'plan-campaign',
  'plan-reps',
  'approval-site',
  'renew-link',
  'send-approved',
  'ses-events',
  'unsubscribe',
  'export-letters',
  'sweep-claims',
] as const;
export type HandlerName = (typeof HANDLERS)[number];

/**
 * Functions only some deployments have: receive-mail exists when the context names a receivingDomain (SES
 * receiving). Kept out of HANDLERS, which every deployment has one function each of.
 */
export const RECEIVING_HANDLERS = ['receive-mail'] as const;
export type ReceivingHandlerName = (typeof RECEIVING_HANDLERS)[number];
/** Any function presence can deploy. */
export type AnyHandlerName = HandlerName | ReceivingHandlerName;

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** A function's bundle entry: its Lambda entry, which builds the function's clients at INIT and exports the handler. */
export function handlerEntry(handler: AnyHandlerName): string {
  return join(PROJECT_ROOT, 'functions', 'handlers', 'lambda', `${handler}.ts`);
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
 * - source-map is an optional dependency of the Handlebars compiler (code-gen.js requires it inside try/catch and
 *   falls back to its own SourceNode when it is missing); templates are compiled without source maps, so the
 *   27 kB library would only be dead weight. (The functions that render templates carry only the Handlebars
 *   runtime, see PRECOMPILED_TEMPLATES; this keeps any bundle that does pull in the compiler from growing.)
 * The AWS SDK v3 is bundled, not taken from the Lambda runtime: loading the runtime's copy means resolving and
 * evaluating a few hundred CommonJS files per client (200-400 ms of CPU at cold start on the benchmark machine),
 * while its ESM build (mainFields module first), tree-shaken and minified into the one file, starts in a fraction
 * of that. Each function carries only the clients its entry imports from the composition root (functions/handlers/aws/compose.ts), and the bundle
 * size the benchmark reports includes them.
 */
export const EXTERNAL_MODULES = ['source-map'];

/**
 * Module substitutions in the Lambda bundles; NodejsFunction passes them as `--alias:` arguments: the SDK's default
 * credential chain becomes its environment link (functions/handlers/aws/lambda-credentials.ts says why). (A rewrite of
 * the SDK clients' schema modules, which let esbuild drop the schemas of operations a function never calls, was
 * measured with it switched off, bench/cold-start: every function met the goals without it, 43 kB and 2.5 ms more at
 * most, so it was removed; docs/benchmarks.md.)
 */
export function esbuildAliases(): Record<string, string> {
  return {
    '@aws-sdk/credential-provider-node': join(PROJECT_ROOT, 'functions', 'handlers', 'aws', 'lambda-credentials.ts'),
  };
}

/** esbuildAliases() as NodejsFunction's esbuildArgs. */
export function esbuildAliasArgs(): Record<string, string> {
  return Object.fromEntries(Object.entries(esbuildAliases()).map(([from, to]) => [`--alias:${from}`, to]));
}

/** The bundle file NodejsFunction writes for ESM output. */
export const BUNDLE_FILE = 'index.mjs';

/**
 * Project folders shipped next to the bundle of every function but the planner. The handlers find them through the
 * ASSETS_DIR environment variable, which is the Lambda task root (where index.mjs lies): ASSETS_DIR/templates,
 * ASSETS_DIR/campaigns.
 */
export const ASSET_FOLDERS = ['templates', 'campaigns'] as const;

/**
 * The planner's two functions (plan-campaign lists a slot's units, plan-reps plans them) get, instead of the folders, one JSON manifest of them (ASSET_MANIFEST_FILE): campaigns parsed and
 * validated and the templates' front matter split off at bundling time by infra/build-manifest.ts, so its bundle
 * needs no YAML parser, campaign schema or schedule checks (functions/adapters/templates/manifest-assets.ts).
 */
export const MANIFEST_HANDLERS: readonly HandlerName[] = ['plan-campaign', 'plan-reps'];
export { ASSET_MANIFEST_FILE };

/**
 * The functions that render templates get them precompiled: infra/build-templates.ts writes the specs as an ES module
 * (PRECOMPILED_TEMPLATES_FILE) beside the bundle, with the Handlebars runtime bundled in, and the handler renders them
 * with that runtime (functions/core/render/precompiled-engine.ts), so the bundle carries no Handlebars and the
 * container compiles nothing. Which templates: plan-reps drafts and sends digests; renew-link (the approval site's POST /renew) sends new links.
 */
export const PRECOMPILED_TEMPLATES: Readonly<Partial<Record<HandlerName, readonly ('drafts' | 'mails')[]>>> = {
  'plan-reps': ['drafts', 'mails'],
  'renew-link': ['mails'],
};
export { PRECOMPILED_TEMPLATES_FILE };
export const LAMBDA_TASK_ROOT = '/var/task';

/**
 * The approval site serves the coverage dashboard; its chart script (~180 kB of Chart.js) ships as a file at
 * DASHBOARD_SCRIPT_FILE beside the bundle and is read when a container first shows the dashboard, so the site's
 * bundle neither carries nor evaluates it at cold start.
 */
export const DASHBOARD_HANDLERS: readonly HandlerName[] = ['approval-site'];
export { DASHBOARD_SCRIPT_FILE };

/**
 * The letter export needs files beside its bundle:
 * - fonts/: the embedded letter fonts (functions/adapters/pdf/letter-fonts.ts looks for fonts/ next to the bundle);
 * - pdfkit loads its standard fonts (Helvetica is a new document's default) with
 *   `createRequire(import.meta.url)('#standard-fonts/<name>')`, a package import esbuild cannot follow, so pdfkit's
 *   font modules ship as standard-fonts/ with a package.json whose "imports" map resolves that specifier
 *   (infra/assets/pdfkit-imports.package.json).
 */
export const LETTER_HANDLERS: readonly HandlerName[] = ['export-letters'];

/**
 * The functions that move slots off holidays, read send windows or date letters get the public-holiday table beside the bundle (holidays/<CC>.json), written
 * by infra/build-holidays.ts with the holiday library at bundling time: the library with every country's data is
 * about 1.4 MB minified, one country's table a few KB (functions/adapters/calendar/holiday-table.ts).
 */
export const HOLIDAY_HANDLERS: readonly HandlerName[] = ['plan-campaign', 'send-approved', 'export-letters'];

/**
 * The functions that print the company's particulars get settings/company.yaml beside the bundle as JSON
 * (COMPANY_SETTINGS_JSON), validated by infra/build-company-settings.ts: plan-reps for the mails' footer, the
 * letter export for the letters' footer and return address.
 */
export const COMPANY_HANDLERS: readonly HandlerName[] = ['plan-reps', 'export-letters'];
export { COMPANY_SETTINGS_JSON };

/** Shell commands (bash) that complete a bundle in `outputDir`; run after esbuild, from the project root. */
export function afterBundlingCommands(handler: AnyHandlerName, inputDir: string, outputDir: string): string[] {
  const q = (p: string) => `'${p.replace(/'/g, `'\\''`)}'`;
  // tsx from the project, as `npm run synth` runs the CDK app: offline, and the same parser and checks as the CLI
  const tsx = join(inputDir, 'node_modules', '.bin', 'tsx');
  const among = (list: readonly AnyHandlerName[]) => list.includes(handler);
  const commands = among(MANIFEST_HANDLERS)
    ? [[tsx, join(inputDir, 'infra', 'build-manifest.ts'), inputDir, join(outputDir, ASSET_MANIFEST_FILE)].map(q).join(' ')]
    : ASSET_FOLDERS.map((folder) => `mkdir -p ${q(join(outputDir, folder))} && cp -R ${q(join(inputDir, folder))}/. ${q(join(outputDir, folder))}/`);
  const precompiled = (PRECOMPILED_TEMPLATES as Partial<Record<AnyHandlerName, readonly ('drafts' | 'mails')[]>>)[handler];
  if (precompiled) {
    commands.push([tsx, join(inputDir, 'infra', 'build-templates.ts'), inputDir, join(outputDir, PRECOMPILED_TEMPLATES_FILE), precompiled.join(',')].map(q).join(' '));
  }
  if (among(COMPANY_HANDLERS)) {
    commands.push([tsx, join(inputDir, 'infra', 'build-company-settings.ts'), inputDir, join(outputDir, COMPANY_SETTINGS_JSON)].map(q).join(' '));
  }
  if (among(HOLIDAY_HANDLERS)) {
    commands.push([tsx, join(inputDir, 'infra', 'build-holidays.ts'), join(outputDir, HOLIDAY_TABLE_DIR)].map(q).join(' '));
  }
  if (among(DASHBOARD_HANDLERS)) {
    commands.push(`mkdir -p ${q(join(outputDir, dirname(DASHBOARD_SCRIPT_FILE)))} && cp ${q(join(inputDir, DASHBOARD_SCRIPT_FILE))} ${q(join(outputDir, DASHBOARD_SCRIPT_FILE))}`);
  }
  if (among(LETTER_HANDLERS)) {
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
export function esbuildBuildOptions(handler: AnyHandlerName, outfile: string, entry: string = handlerEntry(handler)) {
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
    alias: esbuildAliases(),
    mainFields: ['module', 'main'],
    logLevel: 'warning' as const,
    metafile: true,
  };
}
