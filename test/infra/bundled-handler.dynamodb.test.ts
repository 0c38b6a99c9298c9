// A deployed bundle at work: the ses-events handler bundled with the deployed settings (SDK inside, the credential
// chain reduced to its environment link, modules marked free of side effects left out where unused), started in a
// plain Node process outside the project (no node_modules to fall back on), with nothing but the environment
// Lambda gives it, pointed at DynamoDB Local. The unit and handler tests run the sources; this one proves the
// bundle itself still does the job.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_FILE, afterBundlingCommands, esbuildBuildOptions, PROJECT_ROOT } from '../../infra/bundling';
import { hashEmail } from '../../functions/core/ids';
import { bounceEvent } from '../core/sending/suppression.test-events';
import { dynamodbEndpoint, freshTable, type TestTable } from '../support/local-aws';

let t: TestTable;
let dir: string;

beforeAll(async () => {
  t = await freshTable('bundled');
  dir = mkdtempSync(join(tmpdir(), 'presence-bundled-'));
  await build(esbuildBuildOptions('ses-events', join(dir, BUNDLE_FILE)));
  for (const command of afterBundlingCommands('ses-events', PROJECT_ROOT, dir)) execFileSync('bash', ['-c', command]);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the bundle's handler once in a fresh Node process, as the Lambda runtime would, and returns its answer. */
function invokeBundle(event: unknown): unknown {
  const runner = join(dir, 'invoke.mjs');
  writeFileSync(
    runner,
    `const { handler } = await import('./${BUNDLE_FILE}');\n` +
      `const out = await handler(JSON.parse(process.argv[2]), { awsRequestId: 'req-1', functionName: 'ses-events', getRemainingTimeInMillis: () => 30000 });\n` +
      `process.stdout.write('\\n' + JSON.stringify(out ?? null));\n`,
  );
  const stdout = execFileSync(process.execPath, [runner, JSON.stringify(event)], {
    cwd: dir,
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
