// SES receiving (receivingDomain): the inbound bucket, the receipt rule, its activation and receive-mail's rights;
// and that a deployment without a receiving domain synthesises none of it.
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { INBOUND_RETENTION_DAYS } from '../../infra/stateful-stack';
import { synthPresence, type SynthesizedPresence } from './synth-app';

type Resource = { Type: string; Properties: Record<string, any>; DependsOn?: string[] };
const asList = <T,>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);
const DOMAIN = 'in.presence.example';

let synth: SynthesizedPresence;
let without: SynthesizedPresence;
beforeAll(() => {
  synth = synthPresence({ receivingDomain: DOMAIN, alarmEmail: 'ops@presence.example' });
  without = synthPresence();
}, 180_000);

const resources = (s: SynthesizedPresence, stack: 'statefulTemplate' | 'statelessTemplate', type: string) =>
  Object.entries(s[stack].findResources(type)) as Array<[string, Resource]>;
const one = (s: SynthesizedPresence, stack: 'statefulTemplate' | 'statelessTemplate', type: string, prefix: string): [string, Resource] => {
  const found = resources(s, stack, type).filter(([id]) => id.startsWith(prefix));
  expect(found, `${type} ${prefix}*`).toHaveLength(1);
  return found[0]!;
};
const statementsOf = (s: SynthesizedPresence, rolePrefix: string): Array<Record<string, any>> =>
  one(s, 'statelessTemplate', 'AWS::IAM::Policy', `${rolePrefix}RoleDefaultPolicy`)[1].Properties.PolicyDocument.Statement;
const envOf = (s: SynthesizedPresence, fnPrefix: string) =>
  one(s, 'statelessTemplate', 'AWS::Lambda::Function', `${fnPrefix}Function`)[1].Properties.Environment.Variables as Record<string, unknown>;

describe('inbound bucket', () => {
  it('encrypts, blocks public access, logs access, keeps no versions and expires mails after 30 days', () => {
    const [, bucket] = one(synth, 'statefulTemplate', 'AWS::S3::Bucket', 'Inbound');
    expect(bucket.Properties).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      LoggingConfiguration: { DestinationBucketName: { Ref: expect.stringMatching(/^AccessLogs/) }, LogFilePrefix: 'inbound/' },
    });
    expect(bucket.Properties.VersioningConfiguration).toBeUndefined();
    expect(INBOUND_RETENTION_DAYS).toBe(30);
    expect(bucket.Properties.LifecycleConfiguration.Rules).toContainEqual(expect.objectContaining({ ExpirationInDays: 30, Status: 'Enabled' }));
    expect((bucket as unknown as { DeletionPolicy: string }).DeletionPolicy).toBe('Retain');
  });

  it('denies requests without TLS and lets only SES put objects, only under inbound/, only for this account and rule', () => {
    const [, policy] = one(synth, 'statefulTemplate', 'AWS::S3::BucketPolicy', 'InboundPolicy');
    const statements = policy.Properties.PolicyDocument.Statement as Array<Record<string, any>>;
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    const allows = statements.filter((st) => st.Effect === 'Allow');
    expect(allows).toHaveLength(1);
    const [ses] = allows as [Record<string, any>];
    expect(ses.Principal).toEqual({ Service: 'ses.amazonaws.com' });
    expect(ses.Action).toBe('s3:PutObject');
    expect(ses.Resource).toEqual({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^Inbound/), 'Arn'] }, '/inbound/*']] });
    expect(ses.Condition.StringEquals['aws:SourceAccount']).toEqual({ Ref: 'AWS::AccountId' });
    expect(JSON.stringify(ses.Condition.StringEquals['aws:SourceArn'])).toContain(':receipt-rule-set/presence-inbound:receipt-rule/presence-inbound-mail');
  });
});

describe('receipt rule', () => {
  it('receives for the domain with TLS required and scanning, stores the mail under inbound/ and then invokes receive-mail asynchronously', () => {
    const [, set] = one(synth, 'statelessTemplate', 'AWS::SES::ReceiptRuleSet', 'ReceiptRuleSet');
    expect(set.Properties.RuleSetName).toBe('presence-inbound');
    const [, rule] = one(synth, 'statelessTemplate', 'AWS::SES::ReceiptRule', 'ReceiptRuleSet');
    expect(rule.Properties.Rule).toMatchObject({ Name: 'presence-inbound-mail', Recipients: [DOMAIN], TlsPolicy: 'Require', ScanEnabled: true, Enabled: true });
    const [store, invoke] = rule.Properties.Rule.Actions as [Record<string, any>, Record<string, any>];
    expect(rule.Properties.Rule.Actions).toHaveLength(2);
    expect(store.S3Action).toEqual({ BucketName: { 'Fn::ImportValue': expect.stringContaining('Inbound') }, ObjectKeyPrefix: 'inbound/' });
    expect(invoke.LambdaAction).toEqual({ FunctionArn: { 'Fn::GetAtt': [expect.stringMatching(/^ReceiveMailFunction/), 'Arn'] }, InvocationType: 'Event' });
  });

  it('lets only SES, for this account and this rule, invoke receive-mail', () => {
    const sesPermissions = resources(synth, 'statelessTemplate', 'AWS::Lambda::Permission').filter(([, p]) => p.Properties.Principal === 'ses.amazonaws.com');
    expect(sesPermissions).toHaveLength(1);
    const [, permission] = sesPermissions[0]!;
    expect(permission.Properties).toMatchObject({
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [expect.stringMatching(/^ReceiveMailFunction/), 'Arn'] },
      SourceAccount: { Ref: 'AWS::AccountId' },
    });
    expect(JSON.stringify(permission.Properties.SourceArn)).toContain(':receipt-rule-set/presence-inbound:receipt-rule/presence-inbound-mail');
  });

  it('activates the rule set with setActiveReceiptRuleSet after the rule exists, and deactivates it on delete', () => {
    const [, activation] = one(synth, 'statelessTemplate', 'Custom::SesActiveReceiptRuleSet', 'ActivateReceiptRuleSet');
    const text = (v: unknown) => JSON.stringify(v);
    expect(text(activation.Properties.Create)).toContain('\\"action\\":\\"setActiveReceiptRuleSet\\"');
    expect(text(activation.Properties.Create)).toContain('\\"service\\":\\"SES\\"');
    expect(text(activation.Properties.Create)).toMatch(/RuleSetName.*ReceiptRuleSet/);
    expect(text(activation.Properties.Update)).toContain('setActiveReceiptRuleSet');
    expect(JSON.parse(activation.Properties.Delete as string)).toEqual({ service: 'SES', action: 'setActiveReceiptRuleSet', parameters: {} });
    expect(activation.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^ReceiptRuleSetInboundMail/)]));
    const [, policy] = one(synth, 'statelessTemplate', 'AWS::IAM::Policy', 'ActivateReceiptRuleSetCustomResourcePolicy');
    expect(policy.Properties.PolicyDocument.Statement).toEqual([expect.objectContaining({ Action: 'ses:SetActiveReceiptRuleSet', Effect: 'Allow', Resource: '*' })]);
  });

  it('outputs the MX record for the domain', () => {
    const outputs = synth.statelessTemplate.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(outputs.ReceivingMxRecord!.Value).toEqual({ 'Fn::Join': ['', ['10 inbound-smtp.', { Ref: 'AWS::Region' }, '.amazonaws.com']] });
  });
});

describe('receive-mail', () => {
  it('runs 60 s with 512 MB, retries twice, then the AsyncFailures queue', () => {
    const [fnId, fn] = one(synth, 'statelessTemplate', 'AWS::Lambda::Function', 'ReceiveMailFunction');
    expect(fn.Properties).toMatchObject({ Timeout: 60, MemorySize: 512, Runtime: 'nodejs24.x', TracingConfig: { Mode: 'Active' } });
    const config = resources(synth, 'statelessTemplate', 'AWS::Lambda::EventInvokeConfig').find(([, c]) => c.Properties.FunctionName.Ref === fnId)![1];
    expect(config.Properties).toMatchObject({
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [expect.stringMatching(/^AsyncFailures/), 'Arn'] } } },
    });
  });

  it('gets the ledger, secret and sending settings, the bucket, the prefix and the domain', () => {
    const env = envOf(synth, 'ReceiveMail');
    expect(Object.keys(env)).toEqual(expect.arrayContaining(['TABLE_NAME', 'SIGNING_SECRET_ARN', 'SENDER_ADDRESS', 'SEND_AS_REP', 'CONFIGURATION_SET', 'PUBLIC_BASE_URL', 'UNSUBSCRIBE_BASE_URL']));
    expect(env).toMatchObject({
      INBOUND_BUCKET: { 'Fn::ImportValue': expect.stringContaining('Inbound') },
      INBOUND_PREFIX: 'inbound/',
      RECEIVING_DOMAIN: DOMAIN,
      PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: '2773',
    });
  });

  it('may read only inbound/* of the inbound bucket, write no object, and never scan', () => {
    const statements = statementsOf(synth, 'ReceiveMail');
    const s3 = statements.filter((st) => asList(st.Action).some((a: string) => a.startsWith('s3:')));
    expect(s3).toHaveLength(1);
    expect(s3[0]!.Action).toBe('s3:GetObject');
    expect(s3[0]!.Resource).toEqual({ 'Fn::Join': ['', [{ 'Fn::ImportValue': expect.stringContaining('Inbound') }, '/inbound/*']] });
    const actions = new Set(statements.flatMap((st) => asList(st.Action) as string[]));
    for (const forbidden of ['s3:PutObject', 's3:DeleteObject', 'dynamodb:Scan']) expect(actions.has(forbidden), forbidden).toBe(false);
    expect([...actions].filter((a) => a.startsWith('dynamodb:')).sort()).toEqual([
      'dynamodb:BatchGetItem',
      'dynamodb:ConditionCheckItem',
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
    expect(actions.has('secretsmanager:GetSecretValue')).toBe(true);
  });

  it('sends only as send-approved does: the same SES statement', () => {
    const send = (role: string) => statementsOf(synth, role).find((st) => asList(st.Action).includes('ses:SendEmail'));
    expect(send('ReceiveMail')).toEqual(send('SendApproved'));
    expect(send('ReceiveMail')!.Condition).toEqual({ StringLike: { 'ses:FromAddress': ['updates@mail.presence.example'] } });
  });

  it('is the only function that deletes ledger items', () => {
    const deleters = resources(synth, 'statelessTemplate', 'AWS::IAM::Policy').filter(([, p]) =>
      (p.Properties.PolicyDocument.Statement as Array<Record<string, any>>).some((st) => asList(st.Action).includes('dynamodb:DeleteItem')),
    );
    expect(deleters.map(([id]) => id)).toEqual([expect.stringMatching(/^ReceiveMailRole/)]);
  });

  it('has an error alarm like the other functions', () => {
    const alarms = resources(synth, 'statelessTemplate', 'AWS::CloudWatch::Alarm').filter(([id]) => id.startsWith('ReceiveMailErrorsAlarm'));
    expect(alarms).toHaveLength(1);
  });
});

describe('the other functions with a receiving domain', () => {
  it('gives send-approved and plan-reps RECEIVING_DOMAIN, and no other function', () => {
    expect(envOf(synth, 'SendApproved').RECEIVING_DOMAIN).toBe(DOMAIN);
    expect(envOf(synth, 'PlanReps').RECEIVING_DOMAIN).toBe(DOMAIN);
    for (const f of ['PlanCampaign', 'ApprovalSite', 'RenewLink', 'SesEvents', 'Unsubscribe', 'ExportLetters', 'SweepClaims']) expect(envOf(synth, f).RECEIVING_DOMAIN, f).toBeUndefined();
  });

  it('lets plan-reps read the signing key, which signs the logging addresses in its digests; plan-campaign never', () => {
    const reads = (s: typeof synth, f: string) => statementsOf(s, f).some((st) => asList(st.Action).includes('secretsmanager:GetSecretValue'));
    expect(reads(synth, 'PlanReps')).toBe(true);
    expect(reads(without, 'PlanReps')).toBe(false);
    expect(reads(synth, 'PlanCampaign')).toBe(false);
  });
});

describe('without a receiving domain', () => {
  it('synthesises no rule set, no activation, no inbound bucket, no receive-mail and no MX output', () => {
    without.statelessTemplate.resourceCountIs('AWS::SES::ReceiptRuleSet', 0);
    without.statelessTemplate.resourceCountIs('AWS::SES::ReceiptRule', 0);
    without.statelessTemplate.resourceCountIs('Custom::SesActiveReceiptRuleSet', 0);
    expect(resources(without, 'statefulTemplate', 'AWS::S3::Bucket').map(([id]) => id).filter((id) => id.startsWith('Inbound'))).toEqual([]);
    expect(resources(without, 'statelessTemplate', 'AWS::Lambda::Function').filter(([id]) => id.startsWith('ReceiveMail'))).toEqual([]);
    expect(without.stateless.functions['receive-mail']).toBeUndefined();
    expect(Object.keys(without.statelessTemplate.toJSON().Outputs ?? {})).not.toContain('ReceivingMxRecord');
    expect(envOf(without, 'SendApproved').RECEIVING_DOMAIN).toBeUndefined();
  });
});

describe('cdk-nag', () => {
  it('finds nothing unacknowledged with and without a receiving domain', () => {
    for (const s of [synth, without]) {
      const findings = [new AwsSolutionsChecks(), new ServerlessChecks()].flatMap((pack) =>
        pack.validateScope(s.app).violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`),
      );
      expect(findings).toEqual([]);
    }
  });
});
