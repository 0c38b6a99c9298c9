// The DynamoDB document client of every composition root, cloud and local alike: one place for its options, so a
// local run exercises the client the Lambdas use. Only composition roots call this.
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export function createDocumentClient(config: DynamoDBClientConfig = {}): DynamoDBDocumentClient {
  // removeUndefinedValues: optional fields of the domain objects are left out of the item instead of failing the write
  return DynamoDBDocumentClient.from(new DynamoDBClient(config), { marshallOptions: { removeUndefinedValues: true } });
}
