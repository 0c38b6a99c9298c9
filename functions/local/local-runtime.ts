// The local composition root: the same ports as in AWS, built from the running local stack's endpoints.
import { resolve } from 'node:path';
import { DynamoLedger } from '../adapters/dynamodb/dynamodb-ledger';
import { SesMailer } from '../adapters/ses/ses-mailer';
import { FileSecrets } from '../adapters/secrets/file-secrets';
import { LibraryHolidays } from '../adapters/calendar/library-holidays';
import { readCompanySettingsFile } from '../adapters/settings/company-settings-file';
import { returnAddressOf } from '../core/company/company';
import { defaultConfig, type PresenceConfig } from '../core/config';
import { systemClock, type Logger } from '../core/ports';
import type { Runtime } from './runtime';
import { localDynamoDocumentClient, localSesClient } from './local-clients';
import { readStackInfo, type StackInfo } from './stack-file';

/** The repository root: templates/, campaigns/ and samples/ live there. */
export const PROJECT_ROOT = resolve(import.meta.dirname, '..', '..');

/** @param root where settings/company.yaml lies (the repository root); a missing or invalid file stops here, naming the field */
export function localConfig(info: Pick<StackInfo, 'siteUrl' | 'receivingDomain'>, root: string = PROJECT_ROOT): PresenceConfig {
  const env = process.env;
  const company = readCompanySettingsFile(root);
  return {
    ...defaultConfig,
    publicBaseUrl: info.siteUrl,
    unsubscribeBaseUrl: info.siteUrl,
    senderAddress: env.PRESENCE_SENDER ?? defaultConfig.senderAddress,
    sendAsRepAddress: env.PRESENCE_SEND_AS_REP === 'true',
    maxSendRate: Number(env.PRESENCE_SEND_RATE ?? defaultConfig.maxSendRate),
    homeCountry: env.PRESENCE_HOME_COUNTRY ?? defaultConfig.homeCountry,
    approvalGraceSeconds: graceSecondsOf(env.PRESENCE_APPROVAL_GRACE_SECONDS),
    company,
    letterReturnAddress: returnAddressOf(company),
    ...(info.receivingDomain ? { receivingDomain: info.receivingDomain } : {}),
  };
}

/** PRESENCE_APPROVAL_GRACE_SECONDS: whole seconds an approved mail waits (0 sends at once); unset: the default. */
export function graceSecondsOf(value: string | undefined): number {
  if (value === undefined || value === '') return defaultConfig.approvalGraceSeconds;
  if (!/^\d{1,4}$/.test(value.trim()) || Number(value) > 3600) {
    throw new Error(`PRESENCE_APPROVAL_GRACE_SECONDS must be whole seconds from 0 to 3600, not "${value}"`);
  }
  return Number(value);
}

/** Logs for a person at a terminal: one line each, no personal data is passed in by the callers. */
export const consoleLogger: Logger = {
  debug: () => undefined,
  info: (message, data) => process.stderr.write(`${message}${data ? ` ${JSON.stringify(data)}` : ''}\n`),
  warn: (message, data) => process.stderr.write(`warning: ${message}${data ? ` ${JSON.stringify(data)}` : ''}\n`),
  error: (message, data) => process.stderr.write(`error: ${message}${data ? ` ${JSON.stringify(data)}` : ''}\n`),
};

export function buildLocalRuntime(dataDir: string, info: StackInfo, logger: Logger = consoleLogger): Runtime {
  const doc = localDynamoDocumentClient(info.dynamodbEndpoint);
  const ses = localSesClient(info.sesEndpoint);
  const config = localConfig(info);
  return {
    ledger: new DynamoLedger(doc, info.tableName),
    mailer: new SesMailer(ses, { fallbackQuota: { maxSendRate: config.maxSendRate, max24HourSend: 50_000, sentLast24Hours: 0 } }),
    secrets: new FileSecrets(dataDir),
    clock: systemClock,
    logger,
    config,
    holidays: new LibraryHolidays(),
    assetsDir: PROJECT_ROOT,
    dataDir,
    close: async () => {
      doc.destroy();
      ses.destroy();
    },
  };
}

/** For CLI commands: the runtime of the stack running for this data directory, or a clear StackNotRunning. */
export async function openLocalRuntime(dataDir: string): Promise<Runtime> {
  return buildLocalRuntime(dataDir, readStackInfo(dataDir));
}
