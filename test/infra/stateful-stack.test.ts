import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthPresence } from './synth-app';

let t: Template;
beforeAll(() => {
  t = synthPresence().statefulTemplate;
}, 120_000);

describe('ledger table', () => {
  it('is on demand, with point-in-time recovery, deletion protection and the ttl attribute', () => {
    t.resourceCountIs('AWS::DynamoDB::Table', 1);
    t.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
      SSESpecification: { SSEEnabled: true },
      KeySchema: [
        { AttributeName: 'PK', KeyType: 'HASH' },
        { AttributeName: 'SK', KeyType: 'RANGE' },
      ],
    });
  });

  it('has GSI1 and GSI2 on string keys with projection ALL, as docs/data-model.md says', () => {
    const table = Object.values(t.findResources('AWS::DynamoDB::Table'))[0]!;
    const props = table.Properties as {
      GlobalSecondaryIndexes: Array<{ IndexName: string; KeySchema: unknown; Projection: unknown }>;
      AttributeDefinitions: Array<{ AttributeName: string; AttributeType: string }>;
    };
    expect(props.GlobalSecondaryIndexes.map((i) => i.IndexName).sort()).toEqual(['GSI1', 'GSI2']);
    for (const index of props.GlobalSecondaryIndexes) {
      expect(index.KeySchema).toEqual([
        { AttributeName: `${index.IndexName}PK`, KeyType: 'HASH' },
        { AttributeName: `${index.IndexName}SK`, KeyType: 'RANGE' },
      ]);
      expect(index.Projection).toEqual({ ProjectionType: 'ALL' });
    }
    expect(props.AttributeDefinitions.every((a) => a.AttributeType === 'S')).toBe(true);
    expect(props.AttributeDefinitions.map((a) => a.AttributeName).sort()).toEqual(['GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'PK', 'SK']);
  });

  it('is retained when the stack goes', () => {
    t.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });
});

describe('letters bucket', () => {
  const lettersBucket = () =>
    Object.entries(t.findResources('AWS::S3::Bucket')).find(([id]) => id.startsWith('Letters'))!;

  it('blocks public access, encrypts, logs access and expires batches', () => {
    const [, bucket] = lettersBucket();
    expect(bucket.Properties).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      LoggingConfiguration: { DestinationBucketName: { Ref: expect.stringMatching(/^AccessLogs/) }, LogFilePrefix: 'letters/' },
    });
    const rules = (bucket.Properties as { LifecycleConfiguration: { Rules: Array<Record<string, unknown>> } }).LifecycleConfiguration.Rules;
    expect(rules).toContainEqual(expect.objectContaining({ Id: 'expire-letter-batches', ExpirationInDays: 90, Status: 'Enabled' }));
    expect(bucket.DeletionPolicy).toBe('Retain');
  });

  it('denies every request without TLS (letters and access-log buckets)', () => {
    const policies = t.findResources('AWS::S3::BucketPolicy');
    expect(Object.keys(policies)).toHaveLength(2);
    for (const policy of Object.values(policies)) {
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });

  it('takes the retention from context', () => {
    const custom = synthPresence({ letterRetentionDays: 30 }).statefulTemplate;
    custom.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ Id: 'expire-letter-batches', ExpirationInDays: 30 })]) },
    });
  }, 120_000);
});

describe('SES', () => {
  it('verifies the sender domain from context with Easy DKIM and the configuration set', () => {
    t.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'mail.presence.example',
      DkimAttributes: { SigningEnabled: true },
      ConfigurationSetAttributes: { ConfigurationSetName: { Ref: Match.stringLikeRegexp('^ConfigurationSet') } },
    });
  });

  it('publishes bounces and complaints of the configuration set to the default event bus', () => {
    t.hasResourceProperties('AWS::SES::ConfigurationSet', { DeliveryOptions: { TlsPolicy: 'REQUIRE' } });
    t.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: Match.arrayEquals(['bounce', 'complaint']),
        EventBridgeDestination: {
          EventBusArn: {
            'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':event-bus/default$')])],
          },
        },
      },
    });
  });
});

describe('signing secret', () => {
  it('is generated by Secrets Manager (no value in the template) and retained', () => {
    t.hasResource('AWS::SecretsManager::Secret', {
      Properties: {
        GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true },
        SecretString: Match.absent(),
      },
      DeletionPolicy: 'Retain',
    });
  });
});

describe('environment', () => {
  it('is environment-agnostic by default (synth needs no account) and pinned when account and region are given', () => {
    const agnostic = synthPresence();
    expect(agnostic.stateful.environment).toBe('aws://unknown-account/unknown-region');
    const pinned = synthPresence({ account: '123456789012', region: 'eu-central-1' });
    expect(pinned.stateful.environment).toBe('aws://123456789012/eu-central-1');
    expect(pinned.stateless.environment).toBe('aws://123456789012/eu-central-1');
  }, 120_000);
});
