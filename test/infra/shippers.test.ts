import { Match, type Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTestOutdirs } from './createTestApp';
import { logicalIdOf, synthStack } from './synthStack';

const KEY_ARN = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

let template: Template;
let rawBucket: string;

beforeAll(() => {
  ({ template } = synthStack(
    {},
    {
      shipperPrincipals: '111122223333, arn:aws:iam::444455556666:role/log-shipper',
      cloudWatchLogGroups: ['/windows/system', '/windows/application'],
    },
  ));
  rawBucket = logicalIdOf(template, 'AWS::S3::Bucket', 'RawLogsSecure');
});
afterAll(removeTestOutdirs);

function policyStatements(t: Template): unknown[] {
  const policies = Object.values(t.findResources('AWS::IAM::ManagedPolicy'));
  expect(policies).toHaveLength(1);
  return policies[0]?.Properties.PolicyDocument.Statement;
}

describe('shipper writer', () => {
  it('may put (and abort uploading) objects under the raw prefix, nothing else', () => {
    expect(policyStatements(template)).toEqual([
      {
        Sid: 'PutRawLogObjects',
        Effect: 'Allow',
        Action: ['s3:AbortMultipartUpload', 's3:PutObject'],
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [rawBucket, 'Arn'] }, '/raw/*']] },
      },
    ]);
  });

  it('is a role the named accounts and roles may assume, carrying only that policy', () => {
    const policy = logicalIdOf(template, 'AWS::IAM::ManagedPolicy', 'ShippersPolicy');
    const role = template.toJSON().Resources[logicalIdOf(template, 'AWS::IAM::Role', 'ShippersRole')];
    expect(role.Properties.ManagedPolicyArns).toEqual([{ Ref: policy }]);
    const trusted = role.Properties.AssumeRolePolicyDocument.Statement.flatMap(
      (s: { Principal: { AWS: unknown } }) => s.Principal.AWS,
    );
    expect(JSON.stringify(trusted)).toContain(':iam::111122223333:root');
    expect(trusted).toContainEqual('arn:aws:iam::444455556666:role/log-shipper');
    expect(template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: role }] } })).toEqual(
      {},
    );
  });

  it('outputs the policy ARN for instance profiles, and no role when no principal is named', () => {
    const { template: plain } = synthStack();
    expect(Object.keys(plain.findOutputs('*'))).toEqual(
      expect.arrayContaining(['ShipperPolicyArn', 'DeadLetterQueueArn']),
    );
    expect(Object.keys(plain.findOutputs('*'))).not.toContain('ShipperRoleArn');
    expect(
      Object.keys(plain.findResources('AWS::IAM::Role')).some((id) => id.startsWith('ShippersRole')),
    ).toBe(false);
  });

  it('may encrypt with the customer managed key of an existing bucket', () => {
    const { template: existing } = synthStack({
      existingRawBucketName: 'corp-windows-logs',
      existingRawBucketKeyArn: KEY_ARN,
    });
    expect(policyStatements(existing)).toContainEqual({
      Sid: 'EncryptWithTheBucketKey',
      Effect: 'Allow',
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: KEY_ARN,
    });
  });

  it('rejects a principal that is neither an account id nor a role ARN', () => {
    expect(() => synthStack({ shipperPrincipals: ['arn:aws:iam::111122223333:user/alice'] })).toThrow(
      /shipperPrincipals entries must be 12-digit account ids or IAM role ARNs/,
    );
  });
});

describe('CloudWatch Logs path', () => {
  it('writes the batches unchanged under the raw prefix and failures under the quarantine prefix, encrypted', () => {
    template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      DeliveryStreamType: 'DirectPut',
      DeliveryStreamEncryptionConfigurationInput: { KeyType: 'AWS_OWNED_CMK' },
      ExtendedS3DestinationConfiguration: Match.objectLike({
        BucketARN: { 'Fn::GetAtt': [rawBucket, 'Arn'] },
        Prefix: 'raw/cloudwatch-logs/!{timestamp:yyyy/MM/dd/HH}/',
        ErrorOutputPrefix:
          'quarantine/firehose-errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/',
        CompressionFormat: 'UNCOMPRESSED',
      }),
    });
  });

  it('subscribes every named log group, unfiltered, into the stream', () => {
    const stream = logicalIdOf(template, 'AWS::KinesisFirehose::DeliveryStream', 'CloudWatchLogs');
    const filters = Object.values(template.findResources('AWS::Logs::SubscriptionFilter')).map(
      (resource) => resource.Properties,
    );
    expect(filters.map((f) => f.LogGroupName).sort()).toEqual(['/windows/application', '/windows/system']);
    for (const filter of filters) {
      expect(filter.FilterPattern).toBe('');
      expect(filter.DestinationArn).toEqual({ 'Fn::GetAtt': [stream, 'Arn'] });
    }
  });

  it('lets CloudWatch Logs of this account only put records into that stream', () => {
    const stream = logicalIdOf(template, 'AWS::KinesisFirehose::DeliveryStream', 'CloudWatchLogs');
    const role = logicalIdOf(template, 'AWS::IAM::Role', 'CloudWatchLogsSubscriptionRole');
    const statements = Object.values(
      template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: role }] } }),
    ).flatMap((p) => p.Properties.PolicyDocument.Statement);
    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: ['firehose:PutRecord', 'firehose:PutRecordBatch'],
        Resource: { 'Fn::GetAtt': [stream, 'Arn'] },
      },
    ]);
    const trust = template.toJSON().Resources[role].Properties.AssumeRolePolicyDocument.Statement[0];
    expect(trust.Principal).toEqual({ Service: 'logs.amazonaws.com' });
    expect(trust.Condition.StringLike['aws:SourceArn']).toBeDefined();
  });

  it('creates no stream when no log group is named', () => {
    const { template: plain } = synthStack();
    plain.resourceCountIs('AWS::KinesisFirehose::DeliveryStream', 0);
  });
});
