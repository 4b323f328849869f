import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledgeObjectPrefixGrant, nagObjectArn } from './acknowledgeObjectPrefixGrant';
import { requireObjectPrefix } from './requireObjectPrefix';
import { requireWholeNumber } from './requireWholeNumber';
import { SecureBucket } from './SecureBucket';
import { StackConfigError } from './StackConfigError';

export interface RawLogStoreProps {
  /** Bucket that receives the raw bucket's server access logs (ignored for an existing bucket). */
  readonly accessLogsBucket: s3.IBucket;
  /**
   * Use this existing bucket instead of creating one. Its encryption, versioning, logging and lifecycle
   * stay under its owner's control, so the lifecycle props below may not be combined with it.
   * @default - a new bucket is created
   */
  readonly existingBucketName?: string;
  /**
   * ARN of the customer managed KMS key of the existing bucket, when it uses SSE-KMS; the ingest
   * function is then granted kms:Decrypt on that key only.
   * @default - the existing bucket uses SSE-S3
   */
  readonly existingBucketKeyArn?: string;
  /**
   * Only objects under this prefix are ingested. Must be non-empty and must not overlap
   * `quarantinePrefix`, so that quarantined objects can never trigger ingestion again.
   * @default 'raw/'
   */
  readonly rawKeyPrefix?: string;
  /**
   * Where the ingest function puts objects it cannot process, in the same bucket.
   * @default 'quarantine/'
   */
  readonly quarantinePrefix?: string;
  /**
   * Days after which objects move to S3 Standard-IA (S3 requires at least 30).
   * @default 30
   */
  readonly transitionDays?: number;
  /**
   * Days after which objects expire; must be greater than `transitionDays`.
   * @default 365
   */
  readonly expirationDays?: number;
}

/**
 * The bucket Windows hosts ship their logs to: a new, locked-down bucket or an existing one, the
 * prefix-filtered ObjectCreated notification, and prefix-scoped grants for reading raw objects and
 * writing quarantined ones.
 *
 * Loop safety: notifications are filtered on `rawKeyPrefix`, which must be non-empty and disjoint from
 * `quarantinePrefix`, and the ingest function may only write under `quarantinePrefix`. A quarantined
 * object therefore cannot produce an event, and the function cannot write where events come from.
 */
export class RawLogStore extends Construct {
  readonly bucket: s3.IBucket;
  readonly rawKeyPrefix: string;
  readonly quarantinePrefix: string;
  private readonly existingKey: kms.IKey | undefined;

  constructor(scope: Construct, id: string, props: RawLogStoreProps) {
    super(scope, id);
    this.rawKeyPrefix = requireObjectPrefix('rawKeyPrefix', props.rawKeyPrefix ?? 'raw/');
    this.quarantinePrefix = requireObjectPrefix('quarantinePrefix', props.quarantinePrefix ?? 'quarantine/');
    if (
      this.quarantinePrefix.startsWith(this.rawKeyPrefix) ||
      this.rawKeyPrefix.startsWith(this.quarantinePrefix)
    ) {
      throw new StackConfigError(
        `quarantinePrefix '${this.quarantinePrefix}' overlaps rawKeyPrefix '${this.rawKeyPrefix}': quarantined objects would trigger ingestion again`,
      );
    }

    if (props.existingBucketName !== undefined) {
      if (props.transitionDays !== undefined || props.expirationDays !== undefined) {
        throw new StackConfigError(
          'rawTransitionDays and rawExpirationDays cannot be combined with existingRawBucketName: the existing bucket keeps its own lifecycle rules',
        );
      }
      this.bucket = s3.Bucket.fromBucketName(this, 'Bucket', props.existingBucketName);
      this.existingKey =
        props.existingBucketKeyArn === undefined
          ? undefined
          : kms.Key.fromKeyArn(this, 'ExistingBucketKey', props.existingBucketKeyArn);
      return;
    }
    if (props.existingBucketKeyArn !== undefined) {
      throw new StackConfigError('existingRawBucketKeyArn is only valid together with existingRawBucketName');
    }

    const transitionDays = requireWholeNumber('rawTransitionDays', props.transitionDays ?? 30, 30);
    const expirationDays = requireWholeNumber('rawExpirationDays', props.expirationDays ?? 365, 1);
    if (expirationDays <= transitionDays) {
      throw new StackConfigError(
        `rawExpirationDays (${expirationDays}) must be greater than rawTransitionDays (${transitionDays})`,
      );
    }
    this.existingKey = undefined;
    this.bucket = new SecureBucket(this, 'Secure', {
      accessLogsBucket: props.accessLogsBucket,
      accessLogsPrefix: 'raw-bucket/',
      lifecycleRules: [
        {
          id: 'raw-logs-age-out',
          transitions: [
            {
              storageClass: s3.StorageClass.INFREQUENT_ACCESS,
              transitionAfter: Duration.days(transitionDays),
            },
          ],
          expiration: Duration.days(expirationDays),
          noncurrentVersionExpiration: Duration.days(30),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
    }).bucket;
  }

  /** ARN of the customer managed key writers must encrypt with; undefined for SSE-S3. */
  get encryptionKeyArn(): string | undefined {
    return this.existingKey?.keyArn;
  }

  /** How cdk-nag names `<bucket>/<keyPattern>`, for acknowledging a prefix-scoped grant. */
  nagObjectArn(keyPattern: string): string {
    return nagObjectArn(this.bucket, keyPattern);
  }

  /** Sends ObjectCreated events for keys under `rawKeyPrefix` (and only those) to `queue`. */
  notifyObjectCreated(queue: sqs.IQueue): void {
    this.bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.SqsDestination(queue), {
      prefix: this.rawKeyPrefix,
    });
    const stack = Stack.of(this);
    for (const child of stack.node.children) {
      if (child.node.id.startsWith('BucketNotificationsHandler')) {
        Validations.of(child).acknowledge({
          id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
          reason:
            "CDK's singleton BucketNotificationsHandler (the custom resource that writes the bucket's notification configuration at deploy time) is built with AWSLambdaBasicExecutionRole, which only allows writing its own CloudWatch logs; its role is not configurable.",
        });
      }
    }
  }

  /**
   * s3:GetObject on `<bucket>/<rawKeyPrefix>*` and s3:ListBucket limited to that prefix (plus kms:Decrypt
   * on an existing bucket's key).
   */
  grantReadRawObjects(grantee: iam.IGrantable): iam.Grant {
    this.existingKey?.grant(grantee, 'kms:Decrypt');
    acknowledgeObjectPrefixGrant(
      grantee,
      this.bucket,
      `${this.rawKeyPrefix}*`,
      'The ingest function reads the objects named in S3 events, which are arbitrary keys under the raw prefix; the grant is s3:GetObject on that prefix only.',
    );
    // Without ListBucket, S3 answers 403 instead of 404 for an object deleted before it is read, and the
    // function would retry a message it should acknowledge; the listing is limited to the raw prefix.
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [this.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${this.rawKeyPrefix}*`] } },
      }),
    );
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['s3:GetObject'],
      resourceArns: [this.bucket.arnForObjects(`${this.rawKeyPrefix}*`)],
    });
  }

  /** s3:PutObject on `<bucket>/<quarantinePrefix>*` (plus data-key use of an existing bucket's key). */
  grantPutQuarantineObjects(grantee: iam.IGrantable): iam.Grant {
    this.existingKey?.grant(grantee, 'kms:GenerateDataKey');
    acknowledgeObjectPrefixGrant(
      grantee,
      this.bucket,
      `${this.quarantinePrefix}*`,
      'Quarantined copies get keys derived from the rejected object; the grant is s3:PutObject under the quarantine prefix only, which is outside the notification filter.',
    );
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['s3:PutObject'],
      resourceArns: [this.bucket.arnForObjects(`${this.quarantinePrefix}*`)],
    });
  }
}
