// What must outlive any deployment of the code: the ledger, the letters, the sending identity and the signing key,
// and (with a receiving domain) the bucket SES writes received mails to. Kept apart from the functions so a code
// deploy can never replace or delete them, and every resource here is retained when the stack is deleted.
import { ArnFormat, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
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

/** Days a received raw mail stays in the inbound bucket; receive-mail reads it within minutes, the rest is for audits. */
export const INBOUND_RETENTION_DAYS = 30;
/** Where SES writes received mails in the inbound bucket (the receipt rule's object key prefix). */
export const INBOUND_PREFIX = 'inbound/';
/**
 * Fixed names of the receipt rule set and its rule: the stateful stack conditions the bucket policy on the rule's ARN
 * (aws:SourceArn), and a reference to the rule in the stateless stack would make the stacks depend on each other.
 * One rule set per account and region can be active, so one presence installation per account and region receives.
 */
export const RECEIPT_RULE_SET_NAME = 'presence-inbound';
export const RECEIPT_RULE_NAME = 'presence-inbound-mail';

/** ARN of presence's receipt rule in `stack`'s account and region (what SES names as aws:SourceArn). */
export function receiptRuleArn(stack: Stack): string {
  return stack.formatArn({
    service: 'ses',
    resource: 'receipt-rule-set',
    resourceName: `${RECEIPT_RULE_SET_NAME}:receipt-rule/${RECEIPT_RULE_NAME}`,
    arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
  });
}

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
  /** Raw received mails under INBOUND_PREFIX; only with a receivingDomain. */
  inboundBucket?: s3.IBucket;
}

export class StatefulStack extends Stack implements StatefulResources {
  readonly table: dynamodb.Table;
  readonly lettersBucket: s3.Bucket;
  readonly accessLogsBucket: s3.Bucket;
  readonly configurationSet: ses.ConfigurationSet;
  readonly configurationSetArn: string;
  readonly identity: ses.EmailIdentity;
  readonly signingSecret: secretsmanager.Secret;
  readonly inboundBucket?: s3.Bucket;

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

    if (context.receivingDomain) this.inboundBucket = this.createInboundBucket();

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

  /**
   * Received mails as SES writes them (raw RFC 5322, under INBOUND_PREFIX), read by receive-mail. They hold what
   * customers wrote, so they expire after INBOUND_RETENTION_DAYS, and nobody but SES may write here.
   */
  private createInboundBucket(): s3.Bucket {
    const bucket = new s3.Bucket(this, 'Inbound', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      // S3-managed keys: SES's S3 action writes with its own service principal, which needs no key grant for SSE-S3.
      // A customer managed KMS key would need a key policy letting ses.amazonaws.com encrypt (and the rule to name
      // the key) for no gain here: the bucket policy already limits who may write and read.
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // Each mail is written once under its own SES message id; there is nothing to keep versions of.
      versioned: false,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'inbound/',
      lifecycleRules: [
        { id: 'expire-inbound-mails', expiration: Duration.days(INBOUND_RETENTION_DAYS) },
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // SES (this account's receipt rule only) may add objects under the prefix: no read, no delete, no other key.
    // SES writes a test object (AMAZON_SES_SETUP_NOTIFICATION) under the prefix when the rule is created, with the
    // same principal and source, so this statement covers it too.
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'SesWritesReceivedMail',
        effect: iam.Effect.ALLOW,
        principals: [new iam.ServicePrincipal('ses.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [bucket.arnForObjects(`${INBOUND_PREFIX}*`)],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account, 'aws:SourceArn': receiptRuleArn(this) } },
      }),
    );
    return bucket;
  }
}
