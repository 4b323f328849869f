import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { requireWholeNumber } from './requireWholeNumber';

export interface AccessLogsBucketProps {
  /**
   * Days to keep server access log objects.
   * @default 365
   */
  readonly expirationDays?: number;
}

/**
 * Target bucket for the S3 server access logs of every other bucket in the stack. SSE-S3 because
 * S3 log delivery cannot write to SSE-KMS buckets; TLS-only and fully private like the rest.
 */
export class AccessLogsBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: AccessLogsBucketProps = {}) {
    super(scope, id);
    const expirationDays = requireWholeNumber('accessLogsExpirationDays', props.expirationDays ?? 365, 1);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      lifecycleRules: [
        {
          id: 'expire-access-logs',
          expiration: Duration.days(expirationDays),
          noncurrentVersionExpiration: Duration.days(30),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This is the server access log target for every other bucket in the stack; logging it into itself would log its own log deliveries without end.',
    });
  }
}
