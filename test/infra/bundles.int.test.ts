// The real bundles, not placeholders: what `npm run synth` and `cdk deploy` upload. The byte budget per bundle is
// measured and reported by bench/cold-start.ts (docs/benchmarks.md); these tests check that every bundle is
// complete and starts, and guard the size fixes in infra/bundling.ts.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ASSET_MANIFEST_FILE,
  BUNDLE_FILE,
  DASHBOARD_SCRIPT_FILE,
  HANDLERS,
  HOLIDAY_HANDLERS,
  MANIFEST_HANDLERS,
  PRECOMPILED_TEMPLATES,
  PRECOMPILED_TEMPLATES_FILE,
  PROJECT_ROOT,
  afterBundlingCommands,
  esbuildBuildOptions,
  type HandlerName,
} from '../../infra/bundling';
import { buildPresenceApp } from '../../infra/presence-app';
import { HOLIDAY_TABLE_DIR, type CountryHolidayTable } from '../../functions/adapters/calendar/holiday-table';
import { cdkJsonContext, FIXTURE_CAMPAIGNS } from './synth-app';
import { COMPANY_HANDLERS } from '../../infra/bundling';
import { COMPANY_SETTINGS_JSON, readCompanySettingsJson } from '../../functions/adapters/settings/company-settings-json';
import { readCompanySettingsFile } from '../../functions/adapters/settings/company-settings-file';

const FIXTURES = join(PROJECT_ROOT, 'test', 'infra', 'fixtures', 'bundled');

/** Bundles a fixture entry with the deployed settings into a folder outside the project (no node_modules to fall back on). */
async function bundleFixture(entry: string, handler: HandlerName): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'presence-bundle-'));
  await build(esbuildBuildOptions(handler, join(dir, BUNDLE_FILE), join(FIXTURES, entry)));
  for (const command of afterBundlingCommands(handler, PROJECT_ROOT, dir)) execFileSync('bash', ['-c', command]);
  return dir;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath, d.name)))
    .sort();
}

describe('bundle settings', () => {
  it('ships pdfkit standard fonts and the letter fonts beside the letter export, so a PDF renders without node_modules', async () => {
    const dir = await bundleFixture('pdf-with-fonts.ts', 'export-letters');
    const out = JSON.parse(execFileSync(process.execPath, [join(dir, BUNDLE_FILE)], { cwd: dir, encoding: 'utf8' })) as { header: string; bytes: number };
    expect(out.header).toBe('%PDF-');
    // both embedded fonts (subsets) are in the file
    expect(out.bytes).toBeGreaterThan(5_000);
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('renders Handlebars templates with source-map left out of the bundle', async () => {
    const dir = await bundleFixture('handlebars-compile.ts', 'plan-campaign');
    expect(readFileSync(join(dir, BUNDLE_FILE), 'utf8')).not.toContain('sourceContentFor');
    const out = execFileSync(process.execPath, [join(dir, BUNDLE_FILE)], { cwd: dir, encoding: 'utf8' });
    expect(out).toBe('Hallo Łukasz &amp; &lt;Co&gt;, [a][b]');
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);
});

describe('functions that render templates', () => {
  const renderers = Object.keys(PRECOMPILED_TEMPLATES) as HandlerName[];

  it('are the planner\'s worker and the approval site\'s new-link function', () => {
    expect(renderers.sort()).toEqual(['plan-reps', 'renew-link']);
  });

  // The templates are precompiled at bundling time (infra/build-templates.ts) into a module that brings the runtime.
  it.each(renderers)('%s: the bundle carries no Handlebars, neither the compiler nor the runtime (esbuild metafile)', async (handler) => {
    const dir = mkdtempSync(join(tmpdir(), 'presence-bundle-'));
    try {
      const result = await build({ ...esbuildBuildOptions(handler, join(dir, BUNDLE_FILE)), write: false });
      const inputs = Object.keys(Object.values(result.metafile!.outputs)[0]!.inputs);
      expect(inputs.some((p) => p.includes('functions/adapters/templates/precompiled-templates.ts'))).toBe(true);
      expect(inputs.filter((p) => p.includes('node_modules/handlebars/'))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it.each(renderers)('%s: the templates module beside the bundle brings the Handlebars runtime, without its compiler', async (handler) => {
    const dir = mkdtempSync(join(tmpdir(), 'presence-templates-'));
    try {
      for (const command of afterBundlingCommands(handler, PROJECT_ROOT, dir)) execFileSync('bash', ['-c', command]);
      const text = readFileSync(join(dir, PRECOMPILED_TEMPLATES_FILE), 'utf8');
      const mod = (await import(pathToFileURL(join(dir, PRECOMPILED_TEMPLATES_FILE)).href)) as { runtime: { create: () => { template: unknown; precompile?: unknown } } };
      const env = mod.runtime.create();
      expect(typeof env.template).toBe('function');
      // the runtime build has no precompile; the full Handlebars has
      expect(env.precompile).toBeUndefined();
      expect(text).not.toContain('sourceContentFor');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('CDK bundling, as `npm run synth` does it', () => {
  // Inside the project so that the bundles resolve the external AWS SDK from node_modules, as in the Lambda runtime.
  const outdir = join(PROJECT_ROOT, 'node_modules', '.cache', 'presence-synth-test');
  const assets = new Map<HandlerName, string>();
  /** Each function's environment as the stack sets it; values CloudFormation resolves at deploy time become placeholders. */
  const environments = new Map<HandlerName, Record<string, string>>();

  beforeAll(() => {
    rmSync(outdir, { recursive: true, force: true });
    mkdirSync(outdir, { recursive: true });
    const { app, stateless } = buildPresenceApp({
      context: { ...cdkJsonContext(), bundle: true, 'aws:cdk:enable-asset-metadata': true },
      campaignsDir: FIXTURE_CAMPAIGNS,
      outdir,
      builtinCloudFormationValidation: false,
    });
    const assembly = app.synth();
    const template = assembly.getStackByName(stateless.stackName).template as {
      Resources: Record<string, { Type: string; Metadata?: Record<string, string>; Properties?: { Environment?: { Variables?: Record<string, unknown> } } }>;
    };
    for (const handler of HANDLERS) {
      const prefix = handler.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase()) + 'Function';
      const [, fn] = Object.entries(template.Resources).find(([id, r]) => r.Type === 'AWS::Lambda::Function' && id.startsWith(prefix))!;
      assets.set(handler, join(outdir, fn.Metadata!['aws:asset:path']!));
      const variables = fn.Properties?.Environment?.Variables ?? {};
      environments.set(handler, Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, typeof v === 'string' ? v : `deploy-time-${k.toLowerCase()}`])));
    }
  }, 600_000);

  const withFolders = HANDLERS.filter((h) => !MANIFEST_HANDLERS.includes(h));
  it.each(withFolders)('%s: the asset holds index.mjs and the templates/ and campaigns/ folders as in the repository', (handler) => {
    const dir = assets.get(handler)!;
    expect(existsSync(join(dir, BUNDLE_FILE))).toBe(true);
    for (const folder of ['templates', 'campaigns']) {
      expect(filesUnder(join(dir, folder)), folder).toEqual(filesUnder(join(PROJECT_ROOT, folder)));
    }
  });

  it('plan-campaign: the asset holds index.mjs, the asset manifest and the holiday table, nothing to render', () => {
    const dir = assets.get('plan-campaign')!;
    expect(filesUnder(dir).filter((f) => !f.startsWith(`${HOLIDAY_TABLE_DIR}/`))).toEqual([BUNDLE_FILE, ASSET_MANIFEST_FILE].sort());
    expect(filesUnder(dir).some((f) => f.startsWith(`${HOLIDAY_TABLE_DIR}/`))).toBe(true);
  });

  it('plan-reps: the asset holds index.mjs, the asset manifest, the company settings and the precompiled templates instead of the YAML and template folders', () => {
    const dir = assets.get('plan-reps')!;
    expect(filesUnder(dir)).toEqual([BUNDLE_FILE, ASSET_MANIFEST_FILE, COMPANY_SETTINGS_JSON, PRECOMPILED_TEMPLATES_FILE].sort());
    const manifest = JSON.parse(readFileSync(join(dir, ASSET_MANIFEST_FILE), 'utf8')) as { campaigns: Record<string, unknown>; templates: Record<string, unknown> };
    expect(Object.keys(manifest.campaigns)).toEqual(['crisis-update']);
    expect(Object.keys(manifest.templates).sort()).toEqual(filesUnder(join(PROJECT_ROOT, 'templates')));
  });

  it('plan-campaign: carries no YAML parser, campaign schema or schedule library, and finds campaigns in its manifest', () => {
    const dir = assets.get('plan-campaign')!;
    const code = readFileSync(join(dir, BUNDLE_FILE), 'utf8');
    // yaml's, zod's and luxon's own messages; cron-parser's error for a bad field
    for (const text of ['Implicit keys need to be on a single line', 'Invalid input', 'Invalid DateTime', 'Invalid explicit']) expect(code, text).not.toContain(text);
    const script =
      `const m = await import(${JSON.stringify(pathToFileURL(join(dir, BUNDLE_FILE)).href)});` +
      `try { await m.handler({ campaignId: 'nope', scheduledTime: '2026-01-05T07:00:00Z' }, {}); } catch (e) { process.stdout.write(e.message); }`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        AWS_REGION: 'eu-central-1',
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
        ASSETS_DIR: dir,
        TABLE_NAME: 'presence-test',
        SENDER_ADDRESS: 'updates@example.com',
        SEND_AS_REP: 'false',
        CONFIGURATION_SET: 'presence-test',
        HOME_COUNTRY: 'DE',
        LINK_TTL_HOURS: '72',
        SIGNING_SECRET_ARN: 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:s-AbCdEf',
        PUBLIC_BASE_URL: 'https://approve.example',
        POWERTOOLS_LOG_LEVEL: 'CRITICAL',
      },
    });
    expect(out).toBe('no campaign "nope" (campaigns/nope.yaml); known: crisis-update');
  }, 60_000);

  it('renew-link: ships its mail templates precompiled beside the bundle; approval-site ships none', async () => {
    expect(existsSync(join(assets.get('approval-site')!, PRECOMPILED_TEMPLATES_FILE))).toBe(false);
    const dir = assets.get('renew-link')!;
    const mod = (await import(pathToFileURL(join(dir, PRECOMPILED_TEMPLATES_FILE)).href)) as { specs: Record<string, { spec: { main: unknown } }> };
    // the mails only, by file: no draft templates
    expect(Object.keys(mod.specs).sort()).toEqual(
      ['de/digest.html', 'de/digest.subject', 'de/digest.text', 'de/link.html', 'de/link.subject', 'de/link.text', 'en/digest.html', 'en/digest.subject', 'en/digest.text', 'en/link.html', 'en/link.subject', 'en/link.text'].map((k) => `digest/${k}.hbs`),
    );
    expect(typeof mod.specs['digest/de/link.html.hbs']!.spec.main).toBe('function');
    // a request it does not serve (the pages are approval-site's) is answered without them
    const event = { version: '2.0', rawPath: '/', rawQueryString: '', headers: { host: 'approve.example' }, requestContext: { http: { method: 'GET', path: '/' }, requestId: 'r-1' }, isBase64Encoded: false };
    const script =
      `const m = await import(${JSON.stringify(pathToFileURL(join(dir, BUNDLE_FILE)).href)});` +
      `const r = await m.handler(${JSON.stringify(event)}, { awsRequestId: 'r-1' }); process.stdout.write(String(r.statusCode));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, AWS_REGION: 'eu-central-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_ENDPOINT_URL: 'http://127.0.0.1:9', ASSETS_DIR: dir, TABLE_NAME: 'presence-test', SIGNING_SECRET_ARN: 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:s-AbCdEf', SEND_QUEUE_URL: 'http://127.0.0.1:9/q', PUBLIC_BASE_URL: 'https://approve.example', POWERTOOLS_LOG_LEVEL: 'CRITICAL' },
    });
    expect(out).toBe('404');
  }, 60_000);

  it('approval-site: ships the dashboard chart script as the file in the repository, not inside the bundle', () => {
    const dir = assets.get('approval-site')!;
    expect(readFileSync(join(dir, DASHBOARD_SCRIPT_FILE), 'utf8')).toBe(readFileSync(join(PROJECT_ROOT, DASHBOARD_SCRIPT_FILE), 'utf8'));
    // Chart.js's licence comment closes the script
    expect(readFileSync(join(dir, BUNDLE_FILE), 'utf8')).not.toContain('Chart.js Contributors');
  });

  it('gives the letter export its fonts, pdfkit standard fonts and the imports map', () => {
    const dir = assets.get('export-letters')!;
    expect(filesUnder(join(dir, 'fonts'))).toEqual(['DejaVuSansCondensed-Bold.ttf', 'DejaVuSansCondensed.ttf']);
    expect(existsSync(join(dir, 'standard-fonts', 'Helvetica.cjs'))).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).imports).toEqual({ '#standard-fonts/*': './standard-fonts/*.cjs' });
  });

  it.each(COMPANY_HANDLERS)('%s: ships settings/company.yaml beside the bundle as the checked JSON it reads', (handler) => {
    const dir = assets.get(handler)!;
    expect(readCompanySettingsJson(dir)).toEqual(readCompanySettingsFile(PROJECT_ROOT));
  });

  it.each(HOLIDAY_HANDLERS)('%s: ships the public-holiday table beside the bundle, not the holiday library', (handler) => {
    const dir = assets.get(handler)!;
    const de = JSON.parse(readFileSync(join(dir, HOLIDAY_TABLE_DIR, 'DE.json'), 'utf8')) as CountryHolidayTable;
    const year = new Date().getUTCFullYear();
    expect([de.from, de.to]).toEqual([year - 1, year + 5]);
    expect(de.regions['DE-BY']).toContain('2026-06-04'); // Fronleichnam
    expect(de.regions['DE-HB']).not.toContain('2026-06-04');
    expect(filesUnder(join(dir, HOLIDAY_TABLE_DIR)).length).toBeGreaterThan(150);
    // the library's data names every holiday; the bundle names none
    expect(readFileSync(join(dir, BUNDLE_FILE), 'utf8')).not.toContain('Augsburger Friedensfest');
  });

  it.each(HANDLERS)('%s: carries the AWS SDK inside (no import of the runtime\'s copy), leaves out source-map and the zod locales', (handler) => {
    const code = readFileSync(join(assets.get(handler)!, BUNDLE_FILE), 'utf8');
    expect(code).not.toMatch(/from"@aws-sdk\//);
    expect(code).toContain('DynamoDB_20120810');
    expect(code).not.toContain('sourceContentFor');
    // zod's locales: a German message from zod/v4/locales/de.js
    expect(code).not.toContain('Ungültige Eingabe');
  });

  // The entry builds the function's clients at INIT (functions/handlers/lambda/), so importing the bundle needs every
  // setting they read: with the environment the stack gives the function, and nothing else, it must start.
  it.each(HANDLERS)('%s: the bundle initialises with the environment the stack sets and exports an async handler', (handler) => {
    const dir = assets.get(handler)!;
    const script = `const m = await import(${JSON.stringify(pathToFileURL(join(dir, BUNDLE_FILE)).href)}); process.stdout.write(typeof m.handler);`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, AWS_REGION: 'eu-central-1', ...environments.get(handler), ASSETS_DIR: dir },
    });
    expect(out).toBe('function');
  }, 60_000);

  it('a bundle whose setting is missing fails at INIT, naming the variable', () => {
    const dir = assets.get('sweep-claims')!;
    const { SEND_QUEUE_URL, ...withoutQueue } = environments.get('sweep-claims')!;
    expect(SEND_QUEUE_URL).toBeTruthy();
    const script = `await import(${JSON.stringify(pathToFileURL(join(dir, BUNDLE_FILE)).href)});`;
    expect(() =>
      execFileSync(process.execPath, ['--input-type=module', '-e', script], {
        encoding: 'utf8',
        stdio: 'pipe',
        env: { PATH: process.env.PATH, AWS_REGION: 'eu-central-1', ...withoutQueue, ASSETS_DIR: dir },
      }),
    ).toThrow(/environment variable SEND_QUEUE_URL is not set/);
  }, 60_000);
});
