// The real AWS SDK v3 clients, pointed at the local emulators. Only composition roots call these.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';

export const LOCAL_REGION = 'eu-central-1';
/** The emulators accept any key; these are not secrets. */
export const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

export function localDynamoDocumentClient(endpoint: string): DynamoDBDocumentClient {
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: localCredentials });
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

export function localSesClient(endpoint: string): SESv2Client {
  // no SDK retries: a repeated SendEmail could be a second mail (see adapters/ses/ses-mailer.ts)
  return new SESv2Client({ endpoint, region: LOCAL_REGION, credentials: localCredentials, maxAttempts: 1 });
}
