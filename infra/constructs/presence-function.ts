// One Lambda function of presence with the shared defaults, so no stack copies them per function:
// Node.js 24 on arm64, esbuild-minified ESM (the AWS SDK clients it uses inside), templates/ and campaigns/ beside the bundle
// (the planner: their build-time manifest instead; the planner and renew-link: their templates precompiled;
// infra/bundling.ts),
// its own log group with retention, active X-Ray tracing, JSON logs, and a role that may write only its own logs;
// a function that reads the signing secret also gets the AWS Parameters and Secrets Lambda Extension layer.
// Everything else a function may do is granted by the stack, statement by statement.
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  ESM_BANNER,
  EXTERNAL_MODULES,
  LAMBDA_TASK_ROOT,
  NODE_TARGET,
  PROJECT_ROOT,
  afterBundlingCommands,
  esbuildAliasArgs,
  handlerEntry,
  type AnyHandlerName,
} from '../bundling';

/** The environment the cloud composition root (functions/handlers/aws/compose.ts) reads. */
export interface PresenceFunctionEnvironment {
  TABLE_NAME: string;
  SENDER_ADDRESS: string;
  SEND_AS_REP: 'true' | 'false';
  CONFIGURATION_SET: string;
  HOME_COUNTRY: string;
  LINK_TTL_HOURS: string;
  /** Seconds an approved mail waits before it is sent (context approvalGraceSeconds). */
  APPROVAL_GRACE_SECONDS: string;
  /** ARN of the signing secret; reading it is granted only where links are signed or verified. */
  SIGNING_SECRET_ARN: string;
  PUBLIC_BASE_URL?: string;
  UNSUBSCRIBE_BASE_URL?: string;
  SEND_QUEUE_URL?: string;
  LETTERS_BUCKET?: string;
  /** How many senders share the SES rate (send-approved only). */
  SEND_CONCURRENCY?: string;
  /** With SES receiving: the domain replies and the reps' logging addresses are in. */
  RECEIVING_DOMAIN?: string;
  /** receive-mail: the bucket and key prefix SES stores received mails under. */
  INBOUND_BUCKET?: string;
  INBOUND_PREFIX?: string;
}

export const POWERTOOLS_SERVICE_NAME = 'presence';

export interface PresenceFunctionProps {
  handler: AnyHandlerName;
  description: string;
  environment: PresenceFunctionEnvironment;
  /** Bundle with esbuild (deploy, `npm run synth`) or use a placeholder (fast assertion tests). */
  bundle: boolean;
  logRetention: logs.RetentionDays;
  memorySize?: number;
  timeout?: Duration;
  reservedConcurrentExecutions?: number;
  /** Asynchronous invocations (schedules, EventBridge): where a failed event lands after Lambda's retries. */
  onFailure?: lambda.IDestination;
  /** Asynchronous invocations: retries after a failed attempt (Lambda default 2). */
  retryAttempts?: number;
  /** Asynchronous invocations: drop an event older than this instead of running it late. */
  maxEventAge?: Duration;
  /**
   * The function reads the signing secret (functions/handlers/aws/compose.ts): it gets the Parameters and Secrets
   * extension layer, which reads the secret with the function's role. The stack grants that role GetSecretValue.
   */
  readsSigningSecret?: boolean;
}

/**
 * The extension the functions that read the signing secret ask on localhost instead of bundling a Secrets Manager
 * client. CDK resolves the layer's ARN for the stack's region and arm64 (a region-agnostic stack: a mapping
 * resolved at deploy time). The function keeps the key per container, so one secret in the extension's cache is
 * enough; a bounded call to Secrets Manager lets the extension answer before the function's own 3 s limit.
 */
export const SIGNING_SECRET_EXTENSION = lambda.ParamsAndSecretsLayerVersion.fromVersion(lambda.ParamsAndSecretsVersions.V1_0_103, {
  cacheSize: 1,
  secretsManagerTimeout: Duration.seconds(2),
  logLevel: lambda.ParamsAndSecretsLogLevel.WARN,
});

export class PresenceFunction extends Construct {
  readonly fn: lambda.Function;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  readonly readsSigningSecret: boolean;

  constructor(scope: Construct, id: string, props: PresenceFunctionProps) {
    super(scope, id);
    this.readsSigningSecret = props.readsSigningSecret ?? false;

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      // Logs may hold ids and error details worth keeping after a stack is torn down by mistake; retention ends them.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // An own role instead of the managed AWSLambdaBasicExecutionRole: that policy may write to every log group.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `presence ${props.handler}`,
    });
    this.logGroup.grantWrite(this.role);

    const code = props.bundle ? undefined : lambda.Code.fromInline(PLACEHOLDER_CODE);
    this.fn = new NodejsFunction(this, 'Function', {
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(30),
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      tracing: lambda.Tracing.ACTIVE,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      onFailure: props.onFailure,
      retryAttempts: props.retryAttempts,
      maxEventAge: props.maxEventAge,
      paramsAndSecrets: this.readsSigningSecret ? SIGNING_SECRET_EXTENSION : undefined,
      environment: {
        ...definedOnly(props.environment),
        POWERTOOLS_SERVICE_NAME,
        ASSETS_DIR: LAMBDA_TASK_ROOT,
      },
      ...(code
        ? { code, handler: 'index.handler' }
        : {
            entry: handlerEntry(props.handler),
            handler: 'handler',
            projectRoot: PROJECT_ROOT,
            depsLockFilePath: `${PROJECT_ROOT}/package-lock.json`,
            bundling: {
              format: OutputFormat.ESM,
              target: NODE_TARGET,
              minify: true,
              sourceMap: false,
              banner: ESM_BANNER,
              externalModules: EXTERNAL_MODULES,
              mainFields: ['module', 'main'],
              esbuildArgs: esbuildAliasArgs(),
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: (inputDir: string, outputDir: string) => afterBundlingCommands(props.handler, inputDir, outputDir),
              },
            },
          }),
    });

    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions, so AWS requires Resource "*" for them; the role has no other "*" resource.',
    });
  }
}

const PLACEHOLDER_CODE =
  'exports.handler = async () => { throw new Error("synthesized with context bundle=false: not deployable"); };';

function definedOnly(env: PresenceFunctionEnvironment): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)) as Record<string, string>;
}
