// The AWS composition root, per port: each Lambda entry imports only the factories of the ports it uses
// (cloud/ledger.ts, cloud/mailer.ts, cloud/secrets.ts, cloud/send-queue.ts, cloud/letter-sink.ts), so a function
// neither loads nor builds a client it never calls. Every factory builds its client once per container, from the
// environment the CDK stack sets. The bundles' entry points (handlers/lambda/) call their function's factories at
// module scope, so the clients are built in Lambda's INIT phase, outside the handler, as AWS advises: an
// instance that provisioned concurrency prepares is then ready with them, and a missing setting fails the INIT
// instead of the first event. They make no request there; the first call to a service is the first invocation's.
// Nothing else in functions/ reads process.env for AWS settings.
import { resolve } from 'node:path';
import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { defaultConfig, type PresenceConfig } from '../core/config';
import type { Logger } from '../core/ports';

export { systemClock } from '../core/ports';

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

let logger: Logger | undefined;

/** Powertools logger behind the Logger port: JSON lines with the request id; callers pass no personal data. */
export function cloudLogger(): Logger {
  if (logger) return logger;
  const powertools = new PowertoolsLogger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'presence' });
  logger = {
    debug: (m, d) => powertools.debug(m, d ?? {}),
    info: (m, d) => powertools.info(m, d ?? {}),
    warn: (m, d) => powertools.warn(m, d ?? {}),
    error: (m, d) => powertools.error(m, d ?? {}),
  };
  return logger;
}

/** The folder beside the bundle that holds the build-time assets (infra/bundling.ts afterBundlingCommands). */
export function cloudAssetsDir(): string {
  return process.env.ASSETS_DIR ?? resolve(import.meta.dirname ?? '.', '.');
}
