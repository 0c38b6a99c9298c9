// The functions whose cold start is measured against a 400 kB goal (docs/benchmarks.md) carry no schema library
// unless they need one: zod is about 97 kB minified. The reject form's "when should presence ask again?" once
// brought it into the approval site (342 -> 452 kB) and the link renewal (387 -> 495 kB); its fields are now checked
// by hand, like the edit form's. Checked on esbuild's metafile with the deployed settings.
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { esbuildBuildOptions, type HandlerName } from '../../infra/bundling';
import { packageOfInput } from '../../infra/bundle-inputs';

/** Functions that decide or snooze through the core without parsing a campaign file or an import. */
const WITHOUT_SCHEMAS: HandlerName[] = ['approval-site', 'renew-link', 'plan-campaign', 'send-approved', 'ses-events', 'unsubscribe', 'sweep-claims'];

describe('schema library in the bundles', () => {
  it.each(WITHOUT_SCHEMAS)('%s: carries no zod', async (handler) => {
    const result = await build({ ...esbuildBuildOptions(handler, `/tmp/presence-schemas-${handler}/index.mjs`), write: false });
    const inputs = Object.keys(Object.values(result.metafile!.outputs)[0]!.inputs);
    expect(inputs.map(packageOfInput).filter((p) => p === 'zod')).toEqual([]);
  }, 60_000);
});
