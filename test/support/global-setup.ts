// One DynamoDB Local and one SES v2 local for the whole test run, started by the same code as `presence up`.
// Each test file makes its own table (test/support/local-aws.ts), so files can run in parallel.
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../functions/local/dynamodb-local';
import { freePort } from '../../functions/local/ports';
import { startSesLocal, type SesLocal } from '../../functions/local/ses-local';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
    sesEndpoint: string;
  }
}

let dynamo: DynamoDbLocal | undefined;
let ses: SesLocal | undefined;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  dynamo = await startDynamoDbLocal({ port: await freePort() });
  ses = await startSesLocal({ port: await freePort() });
  project.provide('dynamodbEndpoint', dynamo.endpoint);
  project.provide('sesEndpoint', ses.endpoint);
  return async () => {
    await ses?.stop();
    await dynamo?.stop();
  };
}
