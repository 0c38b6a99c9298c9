// Deployed bundles at work: the ses-events and plan-campaign handlers bundled with the deployed settings (SDK inside,
// the credential chain reduced to its environment link, modules marked free of side effects left out where unused,
// the planner's manifest and precompiled templates beside it), started in a plain Node process outside the project
// (no node_modules to fall back on), with nothing but the environment Lambda gives it, pointed at DynamoDB Local and
// SES local. The unit and handler tests run the sources; this one proves the bundle itself still does the job.
import type { PlanRepsResult, SlotUnits } from '../../functions/handlers/slot-units';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_FILE, afterBundlingCommands, esbuildBuildOptions, PROJECT_ROOT, type HandlerName } from '../../infra/bundling';
import { draftIdOf, hashEmail, runIdOf } from '../../functions/core/ids';
import { RUN_AT, contactOf, crisisUpdate, repOf } from '../core/campaign-fixtures';
import { bounceEvent } from '../core/sending/suppression.test-events';
import { dynamodbEndpoint, freshTable, mailsTo, sesEndpoint, type TestTable } from '../support/local-aws';

let t: TestTable;
let dir: string;
let planDir: string;
let repsDir: string;

async function bundle(handler: HandlerName): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), 'presence-bundled-'));
  await build(esbuildBuildOptions(handler, join(out, BUNDLE_FILE)));
  for (const command of afterBundlingCommands(handler, PROJECT_ROOT, out)) execFileSync('bash', ['-c', command]);
  return out;
}

beforeAll(async () => {
  t = await freshTable('bundled');
  [dir, planDir, repsDir] = await Promise.all([bundle('ses-events'), bundle('plan-campaign'), bundle('plan-reps')]);
}, 120_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(planDir, { recursive: true, force: true });
  rmSync(repsDir, { recursive: true, force: true });
});

/** Runs the bundle's handler once in a fresh Node process, as the Lambda runtime would, and returns its answer. */
function invokeBundle(event: unknown, bundleDir = dir, env: Record<string, string> = {}): unknown {
  const runner = join(bundleDir, 'invoke.mjs');
  writeFileSync(
    runner,
    `const { handler } = await import('./${BUNDLE_FILE}');\n` +
      `const out = await handler(JSON.parse(process.argv[2]), { awsRequestId: 'req-1', functionName: 'ses-events', getRemainingTimeInMillis: () => 30000 });\n` +
      `process.stdout.write('\\n' + JSON.stringify(out ?? null));\n`,
  );
  const stdout = execFileSync(process.execPath, [runner, JSON.stringify(event)], {
    cwd: bundleDir,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      // what Lambda puts in the environment: the role's credentials and the region; the stack adds the table
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_SESSION_TOKEN: 'local',
      AWS_REGION: 'eu-central-1',
      TABLE_NAME: t.tableName,
      POWERTOOLS_LOG_LEVEL: 'ERROR',
      // the SDK's own setting for a service endpoint: here DynamoDB Local instead of the regional endpoint
      AWS_ENDPOINT_URL_DYNAMODB: dynamodbEndpoint(),
      ...env,
    },
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!);
}

describe('the bundled ses-events handler', () => {
  it('suppresses a bounced address in the table, with credentials from the environment only', async () => {
    const address = 'bounced.bundle@example.com';
    invokeBundle(bounceEvent(address));
    const suppression = await t.ledger.getSuppression(hashEmail(address));
    expect(suppression?.reason).toBe('bounce');
  }, 60_000);
});

describe('the bundled plan-campaign and plan-reps handlers', () => {
  it('list the slot, then draft from the precompiled templates exactly what the compiled templates render, and mail the digest', async () => {
    const rep = repOf({ id: 'rep-bundle', email: 'rep.bundle@example.com', signature: 'Vertrieb <Süd>\nTel. 1 & 2' });
    await t.ledger.putRep(rep);
    const contacts = [
      contactOf({ id: 'c-b1', repId: rep.id, formal: false, firstName: '<script>alert(1)</script>', company: `O'Brien & <Co>` }),
      contactOf({ id: 'c-b2', repId: rep.id, locale: 'en-GB', email: 'b2@example.com' }),
      contactOf({ id: 'c-b3', repId: rep.id, channel: 'letter', email: 'b3@example.com' }),
      contactOf({ id: 'c-b4', repId: rep.id, channel: 'call', email: 'b4@example.com' }),
    ];
    for (const c of contacts) await t.ledger.putContact(c);

    const env = {
      AWS_ENDPOINT_URL_SESV2: sesEndpoint(),
      SENDER_ADDRESS: 'updates@example.com',
      SEND_AS_REP: 'false',
      CONFIGURATION_SET: 'presence-test',
      HOME_COUNTRY: 'DE',
      LINK_TTL_HOURS: '72',
      PUBLIC_BASE_URL: 'https://approve.example',
    };
    // the state machine's first step, then its Distributed Map's item for this rep
    const list = invokeBundle({ campaignId: 'crisis-update', scheduledTime: RUN_AT.toISOString() }, planDir, { ...env, ASSETS_DIR: planDir }) as SlotUnits;
    const unit = list.units.find((u) => u.writer === rep.id)!;
    expect(unit).toEqual({ runAt: RUN_AT.toISOString(), writer: rep.id });
    const result = invokeBundle({ campaignId: list.campaignId, dueBy: list.dueBy, unit }, repsDir, { ...env, ASSETS_DIR: repsDir }) as PlanRepsResult;
    expect(result).toMatchObject({ done: true, drafted: 4, needsFix: 0, digestsSent: 1 });

    const { templates } = await crisisUpdate();
    const runId = runIdOf('crisis-update', RUN_AT);
    for (const contact of contacts) {
      const draft = await t.ledger.getDraft(draftIdOf(runId, contact.id));
      const want = templates.render({ contact, rep: (await t.ledger.getRep(rep.id))!, runAt: RUN_AT });
      expect(draft?.content, contact.id).toEqual(want.content);
    }
    const mail = (await t.ledger.getDraft(draftIdOf(runId, 'c-b1')))!.content;
    expect(mail.html).toContain('Liebe &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mail.text).toContain('Liebe <script>alert(1)</script>,');

    const digests = await mailsTo(rep.email);
    expect(digests).toHaveLength(1);
    // a German rep reads the campaign's German name (names.de), shipped in the manifest
    expect(digests[0]!.subject).toContain('Krisen-Update');
  }, 60_000);
});
