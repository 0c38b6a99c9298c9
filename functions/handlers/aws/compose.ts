// The AWS composition root: every port of every Lambda function, built once per container from the environment the
// CDK stack sets (infra/constructs/presence-function.ts). Nothing else in functions/ reads process.env for AWS
// settings or builds an AWS client.
//
// Each port is a module-scope constant marked pure, and each Lambda entry (handlers/lambda/<name>.ts) imports the ones
// its function uses. So esbuild keeps in a bundle only those ports and their clients, and the entry's import builds
// them in Lambda's INIT phase, before the first event, as AWS advises: an instance that provisioned concurrency
// prepares is ready with them, and a missing setting fails the INIT instead of the first event. No port makes a
// request when it is built; the first call to a service is the first invocation's.
//
// A new function: one entry file naming its ports, one line here if it needs a new one, one construct in the stack.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { ContactsRepository } from '../../adapters/dynamodb/contacts-repository';
import { CoverageRepository } from '../../adapters/dynamodb/coverage-repository';
import { createDocumentClient } from '../../adapters/dynamodb/document-client';
import { DraftsRepository } from '../../adapters/dynamodb/drafts-repository';
import { DynamoLedger, ledgerOf } from '../../adapters/dynamodb/dynamodb-ledger';
import { InboxRepository } from '../../adapters/dynamodb/inbox-repository';
import { LedgerTable } from '../../adapters/dynamodb/ledger-table';
import { RepsRepository } from '../../adapters/dynamodb/reps-repository';
import { SettingsRepository } from '../../adapters/dynamodb/settings-repository';
import { SuppressionsRepository } from '../../adapters/dynamodb/suppressions-repository';
import { TokensRepository } from '../../adapters/dynamodb/tokens-repository';
import { HOLIDAY_TABLE_DIR, HolidayTable } from '../../adapters/calendar/holiday-table';
import { S3LetterSink } from '../../adapters/s3/s3-letter-sink';
import { S3RawMail } from '../../adapters/s3/s3-raw-mail';
import { ExtensionSecrets } from '../../adapters/secrets/extension-secrets';
import { createSesClient, SesMailer } from '../../adapters/ses/ses-mailer';
import { SqsApprovalSink } from '../../adapters/sqs/sqs-approval-sink';
import { COMPANY_SETTINGS_JSON, readCompanySettingsJson } from '../../adapters/settings/company-settings-json';
import type { LinkMailDeps } from '../../core/approval/resend-link';
import type { RunCampaignDeps } from '../../core/campaigns/run-campaign';
import { returnAddressOf } from '../../core/company/company';
import { defaultConfig, type PresenceConfig } from '../../core/config';
import { MAX_INBOUND_MAIL_BYTES } from '../../core/inbound/inbound-mail';
import type { SweepDeps } from '../sweep-claims';
import { systemClock, type ApprovalSink, type Clock, type HolidayCalendar, type Ledger, type LetterSink, type Logger, type Mailer, type Secrets } from '../../core/ports';

export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set; the CDK stack sets it`);
  return value;
}

/**
 * @param assetsDir where the bundle's assets lie: the functions that print the company's particulars (COMPANY_HANDLERS
 *   in infra/bundling.ts) find settings/company.yaml there as JSON; the others have none and need none
 */
export function cloudConfig(env: NodeJS.ProcessEnv = process.env, assetsDir: string = bundleAssetsDir()): PresenceConfig {
  const company = existsSync(join(assetsDir, COMPANY_SETTINGS_JSON)) ? readCompanySettingsJson(assetsDir) : undefined;
  return {
    ...defaultConfig,
    publicBaseUrl: (env.PUBLIC_BASE_URL ?? '').replace(/\/$/, ''),
    unsubscribeBaseUrl: (env.UNSUBSCRIBE_BASE_URL ?? env.PUBLIC_BASE_URL ?? '').replace(/\/$/, ''),
    senderAddress: env.SENDER_ADDRESS ?? defaultConfig.senderAddress,
    sendAsRepAddress: env.SEND_AS_REP === 'true',
    ...(env.CONFIGURATION_SET ? { configurationSet: env.CONFIGURATION_SET } : {}),
    linkTtlHours: Number(env.LINK_TTL_HOURS ?? defaultConfig.linkTtlHours),
    approvalGraceSeconds: Number(env.APPROVAL_GRACE_SECONDS ?? defaultConfig.approvalGraceSeconds),
    homeCountry: env.HOME_COUNTRY ?? defaultConfig.homeCountry,
    ...(company ? { company, letterReturnAddress: returnAddressOf(company) } : {}),
    ...(env.RECEIVING_DOMAIN ? { receivingDomain: env.RECEIVING_DOMAIN.toLowerCase() } : {}),
    awayDefaultDays: Number(env.AWAY_DEFAULT_DAYS ?? defaultConfig.awayDefaultDays),
  };
}

/** Powertools logger behind the Logger port: JSON lines with the request id; callers pass no personal data. */
function powertoolsLogger(): Logger {
  const powertools = new PowertoolsLogger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'presence' });
  return {
    debug: (m, d) => powertools.debug(m, d ?? {}),
    info: (m, d) => powertools.info(m, d ?? {}),
    warn: (m, d) => powertools.warn(m, d ?? {}),
    error: (m, d) => powertools.error(m, d ?? {}),
  };
}

/** The single table (TABLE_NAME), through the document client. */
function tableLedger(): Ledger {
  return new DynamoLedger(createDocumentClient(), requireEnv('TABLE_NAME'));
}

/**
 * The single table as a ledger of only the repositories one function's use cases need (ledgerOf), wired as
 * DynamoLedger wires them (contacts and drafts move the coverage aggregate), so the bundle carries no other
 * repository. The function's handler type says which stores it needs; the compiler checks this list against it.
 */
function tableWithCoverage() {
  const table = new LedgerTable(createDocumentClient(), requireEnv('TABLE_NAME'));
  return { table, coverage: new CoverageRepository(table) };
}

/** What drafting and mailing links read and write: contacts, reps, drafts, links, the pause switch. */
function linkMailRepositories({ table, coverage }: ReturnType<typeof tableWithCoverage>) {
  return {
    contacts: new ContactsRepository(table, coverage),
    reps: new RepsRepository(table),
    drafts: new DraftsRepository(table, coverage),
    tokens: new TokensRepository(table),
    settings: new SettingsRepository(table),
  };
}

function slotWorkTableLedger() {
  const parts = tableWithCoverage();
  return ledgerOf({
    ...linkMailRepositories(parts),
    suppressions: new SuppressionsRepository(parts.table),
    inbox: new InboxRepository(parts.table),
    coverage: parts.coverage,
  });
}

function linkMailTableLedger() {
  return ledgerOf(linkMailRepositories(tableWithCoverage()));
}

function sweepTableLedger() {
  const { table, coverage } = tableWithCoverage();
  return ledgerOf({ drafts: new DraftsRepository(table, coverage), settings: new SettingsRepository(table) });
}

/**
 * The signing key: one Secrets Manager secret (SIGNING_SECRET_ARN), read once per container through the Parameters
 * and Secrets Lambda Extension, the layer the stack attaches to the functions that sign or verify links.
 */
function extensionSecrets(): Secrets {
  const port = process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT;
  return new ExtensionSecrets({
    secretId: requireEnv('SIGNING_SECRET_ARN'),
    // Lambda sets it for the function's role; checked when the key is first read, not when the reader is built
    sessionToken: process.env.AWS_SESSION_TOKEN,
    ...(port ? { port: Number(port) } : {}),
  });
}

/** Approved drafts go on the send queue (SEND_QUEUE_URL); its consumer, send-approved, sends at the account's rate. */
function sendQueueSink(): ApprovalSink {
  // delayed by the grace period, in which the rep may take the approval back (the sender checks it too)
  return new SqsApprovalSink(new SQSClient({}), requireEnv('SEND_QUEUE_URL'), { delaySeconds: config.approvalGraceSeconds });
}

/**
 * The signing key for a function that needs it only with some settings (plan-campaign: the reps' logging addresses
 * in the digest when RECEIVING_DOMAIN is set): the reader is built at the first use, so without it the function
 * needs neither the secret nor its setting.
 */
function secretsOnFirstUse(): Secrets {
  let reader: Secrets | undefined;
  return { signingKey: () => (reader ??= extensionSecrets()).signingKey() };
}

/** The send queue, its client built by the first approval: the approval site reads far more often than it approves. */
function sendQueueOnFirstUse(): ApprovalSink {
  let sink: ApprovalSink | undefined;
  return { onApproved: (draftIds) => (sink ??= sendQueueSink()).onApproved(draftIds) };
}

export const clock: Clock = systemClock;
export const config: PresenceConfig = /* @__PURE__ */ cloudConfig();
export const logger: Logger = /* @__PURE__ */ powertoolsLogger();
export const ledger: Ledger = /* @__PURE__ */ tableLedger();
/** plan-reps: what planning a unit and mailing its digest use (no touches, audit log or deferred runs). */
export const slotWorkLedger: RunCampaignDeps['ledger'] = /* @__PURE__ */ slotWorkTableLedger();
/** renew-link: a link's drafts, contact and rep, the tokens, the pause switch of /healthz. */
export const linkMailLedger: LinkMailDeps['ledger'] & Pick<Ledger, 'isPaused'> = /* @__PURE__ */ linkMailTableLedger();
/** sweep-claims: the claimed and approved drafts, the pause switch. */
export const sweepLedger: SweepDeps['ledger'] = /* @__PURE__ */ sweepTableLedger();
/** SES v2 with the sending client's settings (no hidden retries, see ses-mailer.ts). */
export const mailer: Mailer = /* @__PURE__ */ new SesMailer(/* @__PURE__ */ createSesClient());
export const secrets: Secrets = /* @__PURE__ */ extensionSecrets();
export const secretsWhenNeeded: Secrets = /* @__PURE__ */ secretsOnFirstUse();
export const sendQueue: ApprovalSink = /* @__PURE__ */ sendQueueSink();
export const sendQueueWhenApproved: ApprovalSink = /* @__PURE__ */ sendQueueOnFirstUse();
/** Merge files and PDFs go to the letters bucket (LETTERS_BUCKET) under letters/. */
export const letterSink: LetterSink = /* @__PURE__ */ new S3LetterSink(/* @__PURE__ */ new S3Client({}), /* @__PURE__ */ requireEnv('LETTERS_BUCKET'), { prefix: 'letters/' });
/** Raw inbound mails as the SES receipt rule stored them (INBOUND_BUCKET, under INBOUND_PREFIX). */
export const inboundMail: S3RawMail = /* @__PURE__ */ new S3RawMail(
  /* @__PURE__ */ new S3Client({}),
  /* @__PURE__ */ requireEnv('INBOUND_BUCKET'),
  /* @__PURE__ */ envOr('INBOUND_PREFIX', 'inbound/'),
  MAX_INBOUND_MAIL_BYTES,
);
/** How many send-approved containers may run at once (SEND_CONCURRENCY, the function's reserved concurrency). */
export const sendConcurrency: number = /* @__PURE__ */ Number(/* @__PURE__ */ envOr('SEND_CONCURRENCY', '1'));

function envOr(name: string, fallback: string): string {
  return process.env[name] ?? fallback;
}

/** The folder beside the bundle that holds the build-time assets (infra/bundling.ts afterBundlingCommands). */
export const assetsDir: string = /* @__PURE__ */ bundleAssetsDir();

/** Public holidays from the table written beside the bundle (infra/build-holidays.ts), read per country on first use. */
export const holidays: HolidayCalendar = /* @__PURE__ */ new HolidayTable(/* @__PURE__ */ join(assetsDir, HOLIDAY_TABLE_DIR), logger);

function bundleAssetsDir(): string {
  return process.env.ASSETS_DIR ?? resolve(import.meta.dirname ?? '.', '.');
}
