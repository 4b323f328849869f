import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeObjectPrefixGrant } from './acknowledgeObjectPrefixGrant';
import { requireObjectPrefix } from './requireObjectPrefix';
import { requireWholeNumber } from './requireWholeNumber';
import { SecureBucket } from './SecureBucket';

export interface AuditStoreProps {
  /** Bucket that receives the audit bucket's server access logs. */
  readonly accessLogsBucket: s3.IBucket;
  /**
   * Prefix of the audit records (JSON lines, partitioned as `<auditPrefix>dt=yyyy-MM-dd/`).
   * @default 'audit/'
   */
  readonly auditPrefix?: string;
  /**
   * Days after which audit records move to S3 Glacier Instant Retrieval.
   * @default 90
   */
  readonly transitionDays?: number;
  /**
   * Object Lock default retention in GOVERNANCE mode, in days.
   * @default - Object Lock off
   */
  readonly objectLockRetentionDays?: number;
}

/**
 * The audit trail bucket: versioned, optionally Object-Locked, encrypted with a customer managed key
 * (the records carry evidence lines from hosts, so reading them needs both S3 and key permissions),
 * and a put-only, prefix-scoped grant for the ingest function.
 */
export class AuditStore extends Construct {
  readonly bucket: s3.Bucket;
  readonly key: kms.Key;
  readonly auditPrefix: string;

  constructor(scope: Construct, id: string, props: AuditStoreProps) {
    super(scope, id);
    this.auditPrefix = requireObjectPrefix('auditPrefix', props.auditPrefix ?? 'audit/');
    const transitionDays = requireWholeNumber('auditTransitionDays', props.transitionDays ?? 90, 0);
    const retentionDays =
      props.objectLockRetentionDays === undefined
        ? undefined
        : requireWholeNumber('auditObjectLockRetentionDays', props.objectLockRetentionDays, 1, 36_500);

    this.key = new kms.Key(this, 'Key', {
      description: 'Encrypts winlog-correlator audit records and their Athena query results',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.bucket = new SecureBucket(this, 'Secure', {
      accessLogsBucket: props.accessLogsBucket,
      accessLogsPrefix: 'audit-bucket/',
      encryptionKey: this.key,
      ...(retentionDays === undefined ? {} : { objectLockRetentionDays: retentionDays }),
      lifecycleRules: [
        {
          id: 'audit-records-to-glacier-ir',
          prefix: this.auditPrefix,
          transitions: [
            {
              storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL,
              transitionAfter: Duration.days(transitionDays),
            },
          ],
        },
        {
          id: 'expire-noncurrent-versions',
          noncurrentVersionExpiration: Duration.days(400),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
    }).bucket;
  }

  /**
   * s3:PutObject on `<bucket>/<auditPrefix>*` and the key use SSE-KMS needs for it
   * (kms:GenerateDataKey; kms:Decrypt for multipart uploads). No read, list or delete.
   */
  grantPutAuditRecords(grantee: iam.IGrantable): iam.Grant {
    this.key.grant(grantee, 'kms:GenerateDataKey', 'kms:Decrypt');
    acknowledgeObjectPrefixGrant(
      grantee,
      this.bucket,
      `${this.auditPrefix}*`,
      'Audit records are new objects under <auditPrefix>dt=<day>/ with generated names; the grant is s3:PutObject under the audit prefix only, with no read, list or delete.',
    );
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['s3:PutObject'],
      resourceArns: [this.bucket.arnForObjects(`${this.auditPrefix}*`)],
    });
  }
}
