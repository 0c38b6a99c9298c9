// The real AWS SDK v3 clients, pointed at the local emulators, built by the same factories and with the same
// options as the Lambdas' (adapters/dynamodb/document-client.ts, adapters/ses/ses-mailer.ts): a local run exercises
// the cloud path. Only composition roots call these.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { createDocumentClient } from '../adapters/dynamodb/document-client';
import { createSesClient } from '../adapters/ses/ses-mailer';

export const LOCAL_REGION = 'eu-central-1';
/** The emulators accept any key; these are not secrets. */
export const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

export function localDynamoDocumentClient(endpoint: string): DynamoDBDocumentClient {
  return createDocumentClient({ endpoint, region: LOCAL_REGION, credentials: localCredentials });
}

export function localSesClient(endpoint: string): SESv2Client {
  // the cloud's client: no SDK retries (a repeated SendEmail could be a second mail), timeouts, no keep-alive
  return createSesClient({ endpoint, region: LOCAL_REGION, credentials: localCredentials });
}
