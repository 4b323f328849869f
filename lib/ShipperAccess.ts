import { Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { RawLogStore } from './RawLogStore';
import { StackConfigError } from './StackConfigError';

const ACCOUNT_ID = /^\d{12}$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

export interface ShipperAccessProps {
  readonly rawLogStore: RawLogStore;
  /**
   * Account ids or IAM role ARNs allowed to assume the shipper role (`shipperPrincipals`).
   * @default - no role; only the managed policy, for instance profiles in this account
   */
  readonly shipperPrincipals?: readonly string[];
}

/**
 * The least-privilege writer for log shippers: a managed policy that allows putting objects under the
 * raw prefix only (for instance profiles of the Windows nodes or of a Logstash host), and, when
 * principals are named, a role they may assume that carries that policy and nothing else.
 */
export class ShipperAccess extends Construct {
  readonly policy: iam.ManagedPolicy;
  readonly role?: iam.Role;

  constructor(scope: Construct, id: string, props: ShipperAccessProps) {
    super(scope, id);
    const principals = (props.shipperPrincipals ?? []).map(toPrincipal);
    const store = props.rawLogStore;
    const statements = [
      new iam.PolicyStatement({
        sid: 'PutRawLogObjects',
        // Multipart uploads (Fluent Bit, Logstash) are authorised by s3:PutObject; aborting one is not.
        actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
        resources: [store.bucket.arnForObjects(`${store.rawKeyPrefix}*`)],
      }),
    ];
    const keyArn = store.encryptionKeyArn;
    if (keyArn !== undefined) {
      statements.push(
        new iam.PolicyStatement({
          sid: 'EncryptWithTheBucketKey',
          // SSE-KMS uploads need a data key; multipart uploads also decrypt it to add parts.
          actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
          resources: [keyArn],
        }),
      );
    }
    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      description: `Lets Windows log shippers put objects under ${store.rawKeyPrefix} of the raw-log bucket, nothing else`,
      statements,
    });
    Validations.of(this.policy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${store.nagObjectArn(`${store.rawKeyPrefix}*`)}]`,
      reason:
        'Shippers name their own objects (per node, per time); the grant is object writes under the raw prefix only, which is what the ingest notification watches.',
    });

    if (principals.length > 0) {
      this.role = new iam.Role(this, 'Role', {
        assumedBy: new iam.CompositePrincipal(...principals),
        description: 'Assumed by Windows log shippers to put objects under the raw prefix',
        managedPolicies: [this.policy],
      });
    }
  }
}

function toPrincipal(entry: string): iam.IPrincipal {
  if (ACCOUNT_ID.test(entry)) return new iam.AccountPrincipal(entry);
  if (ROLE_ARN.test(entry)) return new iam.ArnPrincipal(entry);
  throw new StackConfigError(
    `shipperPrincipals entries must be 12-digit account ids or IAM role ARNs, got '${entry}'`,
  );
}
