import { Match, type Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTestOutdirs } from './createTestApp';
import { logicalIdOf, synthStack } from './synthStack';

let template: Template;
let rawBucket: string;
let auditBucket: string;
let resultsBucket: string;
let logsBucket: string;

beforeAll(() => {
  ({ template } = synthStack({ auditObjectLockRetentionDays: 30 }));
  rawBucket = logicalIdOf(template, 'AWS::S3::Bucket', 'RawLogs');
  auditBucket = logicalIdOf(template, 'AWS::S3::Bucket', 'AuditSecure');
  resultsBucket = logicalIdOf(template, 'AWS::S3::Bucket', 'AuditQueryResults');
  logsBucket = logicalIdOf(template, 'AWS::S3::Bucket', 'AccessLogs');
});
afterAll(removeTestOutdirs);

function bucket(id: string): Record<string, unknown> {
  return template.toJSON().Resources[id].Properties;
}

function bucketPolicyStatements(bucketId: string): unknown[] {
  const policies = template.findResources('AWS::S3::BucketPolicy', {
    Properties: { Bucket: { Ref: bucketId } },
  });
  return Object.values(policies).flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

describe('buckets', () => {
  it('blocks all public access on every bucket', () => {
    for (const id of [rawBucket, auditBucket, resultsBucket, logsBucket]) {
      expect(bucket(id).PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
    }
  });

  it('denies every request without TLS on every bucket', () => {
    for (const id of [rawBucket, auditBucket, resultsBucket, logsBucket]) {
      expect(bucketPolicyStatements(id)).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: 's3:*',
          Principal: { AWS: '*' },
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
    }
  });

  it('encrypts the raw and access-log buckets with S3-managed keys', () => {
    for (const id of [rawBucket, logsBucket]) {
      expect(bucket(id).BucketEncryption).toEqual({
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      });
    }
  });

  it('encrypts the audit and query-result buckets with the customer managed audit key', () => {
    const auditKey = logicalIdOf(template, 'AWS::KMS::Key', 'AuditKey');
    for (const id of [auditBucket, resultsBucket]) {
      expect(bucket(id).BucketEncryption).toEqual({
        ServerSideEncryptionConfiguration: [
          {
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: {
              SSEAlgorithm: 'aws:kms',
              KMSMasterKeyID: { 'Fn::GetAtt': [auditKey, 'Arn'] },
            },
          },
        ],
      });
    }
  });

  it('rotates the audit key', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      Description: Match.stringLikeRegexp('audit records'),
      EnableKeyRotation: true,
    });
  });

  it('logs access to the raw, audit and results buckets into the separate access-log bucket', () => {
    for (const id of [rawBucket, auditBucket, resultsBucket]) {
      expect(bucket(id).LoggingConfiguration).toEqual(
        expect.objectContaining({ DestinationBucketName: { Ref: logsBucket } }),
      );
    }
  });

  it('versions the raw and audit buckets', () => {
    for (const id of [rawBucket, auditBucket]) {
      expect(bucket(id).VersioningConfiguration).toEqual({ Status: 'Enabled' });
    }
  });

  it('moves raw logs to Standard-IA after 30 days and expires them after 365 by default', () => {
    expect(bucket(rawBucket).LifecycleConfiguration).toEqual({
      Rules: [
        expect.objectContaining({
          Status: 'Enabled',
          Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 30 }],
          ExpirationInDays: 365,
        }),
      ],
    });
  });

  it('moves audit records under the audit prefix to Glacier IR after 90 days and expires noncurrent versions after 400', () => {
    const rules = (bucket(auditBucket).LifecycleConfiguration as { Rules: unknown[] }).Rules;
    expect(rules).toContainEqual(
      expect.objectContaining({
        Prefix: 'audit/',
        Transitions: [{ StorageClass: 'GLACIER_IR', TransitionInDays: 90 }],
      }),
    );
    expect(rules).toContainEqual(
      expect.objectContaining({ NoncurrentVersionExpiration: { NoncurrentDays: 400 } }),
    );
  });

  it('turns on Object Lock with a GOVERNANCE default retention when a retention is given', () => {
    expect(bucket(auditBucket).ObjectLockEnabled).toBe(true);
    expect(bucket(auditBucket).ObjectLockConfiguration).toEqual({
      ObjectLockEnabled: 'Enabled',
      Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 30 } },
    });
  });

  it('retains every bucket when the stack is deleted', () => {
    for (const id of [rawBucket, auditBucket, resultsBucket, logsBucket]) {
      expect(template.toJSON().Resources[id].DeletionPolicy).toBe('Retain');
    }
  });
});

describe('audit bucket without Object Lock', () => {
  it('leaves Object Lock off when no retention is given', () => {
    const { template: plain } = synthStack();
    const id = logicalIdOf(plain, 'AWS::S3::Bucket', 'AuditSecure');
    expect(plain.toJSON().Resources[id].Properties.ObjectLockEnabled).toBeUndefined();
  });
});

describe('state table', () => {
  it('keys items by pk and sk strings, on demand', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    });
  });

  it('encrypts the table, keeps point-in-time recovery and expires items through expiresAt', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      SSESpecification: { SSEEnabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });

  it('retains the table when the stack is deleted', () => {
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });
});
