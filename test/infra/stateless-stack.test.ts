import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { HANDLERS, type HandlerName } from '../../infra/bundling';
import { exportLettersEventSchema } from '../../functions/handlers/export-letters';
import { parseScheduleEvent } from '../../functions/handlers/plan-campaign';
import { synthPresence, type SynthesizedPresence } from './synth-app';

type Resource = { Type: string; Properties: Record<string, any>; DependsOn?: unknown };

let synth: SynthesizedPresence;
let t: Template;
beforeAll(() => {
  synth = synthPresence({ alarmEmail: 'ops@presence.example' });
  t = synth.statelessTemplate;
}, 120_000);

const pascal = (h: string) => h.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());
function resourcesOf(type: string): Array<[string, Resource]> {
  return Object.entries(t.findResources(type)) as Array<[string, Resource]>;
}
function one(type: string, logicalIdPrefix: string): [string, Resource] {
  const found = resourcesOf(type).filter(([id]) => id.startsWith(logicalIdPrefix));
  expect(found, `${type} ${logicalIdPrefix}*`).toHaveLength(1);
  return found[0]!;
}
const fnOf = (h: HandlerName) => one('AWS::Lambda::Function', `${pascal(h)}Function`);
const policyOf = (h: HandlerName) => one('AWS::IAM::Policy', `${pascal(h)}RoleDefaultPolicy`)[1];
const statementsOf = (h: HandlerName): Array<Record<string, any>> => policyOf(h).Properties.PolicyDocument.Statement;
const ref = (logicalIdPrefix: string, type: string) => ({ 'Fn::GetAtt': [one(type, logicalIdPrefix)[0], 'Arn'] });
const asList = <T,>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);
/** The campaign-slot state machine, as a schedule target names it. */
const slotMachine = () => ({ Ref: one('AWS::StepFunctions::StateMachine', 'CampaignSlot')[0] });
/** The functions whose handlers read the signing key (functions/handlers/aws/compose.ts), in HANDLERS order. */
const SIGNING_KEY_READERS: HandlerName[] = ['approval-site', 'send-approved', 'unsubscribe'];

describe('functions', () => {
  it('has one function per handler and no other', () => {
    expect(resourcesOf('AWS::Lambda::Function')).toHaveLength(HANDLERS.length);
  });

  it.each(HANDLERS)('%s: Node.js 24 on arm64, active tracing, JSON logs into its own log group, explicit memory and timeout', (h) => {
    const [, fn] = fnOf(h);
    expect(fn.Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: expect.stringMatching(new RegExp(`^${pascal(h)}Logs`)) } },
      MemorySize: expect.any(Number),
      Timeout: expect.any(Number),
    });
    const [, logGroup] = one('AWS::Logs::LogGroup', `${pascal(h)}Logs`);
    expect(logGroup.Properties.RetentionInDays).toBe(30);
  });

  it.each(HANDLERS)('%s: gets the environment the cloud composition root reads', (h) => {
    const env = fnOf(h)[1].Properties.Environment.Variables as Record<string, unknown>;
    expect(Object.keys(env)).toEqual(
      expect.arrayContaining([
        'TABLE_NAME',
        'SIGNING_SECRET_ARN',
        'SENDER_ADDRESS',
        'SEND_AS_REP',
        'CONFIGURATION_SET',
        'PUBLIC_BASE_URL',
        'HOME_COUNTRY',
        'LINK_TTL_HOURS',
        'POWERTOOLS_SERVICE_NAME',
        'ASSETS_DIR',
      ]),
    );
    expect(env).toMatchObject({
      SENDER_ADDRESS: 'updates@mail.presence.example',
      SEND_AS_REP: 'false',
      HOME_COUNTRY: 'DE',
      LINK_TTL_HOURS: '72',
      // the approval grace period: the send queue's delay, and the sender's own check
      APPROVAL_GRACE_SECONDS: '120',
      POWERTOOLS_SERVICE_NAME: 'presence',
      ASSETS_DIR: '/var/task',
      PUBLIC_BASE_URL: { 'Fn::GetAtt': [expect.stringMatching(/^ApprovalApi/), 'ApiEndpoint'] },
    });
    // The unsubscribe function cannot know its own Function URL (a cycle); everyone else mails it.
    if (h === 'unsubscribe') expect(env.UNSUBSCRIBE_BASE_URL).toBeUndefined();
    else expect(env.UNSUBSCRIBE_BASE_URL).toBeDefined();
  });

  it('gives the queue URL, the bucket and the sender count only to the function that uses each', () => {
    const withVar = (name: string) => HANDLERS.filter((h) => fnOf(h)[1].Properties.Environment.Variables[name] !== undefined);
    expect(withVar('SEND_QUEUE_URL')).toEqual(['approval-site', 'sweep-claims']);
    expect(withVar('LETTERS_BUCKET')).toEqual(['export-letters']);
    expect(withVar('SEND_CONCURRENCY')).toEqual(['send-approved']);
  });

  it('sends failed asynchronous invocations of the scheduled and event functions to the AsyncFailures queue', () => {
    const configs = resourcesOf('AWS::Lambda::EventInvokeConfig');
    const byFunction = new Map(configs.map(([, c]) => [c.Properties.FunctionName.Ref as string, c.Properties]));
    for (const h of ['ses-events', 'export-letters', 'sweep-claims'] as const) {
      const config = byFunction.get(fnOf(h)[0]);
      expect(config, h).toBeDefined();
      expect(config!.DestinationConfig.OnFailure.Destination).toEqual(ref('AsyncFailures', 'AWS::SQS::Queue'));
    }
    // the planner's two functions are invoked synchronously by the campaign-slot state machine, which retries them
    expect(byFunction.get(fnOf('plan-campaign')[0])).toBeUndefined();
    expect(byFunction.get(fnOf('plan-reps')[0])).toBeUndefined();
    expect(configs).toHaveLength(3);
  });
});

describe('campaign schedules', () => {
  const allCampaignSchedules = () =>
    resourcesOf('AWS::Scheduler::Schedule').filter(([, s]) => String(s.Properties.Description).startsWith('presence campaign'));
  const isShifted = (s: Resource) => String(s.Properties.Description).endsWith('slots moved off public holidays');
  const campaignSchedules = () => allCampaignSchedules().filter(([, s]) => !isShifted(s));

  it('has one schedule per campaign file with its expression and time zone, fired at the slot (no flexible window)', () => {
    const schedules = campaignSchedules();
    expect(schedules).toHaveLength(2);
    const byCampaign = Object.fromEntries(schedules.map(([, s]) => [JSON.parse(s.Properties.Target.Input).campaignId, s.Properties]));
    expect(byCampaign['weekly-update']).toMatchObject({
      ScheduleExpression: 'cron(0 8 ? * MON *)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
    });
    expect(byCampaign['fortnightly-check']).toMatchObject({
      ScheduleExpression: 'rate(14 days)',
      ScheduleExpressionTimezone: 'UTC',
      StartDate: '2026-01-05T07:00:00.000Z',
      FlexibleTimeWindow: { Mode: 'OFF' },
    });
  });

  it('starts the campaign-slot state machine with { campaignId, scheduledTime }, retrying until the catch-up window ends, then the DLQ', () => {
    for (const [, s] of campaignSchedules()) {
      const target = s.Properties.Target;
      expect(target.Arn).toEqual(slotMachine());
      expect(JSON.parse(target.Input)).toEqual({
        campaignId: expect.stringMatching(/^(weekly-update|fortnightly-check)$/),
        scheduledTime: '<aws.scheduler.scheduled-time>',
      });
      expect(target.RetryPolicy).toEqual({ MaximumEventAgeInSeconds: 900, MaximumRetryAttempts: 185 });
      expect(target.DeadLetterConfig).toEqual({ Arn: ref('ScheduleDeadLetters', 'AWS::SQS::Queue') });
    }
  });

  it('adds a daily shifted-run schedule at a cron campaign\'s time of day, Monday to Friday, for slots moved off public holidays; none for rate(...)', () => {
    const shifted = allCampaignSchedules().filter(([, s]) => isShifted(s));
    expect(shifted).toHaveLength(1);
    const [[, s]] = shifted as [[string, Resource]];
    expect(s.Properties).toMatchObject({ ScheduleExpression: 'cron(0 8 ? * MON-FRI *)', ScheduleExpressionTimezone: 'Europe/Berlin', FlexibleTimeWindow: { Mode: 'OFF' } });
    expect(s.Properties.Target.Arn).toEqual(slotMachine());
    expect(JSON.parse(s.Properties.Target.Input)).toEqual({ campaignId: 'weekly-update', scheduledTime: '<aws.scheduler.scheduled-time>', shifted: true });
    expect(s.Properties.Target.RetryPolicy).toEqual({ MaximumEventAgeInSeconds: 900, MaximumRetryAttempts: 185 });
  });

  it('schedules the letter export and the claim sweep from context, each with a retry policy and the DLQ', () => {
    const byTarget = (h: HandlerName) =>
      resourcesOf('AWS::Scheduler::Schedule').filter(([, s]) => s.Properties.Target.Arn['Fn::GetAtt']?.[0] === fnOf(h)[0]);
    const [[, letters]] = byTarget('export-letters') as [[string, Resource]];
    expect(letters.Properties).toMatchObject({
      ScheduleExpression: 'cron(0 7 ? * MON-FRI *)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
      Target: { RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 21600 }, DeadLetterConfig: { Arn: ref('ScheduleDeadLetters', 'AWS::SQS::Queue') } },
    });
    // The export event is strict ({ campaignId?, form?, ... }): the schedule sends an empty one, meaning everything.
    expect(JSON.parse(letters.Properties.Target.Input)).toEqual({});
    const [[, sweep]] = byTarget('sweep-claims') as [[string, Resource]];
    expect(JSON.parse(sweep.Properties.Target.Input)).toEqual({});
    expect(sweep.Properties).toMatchObject({
      ScheduleExpression: 'rate(15 minutes)',
      Target: { RetryPolicy: { MaximumRetryAttempts: 1, MaximumEventAgeInSeconds: 900 } },
    });
  });

  it('sends inputs the handlers accept (their own event schemas), with the scheduled time as Scheduler fills it in', () => {
    const fill = (input: string) => JSON.parse(input.replace('<aws.scheduler.scheduled-time>', '2026-01-05T07:00:00Z'));
    const targets = resourcesOf('AWS::Scheduler::Schedule').map(([, s]) => s.Properties.Target);
    const to = (h: HandlerName) => targets.filter((t) => t.Arn['Fn::GetAtt']?.[0] === fnOf(h)[0]);
    // the state machine hands its input to plan-campaign unchanged (ListUnits has no parameters)
    const slots = targets.filter((t) => JSON.stringify(t.Arn) === JSON.stringify(slotMachine()));
    expect(slots).toHaveLength(3);
    for (const t of slots) expect(() => parseScheduleEvent(fill(t.Input))).not.toThrow();
    for (const t of to('export-letters')) expect(exportLettersEventSchema.safeParse(fill(t.Input)).success).toBe(true);
  });

  it('lets each scheduler role invoke only its own function or start only the slot state machine, and write only to the schedule DLQ', () => {
    const schedulerRoles = resourcesOf('AWS::IAM::Role').filter(([, r]) =>
      JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes('scheduler.amazonaws.com'),
    );
    expect(schedulerRoles).toHaveLength(3);
    for (const [roleId] of schedulerRoles) {
      const [[, policy]] = resourcesOf('AWS::IAM::Policy').filter(([, p]) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === roleId)) as [[string, Resource]];
      for (const st of policy.Properties.PolicyDocument.Statement) {
        if (asList(st.Action).includes('lambda:InvokeFunction')) {
          const targets = new Set(asList(st.Resource).map((r: any) => JSON.stringify(r).match(/"(\w+Function\w+)"/)![1]));
          expect(targets.size).toBe(1);
        } else if (asList(st.Action).includes('states:StartExecution')) {
          expect(st.Action).toBe('states:StartExecution');
          expect(st.Resource).toEqual(slotMachine());
        } else {
          expect(st.Action).toBe('sqs:SendMessage');
          expect(st.Resource).toEqual(ref('ScheduleDeadLetters', 'AWS::SQS::Queue'));
        }
      }
    }
  });

  it('creates no campaign schedule when there are no campaign files', () => {
    const none = synthPresence({}, { campaignsDir: '/nonexistent/campaigns' }).statelessTemplate;
    const campaign = Object.values(none.findResources('AWS::Scheduler::Schedule')).filter((s) =>
      String(s.Properties.Description).startsWith('presence campaign'),
    );
    expect(campaign).toHaveLength(0);
  }, 120_000);
});

describe('send queue', () => {
  it('is encrypted, TLS-only and moves a message to its dead-letter queue after 10 receives', () => {
    const [, queue] = one('AWS::SQS::Queue', 'SendQueue');
    expect(queue.Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      // six times the 60 s function timeout
      VisibilityTimeout: 360,
      RedrivePolicy: { maxReceiveCount: 10, deadLetterTargetArn: ref('SendDeadLetters', 'AWS::SQS::Queue') },
    });
    const [, dlq] = one('AWS::SQS::Queue', 'SendDeadLetters');
    expect(dlq.Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
    expect(fnOf('send-approved')[1].Properties.Timeout).toBe(60);
  });

  it('gives every queue a policy that denies requests without TLS', () => {
    const queues = resourcesOf('AWS::SQS::Queue');
    const policies = resourcesOf('AWS::SQS::QueuePolicy');
    expect(policies).toHaveLength(queues.length);
    for (const [, p] of policies) {
      expect(p.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });

  it('feeds send-approved in batches with partial batch failures, at most as many senders as the SES rate is divided among', () => {
    t.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: ref('SendQueue', 'AWS::SQS::Queue'),
      FunctionName: { Ref: fnOf('send-approved')[0] },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 2 },
    });
    expect(fnOf('send-approved')[1].Properties.ReservedConcurrentExecutions).toBe(2);
    expect(fnOf('send-approved')[1].Properties.Environment.Variables.SEND_CONCURRENCY).toBe('2');
  });

  it('follows sendConcurrency from context', () => {
    const three = synthPresence({ sendConcurrency: 3 }).statelessTemplate;
    three.hasResourceProperties('AWS::Lambda::EventSourceMapping', { ScalingConfig: { MaximumConcurrency: 3 } });
    three.hasResourceProperties('AWS::Lambda::Function', {
      ReservedConcurrentExecutions: 3,
      Environment: { Variables: Match.objectLike({ SEND_CONCURRENCY: '3' }) },
    });
  }, 120_000);
});

describe('approval endpoint', () => {
  it('is an HTTP API whose $default stage is throttled and access-logged without paths, IPs or user agents', () => {
    const [, stage] = one('AWS::ApiGatewayV2::Stage', 'ApprovalApiStage');
    expect(stage.Properties).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
      AccessLogSettings: { DestinationArn: ref('ApprovalApiAccessLogs', 'AWS::Logs::LogGroup') },
    });
    const format = JSON.parse(stage.Properties.AccessLogSettings.Format) as Record<string, string>;
    expect(format.requestId).toBe('$context.requestId');
    expect(Object.values(format).join(' ')).not.toMatch(/path|sourceIp|userAgent/i);
  });

  it('routes every path and method ($default) to approval-site, and POST /renew to renew-link', () => {
    const [, route] = one('AWS::ApiGatewayV2::Route', 'ApprovalApiDefaultRoute');
    expect(route.Properties.RouteKey).toBe('$default');
    const [, integration] = one('AWS::ApiGatewayV2::Integration', 'ApprovalApiDefaultRoute');
    expect(integration.Properties).toMatchObject({ IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' });
    expect(JSON.stringify(integration.Properties.IntegrationUri)).toContain(fnOf('approval-site')[0]);
    const [, renew] = one('AWS::ApiGatewayV2::Route', 'ApprovalApiRenewRoute');
    expect(renew.Properties.RouteKey).toBe('POST /renew');
    const [, renewIntegration] = one('AWS::ApiGatewayV2::Integration', 'ApprovalApiRenewRoute');
    expect(renewIntegration.Properties).toMatchObject({ IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' });
    expect(JSON.stringify(renewIntegration.Properties.IntegrationUri)).toContain(fnOf('renew-link')[0]);
    expect(t.findResources('AWS::ApiGatewayV2::Route')).toSatisfy((routes: object) => Object.keys(routes).length === 2);
  });

  it('takes the throttling from context', () => {
    const custom = synthPresence({ approvalRateLimit: 5, approvalBurstLimit: 10 }).statelessTemplate;
    custom.hasResourceProperties('AWS::ApiGatewayV2::Stage', { DefaultRouteSettings: { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 } });
  }, 120_000);

  it('gives the two HTTP functions enough memory (CPU share) for short cold starts', () => {
    expect(fnOf('approval-site')[1].Properties.MemorySize).toBe(1024);
    expect(fnOf('unsubscribe')[1].Properties.MemorySize).toBe(512);
  });

  it('serves unsubscribe from its own Function URL, capped by reserved concurrency', () => {
    t.hasResourceProperties('AWS::Lambda::Url', { AuthType: 'NONE', TargetFunctionArn: { 'Fn::GetAtt': [fnOf('unsubscribe')[0], 'Arn'] } });
    expect(fnOf('unsubscribe')[1].Properties.ReservedConcurrentExecutions).toBe(5);
  });
});

describe('SES events', () => {
  it('routes only bounces and complaints of this configuration set to ses-events, with retries and a DLQ', () => {
    const [, rule] = one('AWS::Events::Rule', 'SesEventsRule');
    expect(rule.Properties.EventPattern).toEqual({
      source: ['aws.ses'],
      'detail-type': ['Email Bounced', 'Email Complaint Received'],
      detail: { mail: { tags: { 'ses:configuration-set': [{ 'Fn::ImportValue': expect.stringContaining('ConfigurationSet') }] } } },
    });
    expect(rule.Properties.Targets).toEqual([
      expect.objectContaining({
        Arn: { 'Fn::GetAtt': [fnOf('ses-events')[0], 'Arn'] },
        DeadLetterConfig: { Arn: ref('SesEventDeadLetters', 'AWS::SQS::Queue') },
        RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 8 },
      }),
    ]);
  });
});

describe('least privilege', () => {
  const allStatements = () =>
    resourcesOf('AWS::IAM::Policy').flatMap(([id, p]) =>
      (p.Properties.PolicyDocument.Statement as Array<Record<string, any>>).map((st): Record<string, any> => ({ policy: id, ...st })),
    );

  it('uses Resource "*" only for X-Ray writes, ses:GetAccount and the slot machine\'s log delivery, which have no resource type', () => {
    const star = allStatements().filter((st) => asList(st.Resource).includes('*'));
    const LOG_DELIVERY = ['logs:CreateLogDelivery', 'logs:DeleteLogDelivery', 'logs:DescribeLogGroups', 'logs:DescribeResourcePolicies', 'logs:GetLogDelivery', 'logs:ListLogDeliveries', 'logs:PutResourcePolicy', 'logs:UpdateLogDelivery'];
    const XRAY_SAMPLING = ['xray:GetSamplingRules', 'xray:GetSamplingTargets'];
    for (const st of star) {
      const allowed = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'ses:GetAccount', ...(String(st.policy).startsWith('CampaignSlotRole') ? [...LOG_DELIVERY, ...XRAY_SAMPLING] : [])];
      expect(asList(st.Action).every((a: string) => allowed.includes(a)), JSON.stringify(st)).toBe(true);
    }
    expect(star.filter((st) => asList(st.Action).includes('ses:GetAccount')).map((st) => st.policy).sort()).toEqual([
      expect.stringMatching(/^SendApprovedRole/),
      expect.stringMatching(/^SweepClaimsRole/),
    ]);
  });

  it('grants no wildcard action and no Scan, DeleteItem or table management', () => {
    for (const st of allStatements()) {
      for (const action of asList(st.Action) as string[]) {
        expect(action).not.toContain('*');
        expect(['dynamodb:Scan', 'dynamodb:DeleteItem', 'dynamodb:DeleteTable', 'dynamodb:UpdateTable']).not.toContain(action);
      }
    }
  });

  it('scopes DynamoDB to the ledger table and its two indexes by name', () => {
    const table = { 'Fn::ImportValue': expect.stringMatching(/^PresenceStateful:ExportsOutputFnGetAttLedger/) };
    for (const h of HANDLERS) {
      const dynamo = statementsOf(h).filter((st) => asList(st.Action).some((a: string) => a.startsWith('dynamodb:')));
      expect(dynamo.length, h).toBeGreaterThan(0);
      for (const st of dynamo) {
        for (const r of asList(st.Resource)) {
          expect([table, { 'Fn::Join': ['', [table, '/index/GSI1']] }, { 'Fn::Join': ['', [table, '/index/GSI2']] }]).toContainEqual(r);
        }
        if (asList(st.Resource).length > 1) expect(st.Action).toBe('dynamodb:Query');
      }
    }
  });

  it('gives each function only the DynamoDB actions its use cases perform', () => {
    const actions = (h: HandlerName) =>
      new Set(statementsOf(h).flatMap((st) => asList(st.Action) as string[]).filter((a) => a.startsWith('dynamodb:')));
    // lists reps and writes a deferred run; plans nothing
    expect([...actions('plan-campaign')].sort()).toEqual(['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query']);
    expect([...actions('plan-reps')].sort()).toEqual(
      ['dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
    );
    for (const h of ['approval-site', 'send-approved', 'export-letters'] as const) {
      expect([...actions(h)].sort(), h).toEqual(
        ['dynamodb:BatchGetItem', 'dynamodb:ConditionCheckItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
      );
    }
    expect([...actions('renew-link')].sort()).toEqual(['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query']);
    for (const h of ['ses-events', 'unsubscribe', 'sweep-claims'] as const) {
      expect([...actions(h)].sort(), h).toEqual(['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem']);
    }
  });

  it('lets only the mail-sending functions send, only as the sender address, only through the identity and configuration set', () => {
    const senders = HANDLERS.filter((h) => statementsOf(h).some((st) => asList(st.Action).includes('ses:SendEmail')));
    expect(senders).toEqual(['plan-reps', 'renew-link', 'send-approved']);
    for (const h of senders) {
      const st = statementsOf(h).find((s) => asList(s.Action).includes('ses:SendEmail'))!;
      expect([...st.Action].sort()).toEqual(['ses:SendEmail', 'ses:SendRawEmail']);
      const resources = JSON.stringify(st.Resource);
      expect(st.Resource).toHaveLength(2);
      expect(resources).toMatch(/:identity\/".*ExportsOutputRefSenderDomain/);
      expect(resources).toMatch(/:configuration-set\/".*ExportsOutputRefConfigurationSet/);
      expect(st.Condition).toEqual({ StringLike: { 'ses:FromAddress': ['updates@mail.presence.example'] } });
    }
  });

  it('lets reps send as themselves only within the sender domain and listed identities, and names sandbox recipients', () => {
    const asRep = synthPresence({ sendAsRep: true, extraSenderIdentities: ['reps.example.org'], sandboxRecipients: ['tester@example.net'] });
    const policy = Object.entries(asRep.statelessTemplate.findResources('AWS::IAM::Policy')).find(([id]) => id.startsWith('SendApprovedRole'))![1];
    const st = policy.Properties.PolicyDocument.Statement.find((s: any) => asList(s.Action).includes('ses:SendEmail'));
    expect(st.Condition).toEqual({ StringLike: { 'ses:FromAddress': ['*@mail.presence.example', '*@reps.example.org'] } });
    expect(st.Resource).toHaveLength(4);
    expect(JSON.stringify(st.Resource)).toContain(':identity/reps.example.org');
    expect(JSON.stringify(st.Resource)).toContain(':identity/tester@example.net');
  }, 120_000);

  it('lets only the functions that sign or verify with the signing key read it, and only that secret', () => {
    const readers = HANDLERS.filter((h) => statementsOf(h).some((st) => asList(st.Action).includes('secretsmanager:GetSecretValue')));
    expect(readers).toEqual(SIGNING_KEY_READERS);
    for (const h of readers) {
      const st = statementsOf(h).find((s) => asList(s.Action).includes('secretsmanager:GetSecretValue'))!;
      expect(st.Action).toBe('secretsmanager:GetSecretValue');
      expect(st.Resource).toEqual({ 'Fn::ImportValue': expect.stringContaining('SigningSecret') });
    }
  });

  it('gives exactly the signing key readers the Parameters and Secrets extension layer (arm64, this region), configured', () => {
    const withLayer = HANDLERS.filter((h) => fnOf(h)[1].Properties.Layers !== undefined);
    expect(withLayer).toEqual(SIGNING_KEY_READERS);
    for (const h of SIGNING_KEY_READERS) {
      const { Layers, Environment } = fnOf(h)[1].Properties;
      expect(Layers).toHaveLength(1);
      // the test app is region-agnostic: CDK looks the layer up per region in a mapping, for arm64 and version 1.0.103
      const [mappingName, region, fact] = Layers[0]['Fn::FindInMap'] as [string, unknown, string];
      expect(region).toEqual({ Ref: 'AWS::Region' });
      expect(fact).toBe('1x0x103xarm64');
      const mapping = t.toJSON().Mappings[mappingName] as Record<string, Record<string, string>>;
      expect(mapping['eu-central-1']![fact]).toMatch(/^arn:aws:lambda:eu-central-1:\d{12}:layer:AWS-Parameters-and-Secrets-Lambda-Extension-Arm64:\d+$/);
      expect(Environment.Variables).toMatchObject({
        PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: '2773',
        PARAMETERS_SECRETS_EXTENSION_CACHE_SIZE: '1',
        PARAMETERS_SECRETS_EXTENSION_LOG_LEVEL: 'warn',
        SECRETS_MANAGER_TIMEOUT_MILLIS: '2000',
      });
    }
    for (const h of HANDLERS.filter((x) => !SIGNING_KEY_READERS.includes(x))) {
      expect(Object.keys(fnOf(h)[1].Properties.Environment.Variables).filter((k) => k.startsWith('PARAMETERS_SECRETS_'))).toEqual([]);
    }
  });

  it('names the extension layer\'s ARN for a fixed region, and refuses a region without the extension\'s arm64 build', () => {
    const fixed = synthPresence({ account: '123456789012', region: 'eu-west-1' }).statelessTemplate;
    const fns = Object.entries(fixed.findResources('AWS::Lambda::Function'));
    const layers = fns.filter(([, r]) => r.Properties.Layers).map(([id, r]) => [id.replace(/Function.*/, ''), r.Properties.Layers]);
    expect(layers.map(([id]) => id).sort()).toEqual(['ApprovalSite', 'SendApproved', 'Unsubscribe']);
    for (const [, l] of layers) expect(l).toEqual([expect.stringMatching(/^arn:aws:lambda:eu-west-1:\d{12}:layer:AWS-Parameters-and-Secrets-Lambda-Extension-Arm64:\d+$/)]);
    expect(() => synthPresence({ account: '123456789012', region: 'xx-nowhere-1' })).toThrow(/Parameters and Secrets Extension is not supported in region xx-nowhere-1 for arm64/);
  }, 120_000);

  it('lets only export-letters write letters, only objects in the letters bucket', () => {
    const writers = HANDLERS.filter((h) => statementsOf(h).some((st) => asList(st.Action).some((a: string) => a.startsWith('s3:'))));
    expect(writers).toEqual(['export-letters']);
    const st = statementsOf('export-letters').find((s) => asList(s.Action).includes('s3:PutObject'))!;
    expect([...st.Action].sort()).toEqual(['s3:AbortMultipartUpload', 's3:PutObject']);
    expect(st.Resource).toEqual({ 'Fn::Join': ['', [{ 'Fn::ImportValue': expect.stringContaining('Letters') }, '/*']] });
  });

  it('lets only approval-site and the sweeper enqueue drafts for sending', () => {
    const sendQueue = ref('SendQueue', 'AWS::SQS::Queue');
    const enqueuers = HANDLERS.filter((h) =>
      statementsOf(h).some((st) => asList(st.Action).includes('sqs:SendMessage') && asList(st.Resource).some((r) => JSON.stringify(r) === JSON.stringify(sendQueue))),
    );
    expect(enqueuers).toEqual(['approval-site', 'sweep-claims']);
  });

  it('gives every function its own role that may write only to its own log group', () => {
    for (const h of HANDLERS) {
      const [roleId] = one('AWS::IAM::Role', `${pascal(h)}Role`);
      expect(fnOf(h)[1].Properties.Role).toEqual({ 'Fn::GetAtt': [roleId, 'Arn'] });
      const [, role] = one('AWS::IAM::Role', `${pascal(h)}Role`);
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      const logs = statementsOf(h).find((st) => asList(st.Action).includes('logs:PutLogEvents'))!;
      expect(logs.Resource).toEqual(ref(`${pascal(h)}Logs`, 'AWS::Logs::LogGroup'));
    }
  });
});

describe('alarms', () => {
  it('mails the operator about any dead-letter message and any function error', () => {
    t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@presence.example' });
    const alarms = resourcesOf('AWS::CloudWatch::Alarm');
    // four dead-letter queues, one per function, and a campaign slot that failed, timed out or was stopped
    expect(alarms).toHaveLength(4 + HANDLERS.length + 3);
    for (const [, alarm] of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^Alarms/) }]);
      expect(alarm.Properties.Threshold).toBe(1);
    }
    const slotAlarms = alarms.filter(([, a]) => a.Properties.Namespace === 'AWS/States');
    expect(slotAlarms.map(([, a]) => a.Properties.MetricName).sort()).toEqual(['ExecutionsAborted', 'ExecutionsFailed', 'ExecutionsTimedOut']);
    for (const [, a] of slotAlarms) expect(a.Properties.Dimensions).toEqual([{ Name: 'StateMachineArn', Value: slotMachine() }]);
  });

  it('creates no topic or alarms without an alarm email', () => {
    const quiet = synthPresence({ alarmEmail: '' }).statelessTemplate;
    quiet.resourceCountIs('AWS::SNS::Topic', 0);
    quiet.resourceCountIs('AWS::CloudWatch::Alarm', 0);
  }, 120_000);
});

describe('campaign slot state machine', () => {
  const machine = () => one('AWS::StepFunctions::StateMachine', 'CampaignSlot')[1];
  /** The definition as Step Functions gets it, the functions' ARNs put in by name. */
  const definition = () => {
    const body = machine().Properties.DefinitionString as { 'Fn::Join': [string, Array<string | Record<string, any>>] };
    const text = body['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : `<${JSON.stringify(part).match(/"(\w+Function\w+)"/)?.[1] ?? 'ref'}>`)).join('');
    return JSON.parse(text) as Record<string, any>;
  };

  it('lists the units with plan-campaign, then plans every writer with plan-reps in a Distributed Map, handing on while a unit is not done', () => {
    const d = definition();
    expect(d.StartAt).toBe('ListUnits');
    expect(d.States.ListUnits.Resource).toBe(`<${fnOf('plan-campaign')[0]}>`);
    expect(d.States.ListUnits.Next).toBe('PlanEveryWriter');
    const map = d.States.PlanEveryWriter;
    expect(map.Type).toBe('Map');
    expect(map.ItemProcessor.ProcessorConfig).toEqual({ Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' });
    expect(map.ItemsPath).toBe('$.units');
    expect(map.ItemSelector).toEqual({ 'campaignId.$': '$.campaignId', 'dueBy.$': '$.dueBy', 'unit.$': '$$.Map.Item.Value' });
    expect(map.MaxConcurrency).toBe(40);
    // 2,000 units' results would pass a state's 256 KiB
    expect(map.ResultPath).toBeNull();
    const inner = map.ItemProcessor.States;
    expect(map.ItemProcessor.StartAt).toBe('PlanUnit');
    expect(inner.PlanUnit.Resource).toBe(`<${fnOf('plan-reps')[0]}>`);
    expect(inner.PlanUnit.Next).toBe('HandedOn');
    expect(inner.HandedOn.Choices).toEqual([{ Variable: '$.done', BooleanEquals: false, Next: 'PlanUnit' }]);
    expect(inner[inner.HandedOn.Default].Type).toBe('Succeed');
  });

  it('retries every step with backoff (each is idempotent per run), and bounds the execution', () => {
    const d = definition();
    for (const state of [d.States.ListUnits, d.States.PlanEveryWriter.ItemProcessor.States.PlanUnit]) {
      expect(state.Retry).toContainEqual(expect.objectContaining({ ErrorEquals: ['States.ALL'], IntervalSeconds: 20, MaxAttempts: 4, BackoffRate: 2 }));
    }
    expect(d.TimeoutSeconds).toBe(6 * 3600);
    expect(machine().Properties.StateMachineType).toBe('STANDARD');
  });

  it('logs states and errors without the execution data, and traces', () => {
    const props = machine().Properties;
    expect(props.TracingConfiguration).toEqual({ Enabled: true });
    expect(props.LoggingConfiguration).toMatchObject({ Level: 'ALL', IncludeExecutionData: false });
  });

  it('may invoke only the two planner functions and manage only its own child executions', () => {
    const roleId = (machine().Properties.RoleArn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const statements = resourcesOf('AWS::IAM::Policy')
      .filter(([, p]) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === roleId))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Array<Record<string, any>>);
    const invoked = new Set(statements.filter((st) => asList(st.Action).includes('lambda:InvokeFunction')).flatMap((st) => asList(st.Resource).map((r: any) => JSON.stringify(r).match(/"(\w+Function\w+)"/)![1])));
    expect([...invoked].sort()).toEqual([fnOf('plan-campaign')[0], fnOf('plan-reps')[0]].sort());
    for (const st of statements.filter((x) => asList(x.Action).some((a: string) => a.startsWith('states:')))) {
      expect(JSON.stringify(st.Resource)).toContain(one('AWS::StepFunctions::StateMachine', 'CampaignSlot')[0]);
    }
    expect(statements.some((st) => asList(st.Action).some((a: string) => a.startsWith('dynamodb:') || a.startsWith('ses:')))).toBe(false);
  });

  it('gives plan-reps the time to hand on before Lambda stops it, and plan-campaign little', () => {
    expect(fnOf('plan-reps')[1].Properties.Timeout).toBe(900);
    expect(fnOf('plan-campaign')[1].Properties.Timeout).toBe(120);
  });
});
