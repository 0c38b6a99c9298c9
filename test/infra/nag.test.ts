import { Validations, type App } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildPresenceApp } from '../../infra/presence-app';
import { cdkJsonContext, FIXTURE_CAMPAIGNS, synthPresence, type SynthesizedPresence } from './synth-app';

function acknowledgements(root: IConstruct): Array<{ path: string; id: string; reason: string }> {
  const out: Array<{ path: string; id: string; reason: string }> = [];
  for (const c of root.node.findAll()) {
    for (const entry of c.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        out.push({ path: c.node.path, id: id.replace(/^annotation::/i, ''), reason });
      }
    }
  }
  return out;
}

const findings = (app: App) =>
  [new AwsSolutionsChecks(), new ServerlessChecks()].flatMap((pack) =>
    pack.validateScope(app).violations.map((v) => `${v.ruleName} (${v.severity}) at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`),
  );

let synth: SynthesizedPresence;
beforeAll(() => {
  // With the alarm topic, and with the built-in CloudFormation schema check: the full `npm run synth` path.
  synth = synthPresence({ alarmEmail: 'ops@presence.example', sendAsRep: true, sandboxRecipients: ['tester@example.net'] }, { cfnValidation: true });
}, 180_000);

describe('cdk-nag', () => {
  it('finds nothing unacknowledged in the AwsSolutions and Serverless packs', () => {
    expect(findings(synth.app)).toEqual([]);
  });

  it('acknowledges every remaining finding with a specific reason', () => {
    // aws-cdk-lib acknowledges some CloudFormation-Validate warnings of its own constructs; ours are the nag ones.
    const acks = acknowledgements(synth.app).filter((a) => !a.id.startsWith('CloudFormation-Validate::'));
    expect(acks.length).toBeGreaterThan(10);
    for (const ack of acks) {
      expect(ack.id, ack.path).toMatch(/^(AwsSolutions|Serverless)-[A-Za-z0-9]+(\[.+\])?$/);
      expect(ack.reason.length, `${ack.id} at ${ack.path}`).toBeGreaterThanOrEqual(60);
    }
    // A wildcard is never acknowledged wholesale: the IAM5 acknowledgements name the exact resource.
    const iam5 = acks.filter((a) => a.id.startsWith('AwsSolutions-IAM5'));
    expect(iam5.length).toBeGreaterThan(0);
    for (const ack of iam5) expect(ack.id).toMatch(/^AwsSolutions-IAM5\[Resource::.+\]$/);
  });

  it('runs at synth: a new unencrypted queue without TLS fails the synth', () => {
    const built = buildPresenceApp({
      context: { ...cdkJsonContext(), bundle: false },
      campaignsDir: FIXTURE_CAMPAIGNS,
      builtinCloudFormationValidation: false,
    });
    new sqs.Queue(built.stateless, 'CarelessQueue', { encryption: sqs.QueueEncryption.UNENCRYPTED });
    expect(findings(built.app)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^AwsSolutions-SQS3 \(error\) at PresenceStateless\/CarelessQueue/),
        expect.stringMatching(/^AwsSolutions-SQS4 \(error\) at PresenceStateless\/CarelessQueue/),
        expect.stringMatching(/^Serverless-SQSRedrivePolicy \(error\) at PresenceStateless\/CarelessQueue/),
      ]),
    );
    expect(() => built.app.synth()).toThrowError(/SQS Queue[\s\S]*PresenceStateless\/CarelessQueue/);
  }, 120_000);
});
