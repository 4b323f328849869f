import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { StackConfigError } from './StackConfigError';

export interface SecureBucketProps {
  /** Bucket that receives this bucket's server access logs. */
  readonly accessLogsBucket: s3.IBucket;
  /** Key prefix for this bucket's access logs in `accessLogsBucket`, e.g. `raw/`. */
  readonly accessLogsPrefix: string;
  /**
   * Customer managed key for SSE-KMS (with an S3 Bucket Key to keep KMS request costs down).
   * @default - SSE-S3 (S3-managed keys)
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * Keep every version of every object.
   * @default true
   */
  readonly versioned?: boolean;
  /** @default - none */
  readonly lifecycleRules?: s3.LifecycleRule[];
  /**
   * Object Lock default retention (GOVERNANCE mode) in days; turns Object Lock on.
   * @default - Object Lock off
   */
  readonly objectLockRetentionDays?: number;
}

/**
 * An S3 bucket with the project's baseline that no caller can turn off: all public access blocked,
 * TLS-only bucket policy, bucket-owner-enforced ownership, server access logging, encryption at rest,
 * and RETAIN on stack deletion.
 */
export class SecureBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    const versioned = props.versioned ?? true;
    if (props.objectLockRetentionDays !== undefined && !versioned) {
      throw new StackConfigError(`${this.node.path}: Object Lock requires a versioned bucket`);
    }
    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned,
      ...(props.encryptionKey
        ? { encryption: s3.BucketEncryption.KMS, encryptionKey: props.encryptionKey, bucketKeyEnabled: true }
        : { encryption: s3.BucketEncryption.S3_MANAGED }),
      serverAccessLogsBucket: props.accessLogsBucket,
      serverAccessLogsPrefix: props.accessLogsPrefix,
      ...(props.lifecycleRules ? { lifecycleRules: props.lifecycleRules } : {}),
      ...(props.objectLockRetentionDays === undefined
        ? {}
        : {
            objectLockEnabled: true,
            objectLockDefaultRetention: s3.ObjectLockRetention.governance(
              Duration.days(props.objectLockRetentionDays),
            ),
          }),
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
