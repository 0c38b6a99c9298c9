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

async function bundledPackages(handler: HandlerName): Promise<Set<string>> {
  const result = await build({ ...esbuildBuildOptions(handler, `/tmp/presence-clients-${handler}/index.mjs`), write: false });
  const inputs = Object.keys(Object.values(result.metafile!.outputs)[0]!.inputs);
  return new Set(inputs.map(packageOfInput).filter((p): p is string => p !== undefined));
}

describe('what each function bundles', () => {
  it.each(HANDLERS)('%s: only the SDK clients it uses, the credentials from the environment', async (handler) => {
    const packages = await bundledPackages(handler);
    const clients = [...packages].filter((p) => p.startsWith('@aws-sdk/client-')).map((p) => p.replace('@aws-sdk/', '')).sort();
    expect(clients).toEqual(CLIENTS[handler]);
    // the default credential chain and the STS/SSO clients its later links need are replaced (lambda-credentials.ts)
    expect(packages).not.toContain('@aws-sdk/credential-provider-node');
    expect(packages).not.toContain('@aws-sdk/nested-clients');
  }, 60_000);
});
