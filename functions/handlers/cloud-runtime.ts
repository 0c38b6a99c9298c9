// The AWS composition root: clients are built once per Lambda container, from the environment the CDK stack sets,
// and handed to the use cases as ports. Nothing else in functions/ reads process.env for AWS settings.
import { resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { DynamoLedger } from '../adapters/dynamodb/dynamodb-ledger';
import type { SqsApprovalSink } from '../adapters/sqs/sqs-approval-sink';
import type { ApprovalSiteDeps } from './approval-site/deps';
import { createSesClient, SesMailer } from '../adapters/ses/ses-mailer';
import { SecretsManagerSecrets } from '../adapters/secrets/secrets-manager-secrets';
import { defaultConfig, type PresenceConfig } from '../core/config';
import { systemClock, type Logger } from '../core/ports';
import type { Runtime } from '../cli/runtime';

export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set; the CDK stack sets it`);
  return value;
}

export function cloudConfig(env: NodeJS.ProcessEnv = process.env): PresenceConfig {
  return {
    ...defaultConfig,
    publicBaseUrl: (env.PUBLIC_BASE_URL ?? '').replace(/\/$/, ''),
    unsubscribeBaseUrl: (env.UNSUBSCRIBE_BASE_URL ?? env.PUBLIC_BASE_URL ?? '').replace(/\/$/, ''),
    senderAddress: env.SENDER_ADDRESS ?? defaultConfig.senderAddress,
    sendAsRepAddress: env.SEND_AS_REP === 'true',
    ...(env.CONFIGURATION_SET ? { configurationSet: env.CONFIGURATION_SET } : {}),
    linkTtlHours: Number(env.LINK_TTL_HOURS ?? defaultConfig.linkTtlHours),
    homeCountry: env.HOME_COUNTRY ?? defaultConfig.homeCountry,
    ...(env.LETTER_RETURN_ADDRESS ? { letterReturnAddress: env.LETTER_RETURN_ADDRESS } : {}),
  };
}

/** Powertools logger behind the Logger port: JSON lines with the request id; callers pass no personal data. */
function powertoolsLogger(): Logger {
  const logger = new PowertoolsLogger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'presence' });
  return {
    debug: (m, d) => logger.debug(m, d ?? {}),
    info: (m, d) => logger.info(m, d ?? {}),
    warn: (m, d) => logger.warn(m, d ?? {}),
    error: (m, d) => logger.error(m, d ?? {}),
  };
}

let cached: Runtime | undefined;

/** One runtime per container: created on first use (the cold start), reused by every later invocation. */
export function cloudRuntime(): Runtime {
  if (cached) return cached;
  const dynamo = new DynamoDBClient({});
  const doc = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
  const ses = createSesClient();
  const secretsClient = new SecretsManagerClient({});
  cached = {
    ledger: new DynamoLedger(doc, requireEnv('TABLE_NAME')),
    mailer: new SesMailer(ses),
    secrets: new SecretsManagerSecrets(secretsClient, requireEnv('SIGNING_SECRET_ARN')),
    clock: systemClock,
    logger: powertoolsLogger(),
    config: cloudConfig(),
    // templates/ and campaigns/ are copied next to the bundle (infra/constructs/presence-function.ts)
    assetsDir: process.env.ASSETS_DIR ?? resolve(import.meta.dirname ?? '.', '.'),
    dataDir: '/tmp',
    close: async () => undefined,
  };
  return cached;
}

let sqsSink: Promise<SqsApprovalSink> | undefined;
/**
 * Approved drafts go on the send queue; its consumer (send-approved) sends at the account's rate.
 * Loaded on first use, so functions that never queue do not load the SQS client at cold start.
 */
export function cloudApprovalSink(): Promise<SqsApprovalSink> {
  sqsSink ??= Promise.all([import('@aws-sdk/client-sqs'), import('../adapters/sqs/sqs-approval-sink')]).then(
    ([sqs, sink]) => new sink.SqsApprovalSink(new sqs.SQSClient({}), requireEnv('SEND_QUEUE_URL')),
  );
  return sqsSink;
}

/**
 * The approval site's dependencies: the runtime, the send queue, and the mail templates shipped with the bundle.
 * Imported on demand so the template engine is not part of every other function's cold start.
 */
export async function approvalSiteDepsFromEnv(): Promise<ApprovalSiteDeps> {
  const { approvalSiteDeps } = await import('./approval-site/deps');
  return approvalSiteDeps(cloudRuntime(), await cloudApprovalSink());
}
