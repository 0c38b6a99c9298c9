// Builds the presence app for assertion tests: cdk.json's context (what a plain `npm run synth` uses) plus
// overrides, the fixture campaigns, and no esbuild bundling (bundle=false) so one synth takes seconds. Real bundles
// are checked in test/infra/bundles.int.test.ts.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { PROJECT_ROOT } from '../../infra/bundling';
import { buildPresenceApp, type PresenceApp } from '../../infra/presence-app';

export const FIXTURE_CAMPAIGNS = join(PROJECT_ROOT, 'test', 'infra', 'fixtures', 'campaigns');

export function cdkJsonContext(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8')).context as Record<string, unknown>;
}

export interface SynthesizedPresence extends PresenceApp {
  statefulTemplate: Template;
  statelessTemplate: Template;
}

export function synthPresence(context: Record<string, unknown> = {}, opts: { campaignsDir?: string; cfnValidation?: boolean } = {}): SynthesizedPresence {
  const built = buildPresenceApp({
    context: { ...cdkJsonContext(), bundle: false, ...context },
    campaignsDir: opts.campaignsDir ?? FIXTURE_CAMPAIGNS,
    outdir: mkdtempSync(join(tmpdir(), 'presence-cdk-')),
    // The built-in CloudFormation schema check takes most of a synth; the synth test runs it once.
    builtinCloudFormationValidation: opts.cfnValidation ?? false,
  });
  // Template.fromStack synthesizes the app, which runs the cdk-nag plugins: an unacknowledged finding throws here.
  return {
    ...built,
    statefulTemplate: Template.fromStack(built.stateful),
    statelessTemplate: Template.fromStack(built.stateless),
  };
}
