// What must outlive any deployment of the code: the ledger, the letters, the sending identity and the signing key.
// Kept apart from the functions so a code deploy can never replace or delete them, and every resource here is
// retained when the stack is deleted.
import { Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import type { PresenceContext } from './context';

/** Index names as the ledger adapter queries them (functions/adapters/dynamodb/keys.ts). */
export const LEDGER_INDEXES = ['GSI1', 'GSI2'] as const;
export const TTL_ATTRIBUTE = 'ttl';

export interface StatefulStackProps extends StackProps {
  context: PresenceContext;
}

/** What the stateless stack gets from here: typed references, no names copied by hand. */
export interface StatefulResources {
  table: dynamodb.ITable;
  lettersBucket: s3.IBucket;
  configurationSet: ses.IConfigurationSet;
  /** ARN of the configuration set (the L2 exposes only its name). */
  configurationSetArn: string;
  identity: ses.IEmailIdentity;
  signingSecret: secretsmanager.ISecret;
}

export class StatefulStack extends Stack implements StatefulResources {
  readonly table: dynamodb.Table;
  readonly lettersBucket: s3.Bucket;
  readonly accessLogsBucket: s3.Bucket;
  readonly configurationSet: ses.ConfigurationSet;
  readonly configurationSetArn: string;
  readonly identity: ses.EmailIdentity;
  readonly signingSecret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { context } = props;

    // The single-table ledger (docs/data-model.md). On demand: planning runs are bursts once a week, idle between.
    this.table = new dynamodb.Table(this, 'Ledger', {
      partitionKey: { name: 'PK', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'SK', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      // Tokens and expired drafts carry `ttl` (epoch seconds); DynamoDB deletes them without a sweeper.
      timeToLiveAttribute: TTL_ATTRIBUTE,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of LEDGER_INDEXES) {
      this.table.addGlobalSecondaryIndex({
        indexName: index,
        partitionKey: { name: `${index}PK`, type: dynamodb.AttributeType.STRING },
        sortKey: { name: `${index}SK`, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }

    // Server access logs of the letters bucket: who fetched which batch of printed letters.
    this.accessLogsBucket = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.accessLogsBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the access-log bucket of the letters bucket; logging it into itself would loop and into another bucket would only move the finding.',
    });

    // Exported letter batches (merge CSV and print PDF). They hold names and postal addresses, so they expire.
    this.lettersBucket = new s3.Bucket(this, 'Letters', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: false,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'letters/',
      lifecycleRules: [
        { id: 'expire-letter-batches', expiration: Duration.days(context.letterRetentionDays) },
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Bounces and complaints reach the default event bus (the only bus SES can publish to); ses-events subscribes.
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      sendingEnabled: true,
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
    });
    this.configurationSet.addEventDestination('ToEventBridge', {
      destination: ses.EventDestination.eventBus(events.EventBus.fromEventBusName(this, 'DefaultBus', 'default')),
      events: [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT],
    });
    this.configurationSetArn = this.formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: this.configurationSet.configurationSetName,
    });

    // The sending domain. Easy DKIM: CloudFormation creates the identity, DNS proves it (docs/deploy.md).
    this.identity = new ses.EmailIdentity(this, 'SenderDomain', {
      identity: ses.Identity.domain(context.senderDomain),
      configurationSet: this.configurationSet,
      dkimSigning: true,
      feedbackForwarding: true,
    });

    // Signs form nonces, manager links and unsubscribe links. Generated by Secrets Manager, never in the template.
    this.signingSecret = new secretsmanager.Secret(this, 'SigningSecret', {
      description: 'presence: key that signs approval form nonces, manager links and unsubscribe links',
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.signingSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Unsubscribe links are signed with this key and must keep working for as long as a mail may be read; automatic rotation would break every link already sent. Rotate by hand after a suspected leak (docs/deploy.md).',
    });
  }
}
