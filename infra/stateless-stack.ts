// The code side of presence: one function per handler, the approval endpoint, the send queue, the schedules and
// the SES event rule. Everything here can be destroyed and redeployed; the data lives in the stateful stack.
// Each function gets exactly the permissions its use cases need (see grantLedger and the SES statement below).
// With a receivingDomain it also holds SES receiving: the receipt rule set (store the mail in S3, then invoke
// receive-mail), and the custom resource that makes that rule set the active one.
import { shiftedRunSchedule } from '../functions/core/calendar/holiday-runs';
import { Annotations, CfnOutput, Duration, Fn, Stack, TimeZone, Token, Validations, type StackProps } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke, StepFunctionsStartExecution } from 'aws-cdk-lib/aws-scheduler-targets';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sesActions from 'aws-cdk-lib/aws-ses-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as sfnTasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { CATCH_UP_WINDOW_MS } from '../functions/core/schedule';
import type { AnyHandlerName, HandlerName, ReceivingHandlerName } from './bundling';
import type { CampaignSchedule } from './campaign-schedules';
import { PresenceFunction, type PresenceFunctionEnvironment } from './constructs/presence-function';
import type { PresenceContext } from './context';
import { INBOUND_PREFIX, LEDGER_INDEXES, RECEIPT_RULE_NAME, RECEIPT_RULE_SET_NAME, receiptRuleArn, type StatefulResources } from './stateful-stack';

export interface StatelessStackProps extends StackProps {
  context: PresenceContext;
  stateful: StatefulResources;
  /** One EventBridge Scheduler schedule each (read from campaigns/*.yaml at synth). */
  campaigns: readonly CampaignSchedule[];
}

/** DynamoDB actions by purpose. No function may Scan or change the table; only receive-mail deletes items (below). */
const LEDGER_READ = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'];
const LEDGER_WRITE = ['dynamodb:PutItem', 'dynamodb:UpdateItem'];
/** recordTouch is a transaction with a ConditionCheck on the contact. */
const LEDGER_TOUCH = [...LEDGER_WRITE, 'dynamodb:ConditionCheckItem'];

/** Maximum age of a campaign event before Scheduler gives up: the planner's catch-up window, never later. */
export const CAMPAIGN_MAX_EVENT_AGE = Duration.millis(CATCH_UP_WINDOW_MS);
/**
 * Scheduler's retries of starting a slot's execution: as many as it allows (185), so that only the catch-up window
 * above ends them; an event still undelivered then waits in ScheduleDeadLetters (alarmed), it is not lost. Starting
 * an execution takes milliseconds, so the window is never spent by a run itself: the run is the state machine's.
 */
export const CAMPAIGN_RETRY_ATTEMPTS = 185;
/** plan-reps: one unit planned until this limit (less DIGEST_RESERVE_MS), then handed on as a continuation. */
export const PLAN_REPS_TIMEOUT = Duration.minutes(15);
/** The units of a slot planned at the same time (the Distributed Map's child executions). */
export const SLOT_CONCURRENCY = 40;
/** A slot's execution, continuations and retries included; 2,000 units at 40 at a time take well under an hour. */
export const SLOT_TIMEOUT = Duration.hours(6);
/** Send queue: receives before a message moves to the dead-letter queue (throttling retries stay far below it). */
export const SEND_MAX_RECEIVE_COUNT = 10;
export const SEND_TIMEOUT = Duration.seconds(60);
/** How cdk-nag renders the letters bucket ARN imported from the stateful stack (its export name). */
const LETTERS_BUCKET_ARN_IMPORT = 'PresenceStateful:ExportsOutputFnGetAttLettersDC1467ACArn56DA7B38';
/** The same for the inbound bucket (with a receivingDomain). */
const INBOUND_BUCKET_ARN_IMPORT = 'PresenceStateful:ExportsOutputFnGetAttInboundADA8BFE6Arn6743C898';
/** receive-mail: one raw mail is read, parsed, and at most one forward is sent per invocation. */
export const RECEIVE_TIMEOUT = Duration.seconds(60);

export class StatelessStack extends Stack {
  /** One function per handler; receive-mail only with a receivingDomain. */
  readonly functions: Record<HandlerName, PresenceFunction> & Partial<Record<ReceivingHandlerName, PresenceFunction>>;
  /** The receipt rule set (with a receivingDomain). */
  readonly receiptRuleSet?: ses.ReceiptRuleSet;
  readonly approvalApi: apigwv2.HttpApi;
  readonly sendQueue: sqs.Queue;
  readonly sendDeadLetters: sqs.Queue;
  readonly scheduleDeadLetters: sqs.Queue;
  readonly asyncFailures: sqs.Queue;
  readonly unsubscribeUrl: lambda.FunctionUrl;
  /** One execution per campaign slot: list the units, then plan each (a Distributed Map over plan-reps). */
  readonly campaignSlot: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { context, stateful } = props;
    const logRetention = retentionOf(context.logRetentionDays);

    // ---- queues: every failure path ends in a queue someone looks at (alarms below)

    this.sendDeadLetters = deadLetterQueue(this, 'SendDeadLetters', 'approved drafts that failed to send after every retry');
    this.sendQueue = new sqs.Queue(this, 'SendQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // Six times the function timeout (AWS guidance for SQS event sources), so a slow batch is not received twice.
      visibilityTimeout: Duration.seconds(SEND_TIMEOUT.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.sendDeadLetters, maxReceiveCount: SEND_MAX_RECEIVE_COUNT },
    });
    this.scheduleDeadLetters = deadLetterQueue(this, 'ScheduleDeadLetters', 'schedule events Scheduler could not deliver in time');
    this.asyncFailures = deadLetterQueue(this, 'AsyncFailures', 'asynchronous invocations that failed after Lambda retried them');
    const eventDeadLetters = deadLetterQueue(this, 'SesEventDeadLetters', 'SES events EventBridge could not deliver');
    const onFailure = new SqsDestination(this.asyncFailures);

    // ---- the approval endpoint: an HTTP API in front of approval-site, throttled per stage

    const approvalApi = new apigwv2.HttpApi(this, 'ApprovalApi', {
      description: 'presence approval site: draft pages, review-all, task done, resend link, manager dashboard',
      createDefaultStage: false,
    });
    this.approvalApi = approvalApi;
    const publicBaseUrl = approvalApi.apiEndpoint;

    // ---- functions

    const common: PresenceFunctionEnvironment = {
      TABLE_NAME: stateful.table.tableName,
      SENDER_ADDRESS: context.senderAddress,
      SEND_AS_REP: context.sendAsRep ? 'true' : 'false',
      CONFIGURATION_SET: stateful.configurationSet.configurationSetName,
      HOME_COUNTRY: context.homeCountry,
      LINK_TTL_HOURS: String(context.linkTtlHours),
      APPROVAL_GRACE_SECONDS: String(context.approvalGraceSeconds),
      PUBLIC_BASE_URL: publicBaseUrl,
      // Every function knows the ARN; only the functions that sign or verify links (readsSigningSecret) get the
      // extension layer that reads it and may read the value (ReadSigningKey below).
      SIGNING_SECRET_ARN: stateful.signingSecret.secretArn,
    };
    const make = (handler: AnyHandlerName, description: string, extra: Partial<PresenceFunctionEnvironment>, opts: Partial<ConstructorParameters<typeof PresenceFunction>[2]> = {}) =>
      new PresenceFunction(this, pascal(handler), {
        handler,
        description,
        environment: { ...common, ...extra },
        bundle: context.bundle,
        logRetention,
        ...opts,
      });

    // The unsubscribe endpoint first: the other functions put its URL into mails.
    const unsubscribe = make(
      'unsubscribe',
      'RFC 8058 one-click unsubscribe (POST) and confirmation page (GET)',
      {},
      // Lambda's CPU share grows with memory; 512 MB keeps a cold start short enough for a mail provider's POST.
      { memorySize: 512, timeout: Duration.seconds(10), reservedConcurrentExecutions: context.unsubscribeConcurrency, readsSigningSecret: true },
    );
    // A Function URL of its own keeps unsubscribing working while the approval site is throttled. The signed
    // token in the path is the authorization; reserved concurrency caps what a flood can cost (excess gets 429).
    this.unsubscribeUrl = unsubscribe.fn.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
    // The URL ends with "/"; mails use `<base>/u/<token>`.
    const unsubscribeBaseUrl = Fn.join('', ['https://', Fn.select(2, Fn.split('/', this.unsubscribeUrl.url))]);
    common.UNSUBSCRIBE_BASE_URL = unsubscribeBaseUrl;

    // With SES receiving, sent updates get a Reply-To in the receiving domain and digests show each rep's signed
    // logging address there (functions/handlers/aws/compose.ts reads RECEIVING_DOMAIN); without it, nothing changes.
    const receiving: Partial<PresenceFunctionEnvironment> = context.receivingDomain ? { RECEIVING_DOMAIN: context.receivingDomain } : {};
    // A slot is a state machine (campaignSlot below): plan-campaign lists its units, plan-reps plans each and mails
    // the writer's digest. Both are invoked synchronously by Step Functions, which retries them.
    const planCampaign = make(
      'plan-campaign',
      'Campaign slot, first step: list the units (one per writer) and write down the reps moved off a holiday',
      {},
      { memorySize: 512, timeout: Duration.minutes(2) },
    );
    const planReps = make(
      'plan-reps',
      'Campaign slot, one unit: plan drafts for the due contacts of a writer and its reps, then mail the writer one digest',
      receiving,
      // The digest's logging addresses are signed with the signing key: the planner reads it only with a receiving domain.
      { memorySize: 1024, timeout: PLAN_REPS_TIMEOUT, readsSigningSecret: context.receivingDomain !== undefined },
    );
    const approvalSite = make(
      'approval-site',
      'Approval site: draft pages, decisions, review-all, task done, manager dashboard',
      { SEND_QUEUE_URL: this.sendQueue.queueUrl },
      // A rep waits for this page: 1 GB buys CPU for a short cold start (about 0.6 vCPU), the time is billed shorter.
      { memorySize: 1024, timeout: Duration.seconds(29), readsSigningSecret: true },
    );
    // The site's "send me a new link" form (POST /renew) is a function of its own, so the one that serves the pages
    // may not send mail; this one may mail a rep a fresh link and nothing else.
    const renewLink = make(
      'renew-link',
      'Approval site: POST /renew, mail the rep a fresh link for an expired or used one',
      {},
      { memorySize: 512, timeout: Duration.seconds(29) },
    );
    const sendApproved = make(
      'send-approved',
      'Send approved drafts through SES at the account rate, exactly once, and record the touch',
      { SEND_CONCURRENCY: String(context.sendConcurrency), ...receiving },
      // Reserved = the event source's maximum concurrency: no more senders than the rate was divided among.
      { memorySize: 512, timeout: SEND_TIMEOUT, reservedConcurrentExecutions: context.sendConcurrency, readsSigningSecret: true },
    );
    const sesEvents = make(
      'ses-events',
      'SES bounce and complaint events: suppress the address',
      {},
      { memorySize: 256, timeout: Duration.seconds(30), onFailure, retryAttempts: 2, maxEventAge: Duration.hours(6) },
    );
    const exportLetters = make(
      'export-letters',
      'Export approved letters as merge CSV and print PDF to S3; on schedule or invoked on demand',
      { LETTERS_BUCKET: stateful.lettersBucket.bucketName },
      { memorySize: 1536, timeout: Duration.minutes(15), onFailure, retryAttempts: 1, maxEventAge: Duration.hours(6) },
    );
    const sweepClaims = make(
      'sweep-claims',
      'Move stale sending claims to possibly_sent (never resent); queue again approved drafts that waited too long',
      { SEND_QUEUE_URL: this.sendQueue.queueUrl },
      { memorySize: 256, timeout: Duration.minutes(2), onFailure, retryAttempts: 0, maxEventAge: Duration.minutes(15) },
    );
    this.functions = {
      'plan-campaign': planCampaign,
      'plan-reps': planReps,
      'approval-site': approvalSite,
      'renew-link': renewLink,
      'send-approved': sendApproved,
      'ses-events': sesEvents,
      unsubscribe,
      'export-letters': exportLetters,
      'sweep-claims': sweepClaims,
    };
    // Replies, automatic replies and the reps' BCC copies, stored by SES in the inbound bucket (receipt rule below).
    const receiveMail =
      context.receivingDomain && stateful.inboundBucket
        ? make(
            'receive-mail',
            'SES receiving: read a received mail from S3, classify it, record the touch or snooze, forward replies to the rep',
            { ...receiving, INBOUND_BUCKET: stateful.inboundBucket.bucketName, INBOUND_PREFIX },
            // Asynchronous (the receipt rule's EVENT invocation): Lambda retries twice, then AsyncFailures.
            { memorySize: 512, timeout: RECEIVE_TIMEOUT, onFailure, retryAttempts: 2, maxEventAge: Duration.hours(6), readsSigningSecret: true },
          )
        : undefined;
    if (receiveMail) this.functions['receive-mail'] = receiveMail;

    // ---- approval API stage and route (the API itself is above: its URL goes into the functions' environment)

    const accessLogs = new logs.LogGroup(this, 'ApprovalApiAccessLogs', { retention: logRetention });
    new apigwv2.HttpStage(this, 'ApprovalApiStage', {
      httpApi: approvalApi,
      stageName: '$default',
      autoDeploy: true,
      // Requests per second for the whole stage: bounds what a leaked link or a scanner storm can cost.
      throttle: { rateLimit: context.approvalRateLimit, burstLimit: context.approvalBurstLimit },
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(accessLogs),
        // No path (it carries the link token), no source IP or user agent (personal data).
        format: apigw.AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTimeEpoch',
            method: '$context.httpMethod',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            integrationLatency: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });
    // The $default route: every other path and method reaches the pages function, as the local server serves them.
    const approvalRoute = new apigwv2.HttpRoute(this, 'ApprovalApiDefaultRoute', {
      httpApi: approvalApi,
      routeKey: apigwv2.HttpRouteKey.DEFAULT,
      integration: new HttpLambdaIntegration('ApprovalSite', approvalSite.fn),
    });
    // POST /renew (the form on the "link no longer valid" page) reaches the function that may mail.
    const renewRoute = new apigwv2.HttpRoute(this, 'ApprovalApiRenewRoute', {
      httpApi: approvalApi,
      routeKey: apigwv2.HttpRouteKey.with('/renew', apigwv2.HttpMethod.POST),
      integration: new HttpLambdaIntegration('RenewLink', renewLink.fn),
    });
    for (const route of [approvalRoute, renewRoute]) {
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'The approval links are the authorization: each carries a random 256-bit token (stored only as a hash) bound to one rep and draft, checked by the function; a rep opens them from a mail without signing in.',
      });
    }
    Validations.of(approvalApi).acknowledge({
      id: 'Serverless-APIGWXrayEnabled',
      reason: 'HTTP APIs do not support X-Ray tracing; the approval-site and renew-link functions trace actively.',
    });

    // ---- sending: approval-site enqueues `{ draftId }`, send-approved drains at the SES rate

    // The approval site enqueues what a rep approved; the sweeper enqueues again what waited too long.
    this.sendQueue.grantSendMessages(approvalSite.fn);
    this.sendQueue.grantSendMessages(sweepClaims.fn);
    sendApproved.fn.addEventSource(
      new SqsEventSource(this.sendQueue, {
        batchSize: 10,
        reportBatchItemFailures: true,
        maxConcurrency: context.sendConcurrency,
      }),
    );
    Validations.of(sendApproved.fn).acknowledge({
      id: 'Serverless-LambdaEventSourceMappingDestination',
      reason:
        'SQS event source mappings take no on-failure destination; a message that keeps failing moves to SendDeadLetters through the queue\'s redrive policy (maxReceiveCount).',
    });

    // ---- SES events: bounces and complaints of this configuration set only

    new events.Rule(this, 'SesEventsRule', {
      description: 'presence: SES bounces and complaints of the presence configuration set',
      eventPattern: {
        source: ['aws.ses'],
        detailType: ['Email Bounced', 'Email Complaint Received'],
        detail: { mail: { tags: { 'ses:configuration-set': [stateful.configurationSet.configurationSetName] } } },
      },
      targets: [
        new eventTargets.LambdaFunction(sesEvents.fn, {
          deadLetterQueue: eventDeadLetters,
          retryAttempts: 8,
          maxEventAge: Duration.hours(24),
        }),
      ],
    });

    // ---- campaign slots: a state machine per deployment, started by each campaign's schedule

    this.campaignSlot = this.campaignSlotMachine(planCampaign, planReps, logRetention);

    // ---- schedules: one per campaign file, plus the letter export and the claim sweeper

    const group = new scheduler.ScheduleGroup(this, 'Schedules', {});
    for (const campaign of props.campaigns) {
      new scheduler.Schedule(this, `Campaign-${campaign.campaignId}`, {
        scheduleGroup: group,
        description: `presence campaign ${campaign.campaignId}`,
        schedule: scheduler.ScheduleExpression.expression(campaign.expression, timeZoneOf(campaign.timeZone)),
        // Fire at the slot, not somewhere in a window: the run id is derived from the scheduled time.
        timeWindow: scheduler.TimeWindow.off(),
        ...(campaign.startAt ? { start: campaign.startAt } : {}),
        target: new StepFunctionsStartExecution(this.campaignSlot, {
          input: scheduler.ScheduleTargetInput.fromObject({
            campaignId: campaign.campaignId,
            scheduledTime: scheduler.ContextAttribute.scheduledTime,
          }),
          deadLetterQueue: this.scheduleDeadLetters,
          retryAttempts: CAMPAIGN_RETRY_ATTEMPTS,
          // A slot that cannot be delivered within the catch-up window is dropped to the DLQ, never run late.
          maxEventAge: CAMPAIGN_MAX_EVENT_AGE,
        }),
      });
      // the reps whose slot fell on a public holiday where they work run on their next business day, at the slot's
      // time of day (functions/core/calendar/holiday-runs.ts); a rate(...) schedule has no time of day to move to
      const shifted = shiftedRunSchedule(campaign);
      if (shifted) {
        new scheduler.Schedule(this, `CampaignShifted-${campaign.campaignId}`, {
          scheduleGroup: group,
          description: `presence campaign ${campaign.campaignId}: slots moved off public holidays`,
          schedule: scheduler.ScheduleExpression.expression(shifted.expression, timeZoneOf(shifted.timeZone)),
          timeWindow: scheduler.TimeWindow.off(),
          target: new StepFunctionsStartExecution(this.campaignSlot, {
            input: scheduler.ScheduleTargetInput.fromObject({
              campaignId: campaign.campaignId,
              scheduledTime: scheduler.ContextAttribute.scheduledTime,
              shifted: true,
            }),
            deadLetterQueue: this.scheduleDeadLetters,
            retryAttempts: CAMPAIGN_RETRY_ATTEMPTS,
            maxEventAge: CAMPAIGN_MAX_EVENT_AGE,
          }),
        });
      }
    }
    new scheduler.Schedule(this, 'LetterExport', {
      scheduleGroup: group,
      description: 'presence: export approved letters to S3',
      schedule: scheduler.ScheduleExpression.expression(context.letterExportSchedule, timeZoneOf(context.timeZone)),
      timeWindow: scheduler.TimeWindow.off(),
      target: new LambdaInvoke(exportLetters.fn, {
        // The export takes `{ campaignId?, form?, delimiter?, again?, onePdfPerLetter? }` (strict); empty: all approved letters.
        input: scheduler.ScheduleTargetInput.fromObject({}),
        deadLetterQueue: this.scheduleDeadLetters,
        retryAttempts: 3,
        maxEventAge: Duration.hours(6),
      }),
    });
    new scheduler.Schedule(this, 'ClaimSweep', {
      scheduleGroup: group,
      description: 'presence: move stale sending claims to possibly_sent',
      schedule: scheduler.ScheduleExpression.expression(context.claimSweepSchedule, timeZoneOf(context.timeZone)),
      timeWindow: scheduler.TimeWindow.off(),
      target: new LambdaInvoke(sweepClaims.fn, {
        // `{ olderThanMinutes?, requeueAfterMinutes? }`; empty: the handler's defaults (15 minutes each).
        input: scheduler.ScheduleTargetInput.fromObject({}),
        deadLetterQueue: this.scheduleDeadLetters,
        retryAttempts: 1,
        maxEventAge: Duration.minutes(15),
      }),
    });

    // Scheduler target roles (one per function, trust limited to this account and schedule group) get
    // lambda:InvokeFunction on the function and on `<function>:*`, its versions and aliases.
    for (const f of [exportLetters, sweepClaims]) {
      Validations.of(this).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${this.resolve(this.getLogicalId(f.fn.node.defaultChild as lambda.CfnFunction))}.Arn>:*]`,
        reason: `The scheduler role may invoke only the ${f.node.id} function; ":*" covers that function's versions and aliases, nothing else.`,
      });
    }

    // ---- least privilege: ledger, secret, SES, letters

    // plan-campaign reads the reps and writes a deferred run (PutItem); plan-reps writes drafts in batches, links and the digest marker
    grantLedger(planCampaign, [...LEDGER_READ, 'dynamodb:PutItem'], stateful);
    grantLedger(planReps, [...LEDGER_READ, ...LEDGER_WRITE, 'dynamodb:BatchWriteItem'], stateful);
    grantLedger(approvalSite, [...LEDGER_READ, ...LEDGER_TOUCH], stateful);
    // reads the old link, its drafts and rep, and writes the new link (a conditional put)
    grantLedger(renewLink, [...LEDGER_READ, 'dynamodb:PutItem'], stateful);
    grantLedger(sendApproved, [...LEDGER_READ, ...LEDGER_TOUCH], stateful);
    grantLedger(sesEvents, [...LEDGER_READ, ...LEDGER_WRITE], stateful);
    grantLedger(unsubscribe, [...LEDGER_READ, ...LEDGER_WRITE], stateful);
    grantLedger(exportLetters, [...LEDGER_READ, ...LEDGER_TOUCH], stateful);
    grantLedger(sweepClaims, [...LEDGER_READ, ...LEDGER_WRITE], stateful);
    // receive-mail records touches (a transaction with a ConditionCheck) and claims each mail once (a conditional
    // put); DeleteItem only because it deletes its own idempotency claim when forwarding a reply fails, so that
    // Lambda's retry can forward it again. It never scans.
    if (receiveMail) grantLedger(receiveMail, [...LEDGER_READ, ...LEDGER_TOUCH, 'dynamodb:DeleteItem'], stateful);

    // The functions that sign or verify with the signing key read it through the Parameters and Secrets extension
    // layer (PresenceFunction), which calls Secrets Manager with the function's own role: so the role still needs
    // GetSecretValue, on this one secret only. The planner's digest links are random tokens, not signed: it gets
    // neither the layer nor the grant.
    for (const f of Object.values(this.functions).filter((fn) => fn.readsSigningSecret)) {
      f.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid: 'ReadSigningKey',
          actions: ['secretsmanager:GetSecretValue'],
          resources: [stateful.signingSecret.secretArn],
        }),
      );
    }

    // Digests (plan-reps), fresh links (renew-link) and customer mails (send-approved); not the pages.
    const sendStatement = sesSendStatement(this, context, stateful);
    // receive-mail forwards replies to the rep, From the sender identity, under the same statement.
    for (const f of [planReps, renewLink, sendApproved, ...(receiveMail ? [receiveMail] : [])]) f.role.addToPrincipalPolicy(sendStatement);
    // The sender paces itself by the quota; the sweeper re-queues no more than the day's quota has left.
    for (const f of [sendApproved, sweepClaims]) {
      f.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid: 'ReadSendQuota',
          actions: ['ses:GetAccount'],
          // GetAccount (the account's max send rate and daily quota) acts on the account and has no resource type.
          resources: ['*'],
        }),
      );
      Validations.of(f.role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'Two statements need "*": ses:GetAccount (reads the account send quota; the action has no resource type) and the X-Ray write actions of active tracing (no resource-level permissions).',
      });
    }

    exportLetters.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'WriteLetterBatches',
        actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
        resources: [stateful.lettersBucket.arnForObjects('*')],
      }),
    );
    Validations.of(exportLetters.role).acknowledge({
      // The imported letters-bucket ARN as cdk-nag prints it; the synth names the id if the logical id ever changes.
      id: `AwsSolutions-IAM5[Resource::${LETTERS_BUCKET_ARN_IMPORT}/*]`,
      reason: 'Each export writes new objects (batch id in the key) into the letters bucket only; object keys are not known before the run.',
    });

    if (receiveMail && stateful.inboundBucket && context.receivingDomain) {
      this.receiptRuleSet = this.receiveMailWith(receiveMail, stateful.inboundBucket, context.receivingDomain);
    }

    // ---- alarms: a message in any dead-letter queue, or any function error, mails the operator

    if (context.alarmEmail) {
      const topic = new sns.Topic(this, 'Alarms', { displayName: 'presence alarms', enforceSSL: true });
      topic.addSubscription(new subscriptions.EmailSubscription(context.alarmEmail));
      Validations.of(topic).acknowledge({
        id: 'AwsSolutions-SNS2',
        reason:
          'CloudWatch alarms cannot publish to a topic encrypted with the AWS managed SNS key, and a customer managed key costs more than the alarm texts (queue names, counts) are worth protecting; no message holds personal data.',
      });
      Validations.of(topic).acknowledge({
        id: 'Serverless-SNSRedrivePolicy',
        reason: 'An email subscription to an operator; SNS retries email delivery itself and a DLQ for alarm mails would itself need watching.',
      });
      const action = new cwActions.SnsAction(topic);
      const queues: Array<[string, sqs.IQueue]> = [
        ['SendDeadLetters', this.sendDeadLetters],
        ['ScheduleDeadLetters', this.scheduleDeadLetters],
        ['AsyncFailures', this.asyncFailures],
        ['SesEventDeadLetters', eventDeadLetters],
      ];
      for (const [name, queue] of queues) {
        queue
          .metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' })
          .createAlarm(this, `${name}Alarm`, {
            alarmDescription: `presence: messages waiting in ${name}`,
            threshold: 1,
            evaluationPeriods: 1,
            comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
          })
          .addAlarmAction(action);
      }
      // a slot whose execution failed, timed out or was stopped: some writers may have no digest (redrive it)
      const slotEnds = {
        CampaignSlotFailed: this.campaignSlot.metricFailed({ period: Duration.minutes(5), statistic: 'Sum' }),
        CampaignSlotTimedOut: this.campaignSlot.metricTimedOut({ period: Duration.minutes(5), statistic: 'Sum' }),
        CampaignSlotAborted: this.campaignSlot.metricAborted({ period: Duration.minutes(5), statistic: 'Sum' }),
      };
      for (const [name, metric] of Object.entries(slotEnds)) {
        metric
          .createAlarm(this, `${name}Alarm`, {
            alarmDescription: `presence: a campaign slot execution ended ${name.replace('CampaignSlot', '').toLowerCase()}; redrive it (docs/deploy.md)`,
            threshold: 1,
            evaluationPeriods: 1,
            comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
          })
          .addAlarmAction(action);
      }
      for (const [handler, f] of Object.entries(this.functions)) {
        f.fn
          .metricErrors({ period: Duration.minutes(5), statistic: 'Sum' })
          .createAlarm(this, `${pascal(handler)}ErrorsAlarm`, {
            alarmDescription: `presence: ${handler} failed`,
            threshold: 1,
            evaluationPeriods: 1,
            comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
          })
          .addAlarmAction(action);
      }
    }

    // ---- serverless rules that do not fit a function's invocation type, acknowledged per function

    for (const f of [approvalSite, renewLink, unsubscribe]) {
      Validations.of(f.fn).acknowledge({
        id: 'Serverless-LambdaDLQ',
        reason: 'Invoked synchronously over HTTPS; errors go back to the caller as a status code. A dead-letter queue only applies to asynchronous invocations.',
      });
    }
    Validations.of(sendApproved.fn).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason: 'Invoked by the SQS event source; failed messages go to the send queue\'s own dead-letter queue (redrive policy). A function DLQ only applies to asynchronous invocations.',
    });
    for (const f of [planCampaign, planReps]) {
      Validations.of(f.fn).acknowledge({
        id: 'Serverless-LambdaDLQ',
        reason: 'Invoked synchronously by the campaign-slot state machine, which retries each step; a failed execution raises CampaignSlotFailedAlarm and can be redriven. A dead-letter queue only applies to asynchronous invocations.',
      });
    }
    for (const f of [sesEvents, exportLetters, sweepClaims, ...(receiveMail ? [receiveMail] : [])]) {
      Validations.of(f.fn).acknowledge({
        id: 'Serverless-LambdaDLQ',
        reason: 'Asynchronous failures go to the on-failure destination (AsyncFailures queue), which also records the error and request context; a DeadLetterConfig to the same queue would duplicate every failure.',
      });
    }

    new CfnOutput(this, 'ApprovalSiteUrl', { value: publicBaseUrl, description: 'PUBLIC_BASE_URL: links in rep digests point here' });
    new CfnOutput(this, 'UnsubscribeUrl', { value: unsubscribeBaseUrl, description: 'UNSUBSCRIBE_BASE_URL: List-Unsubscribe links point here' });
    new CfnOutput(this, 'CampaignSlotStateMachine', {
      value: this.campaignSlot.stateMachineArn,
      description: 'Run a skipped slot by hand: aws stepfunctions start-execution --state-machine-arn <this> --input \'{"campaignId":"<id>","scheduledTime":"<ISO time>"}\'',
    });
    new CfnOutput(this, 'ExportLettersFunction', {
      value: exportLetters.fn.functionName,
      description: 'On demand: aws lambda invoke --function-name <this> --cli-binary-format raw-in-base64-out --payload \'{}\' out.json',
    });
    new CfnOutput(this, 'SendDeadLettersQueue', { value: this.sendDeadLetters.queueUrl, description: 'Drafts that failed to send; redrive after fixing the cause' });
    if (context.receivingDomain) {
      new CfnOutput(this, 'ReceivingMxRecord', {
        value: `10 inbound-smtp.${this.region}.amazonaws.com`,
        description: `MX record of ${context.receivingDomain}: SES receives its mail in this region (docs/deploy.md)`,
      });
    }
  }

  /**
   * The campaign-slot state machine: plan-campaign lists the slot's units; a Distributed Map runs each unit in a child
   * execution of its own (STANDARD: a unit may run 15 minutes and hand on), where plan-reps plans the unit and, while
   * it answers `done: false`, plans the continuation it returned. Every step is idempotent per run (no draft or digest
   * twice), so Step Functions retries them, and a failed execution can be redriven.
   */
  private campaignSlotMachine(planCampaign: PresenceFunction, planReps: PresenceFunction, logRetention: logs.RetentionDays): sfn.StateMachine {
    const retry: sfn.RetryProps = { errors: [sfn.Errors.ALL], interval: Duration.seconds(20), backoffRate: 2, maxAttempts: 4, jitterStrategy: sfn.JitterType.FULL };
    const listUnits = new sfnTasks.LambdaInvoke(this, 'ListUnits', {
      lambdaFunction: planCampaign.fn,
      payloadResponseOnly: true,
      comment: 'the units of the slot, one per writer',
    });
    listUnits.addRetry(retry);
    const planUnit = new sfnTasks.LambdaInvoke(this, 'PlanUnit', {
      lambdaFunction: planReps.fn,
      payloadResponseOnly: true,
      comment: 'plan a unit until its time is up, then its digest',
    });
    planUnit.addRetry(retry);
    const handedOn = new sfn.Choice(this, 'HandedOn')
      .when(sfn.Condition.booleanEquals('$.done', false), planUnit)
      .otherwise(new sfn.Succeed(this, 'UnitDone'));
    const everyWriter = new sfn.DistributedMap(this, 'PlanEveryWriter', {
      itemsPath: '$.units',
      // campaign and due time once per list, not once per unit (a state holds 256 KiB: handlers/slot-units.ts)
      itemSelector: {
        'campaignId.$': '$.campaignId',
        'dueBy.$': '$.dueBy',
        'unit.$': '$$.Map.Item.Value',
      },
      maxConcurrency: SLOT_CONCURRENCY,
      mapExecutionType: sfn.StateMachineType.STANDARD,
      // the units' own results are not needed afterwards; kept, 2,000 of them would pass the state limit
      resultPath: sfn.JsonPath.DISCARD,
      label: 'PlanEveryWriter',
    });
    everyWriter.itemProcessor(planUnit.next(handedOn));
    const logGroup = new logs.LogGroup(this, 'CampaignSlotLogs', { retention: logRetention });
    const machine = new sfn.StateMachine(this, 'CampaignSlot', {
      comment: 'presence: one campaign slot, every writer planned and mailed one digest',
      definitionBody: sfn.DefinitionBody.fromChainable(listUnits.next(everyWriter)),
      stateMachineType: sfn.StateMachineType.STANDARD,
      timeout: SLOT_TIMEOUT,
      tracingEnabled: true,
      // states and errors, not the data: the units name reps only, but a task's error may quote more
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
    });
    for (const f of [planCampaign, planReps]) {
      Validations.of(machine).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${this.resolve(this.getLogicalId(f.fn.node.defaultChild as lambda.CfnFunction))}.Arn>:*]`,
        reason: `The state machine may invoke ${f.node.id} and plan-campaign only; ":*" covers that function's versions and aliases.`,
      });
    }
    Validations.of(machine).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'The X-Ray write actions of tracing and the CloudWatch Logs delivery actions of execution logging have no resource-level permissions.',
    });
    // the Distributed Map starts, describes and stops child executions of this state machine only (its own ARN's name)
    // (cdk-nag prints the partition, region and account as the stack knows them: literal with an env, else as <AWS::...>)
    const known = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<AWS::${pseudo}>` : value);
    const executions = `arn:${known(this.partition, 'Partition')}:states:${known(this.region, 'Region')}:${known(this.account, 'AccountId')}:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${this.resolve(this.getLogicalId(machine.node.defaultChild as sfn.CfnStateMachine))}"}]}]}`;
    for (const resource of [`${executions}:*`, `${executions}/PlanEveryWriter:*`]) {
      Validations.of(machine).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${resource}]`,
        reason: "The Distributed Map's child executions: Step Functions names them after the map run, so only this state machine's executions can be named.",
      });
    }
    return machine;
  }

  /**
   * SES receiving for `domain`: one rule that stores each mail under INBOUND_PREFIX and then invokes receive-mail
   * asynchronously, made the account's active rule set. Returns the rule set.
   */
  private receiveMailWith(receiveMail: PresenceFunction, inboundBucket: s3.IBucket, domain: string): ses.ReceiptRuleSet {
    const ruleArn = receiptRuleArn(this);
    // Added before the rule's Lambda action would add its own (same id, which it then keeps): this one also names
    // the rule, so no other receipt rule, even in this account, may invoke the function.
    receiveMail.fn.addPermission('AllowSes', {
      action: 'lambda:InvokeFunction',
      principal: new iam.ServicePrincipal('ses.amazonaws.com'),
      sourceAccount: this.account,
      sourceArn: ruleArn,
    });
    receiveMail.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ReadReceivedMail',
        actions: ['s3:GetObject'],
        resources: [inboundBucket.arnForObjects(`${INBOUND_PREFIX}*`)],
      }),
    );
    Validations.of(receiveMail.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${INBOUND_BUCKET_ARN_IMPORT}/${INBOUND_PREFIX}*]`,
      reason: 'receive-mail reads the mail SES just stored under its SES message id; the keys are not known before a mail arrives, and only the inbound/ prefix of the inbound bucket is readable.',
    });

    const ruleSet = new ses.ReceiptRuleSet(this, 'ReceiptRuleSet', { receiptRuleSetName: RECEIPT_RULE_SET_NAME });
    // The bucket by name, not the stateful stack's Bucket object: the S3 action would otherwise add a second,
    // broader statement (any receipt rule of the account) to that bucket's policy. The stateful stack's own
    // statement names this rule (aws:SourceArn), and it is deployed first (stack dependency).
    const bucketByName = s3.Bucket.fromBucketName(this, 'InboundBucket', inboundBucket.bucketName);
    const rule = ruleSet.addRule('InboundMail', {
      receiptRuleName: RECEIPT_RULE_NAME,
      recipients: [domain],
      // SES scans for spam and viruses and puts its verdicts into the event; receive-mail reads SPF and DKIM.
      scanEnabled: true,
      // Mail from servers that will not use TLS is refused: replies carry customers' words.
      tlsPolicy: ses.TlsPolicy.REQUIRE,
      enabled: true,
      actions: [
        new sesActions.S3({ bucket: bucketByName, objectKeyPrefix: INBOUND_PREFIX }),
        new sesActions.Lambda({ function: receiveMail.fn, invocationType: sesActions.LambdaInvocationType.EVENT }),
      ],
    });
    Annotations.of(rule).acknowledgeWarning(
      '@aws-cdk/s3:AddBucketPermissions',
      'The stateful stack grants ses.amazonaws.com PutObject under inbound/ for this rule (aws:SourceAccount and aws:SourceArn).',
    );

    // Only one receipt rule set per account and region is active, and which one is not a CloudFormation property
    // (no resource type sets it): this custom resource calls SES's SetActiveReceiptRuleSet with presence's rule set
    // when it is created or updated, and without a name (no active rule set) when it is deleted, before the rule set
    // itself is deleted (SES refuses to delete the active rule set). Activating replaces any other active rule set.
    const activation = new cr.AwsCustomResource(this, 'ActivateReceiptRuleSet', {
      resourceType: 'Custom::SesActiveReceiptRuleSet',
      onCreate: {
        service: 'SES',
        action: 'setActiveReceiptRuleSet',
        parameters: { RuleSetName: ruleSet.receiptRuleSetName },
        physicalResourceId: cr.PhysicalResourceId.of(RECEIPT_RULE_SET_NAME),
      },
      onUpdate: {
        service: 'SES',
        action: 'setActiveReceiptRuleSet',
        parameters: { RuleSetName: ruleSet.receiptRuleSetName },
        physicalResourceId: cr.PhysicalResourceId.of(RECEIPT_RULE_SET_NAME),
      },
      onDelete: { service: 'SES', action: 'setActiveReceiptRuleSet', parameters: {} },
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        // SetActiveReceiptRuleSet acts on the account's receiving settings and has no resource type.
        new iam.PolicyStatement({ actions: ['ses:SetActiveReceiptRuleSet'], resources: ['*'] }),
      ]),
      installLatestAwsSdk: false,
      memorySize: 256,
      logGroup: new logs.LogGroup(this, 'ActivateReceiptRuleSetLogs', { retention: retentionOf(30) }),
    });
    // Activate once the rule (and with it the bucket and function permissions) exists; deactivate before it goes.
    activation.node.addDependency(rule);
    Validations.of(activation).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'ses:SetActiveReceiptRuleSet has no resource type (it changes the account and region setting), so it cannot be scoped to the rule set; it is the only action of this policy.',
    });
    // The provider function CDK shares among the stack's AwsCustomResources; it runs once per deploy, not per mail.
    const provider = this.node.findChild(`AWS${cr.AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`);
    Validations.of(provider).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: 'The AwsCustomResource provider role is created by CDK with the basic execution policy; it only writes its logs, and its one other statement is ses:SetActiveReceiptRuleSet.',
    });
    Validations.of(provider).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason: 'The provider is invoked synchronously by CloudFormation during a deploy; a failure fails the deploy and is shown there, there is no asynchronous event to keep.',
    });
    Validations.of(provider).acknowledge({
      id: 'Serverless-LambdaTracing',
      reason: 'The provider makes one SES call per deploy (activate or deactivate the rule set); its log group records it, a trace would add nothing.',
    });
    return ruleSet;
  }
}

function deadLetterQueue(scope: Construct, id: string, what: string): sqs.Queue {
  const queue = new sqs.Queue(scope, id, {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  Validations.of(queue).acknowledge({ id: 'AwsSolutions-SQS3', reason: `This is a dead-letter queue (${what}); it has no further dead-letter queue.` });
  Validations.of(queue).acknowledge({ id: 'Serverless-SQSRedrivePolicy', reason: `This is a dead-letter queue (${what}); it has no further dead-letter queue.` });
  return queue;
}

/**
 * Item actions on the table, and Query on the table and its two indexes by name (no index wildcard). Actions a
 * function does not list are not granted: in particular no Scan, DeleteItem or table management.
 */
function grantLedger(f: PresenceFunction, actions: string[], stateful: StatefulResources): void {
  const tableArn = stateful.table.tableArn;
  const itemActions = actions.filter((a) => a !== 'dynamodb:Query');
  f.role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'LedgerItems', actions: itemActions, resources: [tableArn] }));
  if (actions.includes('dynamodb:Query')) {
    f.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'LedgerQueries',
        actions: ['dynamodb:Query'],
        resources: [tableArn, ...LEDGER_INDEXES.map((index) => `${tableArn}/index/${index}`)],
      }),
    );
  }
}

/**
 * ses:SendEmail/SendRawEmail on the sending identity and the configuration set only (SES authorizes a send
 * against both). The From address is pinned to the sender address, or to the sending domain(s) when reps send as
 * themselves.
 */
function sesSendStatement(stack: Stack, context: PresenceContext, stateful: StatefulResources): iam.PolicyStatement {
  const identityArn = (name: string) => stack.formatArn({ service: 'ses', resource: 'identity', resourceName: name });
  const fromAddresses = context.sendAsRep
    ? [`*@${context.senderDomain}`, ...context.extraSenderIdentities.map((i) => (i.includes('@') ? i : `*@${i}`))]
    : [context.senderAddress];
  return new iam.PolicyStatement({
    sid: 'SendMail',
    actions: ['ses:SendEmail', 'ses:SendRawEmail'],
    resources: [
      stateful.identity.emailIdentityArn,
      stateful.configurationSetArn,
      ...context.extraSenderIdentities.map(identityArn),
      ...context.sandboxRecipients.map(identityArn),
    ],
    conditions: { StringLike: { 'ses:FromAddress': fromAddresses } },
  });
}

function timeZoneOf(name: string): TimeZone {
  return TimeZone.of(name);
}

function retentionOf(days: number): logs.RetentionDays {
  const allowed = Object.values(logs.RetentionDays).filter((v): v is number => typeof v === 'number' && v > 0).sort((a, b) => a - b);
  return (allowed.find((d) => d >= days) ?? allowed[allowed.length - 1]!) as logs.RetentionDays;
}

function pascal(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());
}
