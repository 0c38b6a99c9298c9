// Per-function composition: each Lambda bundle carries (and so can build) only the AWS SDK clients its handler
// uses, and none of the build-time libraries. Checked on esbuild's metafile with the deployed settings.
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { HANDLERS, esbuildBuildOptions, type HandlerName } from '../../infra/bundling';
import { packageOfInput } from '../../infra/bundle-inputs';

const CLIENTS: Record<HandlerName, string[]> = {
  // lists a slot's units: reads reps and writes a deferred run, sends no mail
  'plan-campaign': ['client-dynamodb'],
  'plan-reps': ['client-dynamodb', 'client-sesv2'],
  'approval-site': ['client-dynamodb', 'client-sqs'],
  'renew-link': ['client-dynamodb', 'client-sesv2'],
  'send-approved': ['client-dynamodb', 'client-sesv2'],
  'ses-events': ['client-dynamodb'],
  unsubscribe: ['client-dynamodb'],
  'export-letters': ['client-dynamodb', 'client-s3'],
  'sweep-claims': ['client-dynamodb', 'client-sesv2', 'client-sqs'],
};

/** The inputs that put bytes into the function's bundle (esbuild lists tree-shaken ones with 0). */
async function bundledInputs(handler: HandlerName): Promise<string[]> {
  const result = await build({ ...esbuildBuildOptions(handler, `/tmp/presence-clients-${handler}/index.mjs`), write: false });
  return Object.entries(Object.values(result.metafile!.outputs)[0]!.inputs)
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([path]) => path);
}

async function bundledPackages(handler: HandlerName): Promise<Set<string>> {
  return new Set((await bundledInputs(handler)).map(packageOfInput).filter((p): p is string => p !== undefined));
}

/**
 * Project modules a function reaches through a shared module but never uses (docs/benchmarks.md, cold start): the
 * pages' strings in the functions that only mail, the pages in the renewal, repositories its use cases do not need.
 */
const NEVER_USED: Partial<Record<HandlerName, string[]>> = {
  'plan-reps': ['functions/core/approval/messages.ts', 'functions/adapters/dynamodb/touches-repository.ts', 'functions/adapters/dynamodb/audit-repository.ts', 'functions/adapters/dynamodb/deferrals-repository.ts'],
  'renew-link': [
    'functions/core/approval/messages.ts',
    'functions/web/approval/draft-page.ts',
    'functions/web/approval/digest-page.ts',
    'functions/core/approval/approve-draft.ts',
    'functions/adapters/dynamodb/touches-repository.ts',
    'functions/adapters/dynamodb/suppressions-repository.ts',
    'functions/adapters/dynamodb/inbox-repository.ts',
  ],
  'send-approved': ['functions/core/approval/messages.ts'],
  'sweep-claims': ['functions/core/approval/messages.ts', 'functions/adapters/dynamodb/contacts-repository.ts', 'functions/adapters/dynamodb/touches-repository.ts'],
};

describe('what each function bundles', () => {
  it.each(HANDLERS)('%s: only the SDK clients it uses, the credentials from the environment', async (handler) => {
    const packages = await bundledPackages(handler);
    const clients = [...packages].filter((p) => p.startsWith('@aws-sdk/client-')).map((p) => p.replace('@aws-sdk/', '')).sort();
    expect(clients).toEqual(CLIENTS[handler]);
    // the default credential chain and the STS/SSO clients its later links need are replaced (lambda-credentials.ts)
    expect(packages).not.toContain('@aws-sdk/credential-provider-node');
    expect(packages).not.toContain('@aws-sdk/nested-clients');
  }, 60_000);

  it.each(Object.entries(NEVER_USED))('%s: none of the project modules it never uses', async (handler, modules) => {
    const inputs = await bundledInputs(handler as HandlerName);
    // the check itself: the function's own entry and handler are there
    expect(inputs).toContain(`functions/handlers/lambda/${handler}.ts`);
    expect(inputs.filter((path) => modules!.includes(path))).toEqual([]);
  }, 60_000);
});
