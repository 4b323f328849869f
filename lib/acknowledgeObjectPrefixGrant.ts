import { Stack, Token, Validations } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { StackConfigError } from './StackConfigError';

/**
 * Acknowledges cdk-nag's AwsSolutions-IAM5 finding for one object-prefix ARN (`<bucket>/<prefix>*`) on
 * the grantee, naming that exact resource so any other wildcard on the same policy is still reported.
 */
export function acknowledgeObjectPrefixGrant(
  grantee: iam.IGrantable,
  bucket: s3.IBucket,
  keyPattern: string,
  reason: string,
): void {
  const principal = grantee.grantPrincipal;
  if (!Construct.isConstruct(principal)) return;
  Validations.of(principal).acknowledge({
    id: `AwsSolutions-IAM5[Resource::${nagObjectArn(bucket, keyPattern)}]`,
    reason,
  });
}

/** How cdk-nag prints `<bucket ARN>/<keyPattern>`. */
export function nagObjectArn(bucket: s3.IBucket, keyPattern: string): string {
  return `${nagBucketArn(bucket)}/${keyPattern}`;
}

/** How cdk-nag prints a bucket ARN: `<LogicalId.Arn>` for a bucket in this app, the literal ARN otherwise. */
function nagBucketArn(bucket: s3.IBucket): string {
  if (bucket instanceof s3.Bucket) {
    const cfnBucket = bucket.node.defaultChild as s3.CfnBucket;
    return `<${Stack.of(bucket).getLogicalId(cfnBucket)}.Arn>`;
  }
  if (Token.isUnresolved(bucket.bucketName)) {
    throw new StackConfigError(
      'Cannot acknowledge a grant on a bucket whose name is only known at deploy time',
    );
  }
  return `arn:<AWS::Partition>:s3:::${bucket.bucketName}`;
}
