import type { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTestOutdirs } from './createTestApp';
import { logicalIdOf, synthStack } from './synthStack';

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

let template: Template;
let role: string;
let statements: Statement[];

function objectArn(bucketId: string, pattern: string): unknown {
  return { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, pattern]] };
}

function actionsOf(statement: Statement): string[] {
  return typeof statement.Action === 'string' ? [statement.Action] : statement.Action;
}

function resourcesOf(statement: Statement): unknown[] {
  return Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
}

/** Every (action, resource) pair the ingest role is allowed. */
function allowedPairs(): Array<{ action: string; resource: unknown }> {
  return statements.flatMap((statement) =>
    actionsOf(statement).flatMap((action) =>
      resourcesOf(statement).map((resource) => ({ action, resource })),
    ),
  );
}

beforeAll(() => {
  ({ template } = synthStack());
  role = logicalIdOf(template, 'AWS::IAM::Role', 'IngestFunctionRole');
  const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: role }] } });
  statements = Object.values(policies).flatMap((policy) => policy.Properties.PolicyDocument.Statement);
});
afterAll(removeTestOutdirs);

describe('ingest function permissions', () => {
  it('uses no AWS managed policy', () => {
    expect(template.toJSON().Resources[role].Properties.ManagedPolicyArns).toBeUndefined();
  });

  it('only allows, never uses a bare * action, and never targets every resource', () => {
    for (const statement of statements) {
      expect(statement.Effect).toBe('Allow');
      for (const action of actionsOf(statement)) {
        expect(action).not.toBe('*');
        expect(action).not.toMatch(/:\*$/);
        expect(action).not.toMatch(/\*/);
      }
      expect(resourcesOf(statement)).not.toContain('*');
    }
  });

  it('may read only objects under the raw prefix of the raw bucket', () => {
    const rawBucket = logicalIdOf(template, 'AWS::S3::Bucket', 'RawLogs');
    const onRawBucket = allowedPairs().filter((pair) => JSON.stringify(pair.resource).includes(rawBucket));
    expect(onRawBucket).toEqual(
      expect.arrayContaining([
        { action: 's3:GetObject', resource: objectArn(rawBucket, '/raw/*') },
        { action: 's3:PutObject', resource: objectArn(rawBucket, '/quarantine/*') },
        { action: 's3:ListBucket', resource: { 'Fn::GetAtt': [rawBucket, 'Arn'] } },
      ]),
    );
    expect(onRawBucket).toHaveLength(3);
  });

  it('may list the raw bucket only under the raw prefix, so a deleted object reads as missing, not forbidden', () => {
    const listing = statements.filter((statement) => actionsOf(statement).includes('s3:ListBucket'));
    expect(listing).toHaveLength(1);
    expect(listing[0]?.Condition).toEqual({ StringLike: { 's3:prefix': ['raw/*'] } });
  });

  it('may only put objects under the audit prefix of the audit bucket', () => {
    const auditBucket = logicalIdOf(template, 'AWS::S3::Bucket', 'AuditSecure');
    const onAuditBucket = allowedPairs().filter((pair) =>
      JSON.stringify(pair.resource).includes(auditBucket),
    );
    expect(onAuditBucket).toEqual([{ action: 's3:PutObject', resource: objectArn(auditBucket, '/audit/*') }]);
  });

  it('has no S3 permission on the access-log or query-result buckets', () => {
    for (const prefix of ['AccessLogs', 'AuditQueryResults']) {
      const bucket = logicalIdOf(template, 'AWS::S3::Bucket', prefix);
      expect(allowedPairs().filter((pair) => JSON.stringify(pair.resource).includes(bucket))).toEqual([]);
    }
  });

  it('may read and write items of the state table and nothing else in DynamoDB', () => {
    const table = logicalIdOf(template, 'AWS::DynamoDB::Table', 'State');
    const dynamo = allowedPairs().filter((pair) => pair.action.startsWith('dynamodb:'));
    for (const pair of dynamo) expect(pair.resource).toEqual({ 'Fn::GetAtt': [table, 'Arn'] });
    expect(dynamo.map((pair) => pair.action)).toEqual(
      expect.arrayContaining([
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:Query',
      ]),
    );
  });

  it('may publish to the incident topic only, using its key for data keys only', () => {
    const incidentTopic = logicalIdOf(template, 'AWS::SNS::Topic', 'Incidents');
    const incidentKey = logicalIdOf(template, 'AWS::KMS::Key', 'IncidentsKey');
    const operationsKey = logicalIdOf(template, 'AWS::KMS::Key', 'OperationsKey');
    const pairs = allowedPairs();
    expect(pairs.filter((pair) => pair.action.startsWith('sns:'))).toEqual([
      { action: 'sns:Publish', resource: { Ref: incidentTopic } },
    ]);
    const onIncidentKey = pairs.filter((pair) => JSON.stringify(pair.resource).includes(incidentKey));
    expect(onIncidentKey.map((pair) => pair.action).sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    expect(pairs.filter((pair) => JSON.stringify(pair.resource).includes(operationsKey))).toEqual([]);
  });

  it('may consume the ingest queue and send continuations to it, but not touch the dead-letter queue', () => {
    const queue = logicalIdOf(template, 'AWS::SQS::Queue', 'IngestQueue');
    const sqs = allowedPairs().filter((pair) => pair.action.startsWith('sqs:'));
    for (const pair of sqs) expect(pair.resource).toEqual({ 'Fn::GetAtt': [queue, 'Arn'] });
    expect([...new Set(sqs.map((pair) => pair.action))].sort()).toEqual([
      'sqs:ChangeMessageVisibility',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:GetQueueUrl',
      'sqs:ReceiveMessage',
      'sqs:SendMessage',
    ]);
  });

  it('is granted nothing beyond logs, S3, KMS, DynamoDB, SNS and SQS', () => {
    const services = new Set(allowedPairs().map((pair) => pair.action.split(':')[0]));
    expect([...services].sort()).toEqual(['dynamodb', 'kms', 'logs', 's3', 'sns', 'sqs']);
  });
});

describe('ingest function permissions on an existing raw bucket', () => {
  it('are scoped to the raw and quarantine prefixes of that bucket by name', () => {
    const { template: existing } = synthStack({ existingRawBucketName: 'corp-windows-logs' });
    const existingRole = logicalIdOf(existing, 'AWS::IAM::Role', 'IngestFunctionRole');
    const policies = existing.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: existingRole }] },
    });
    const resources = Object.values(policies)
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[])
      .filter((statement) => actionsOf(statement).some((action) => action.startsWith('s3:')))
      .flatMap((statement) => resourcesOf(statement).map((resource) => JSON.stringify(resource)))
      .filter((resource) => resource.includes('corp-windows-logs'));
    const objectResources = resources.filter((resource) => resource.includes('corp-windows-logs/'));
    expect(objectResources).toHaveLength(2);
    expect(objectResources[0]).toMatch(/:s3:::corp-windows-logs\/(raw|quarantine)\/\*"\]\]\}$/);
    expect(objectResources[1]).toMatch(/:s3:::corp-windows-logs\/(raw|quarantine)\/\*"\]\]\}$/);
    expect(objectResources.join()).toContain('/raw/*');
    expect(objectResources.join()).toContain('/quarantine/*');
    // The only other statement on that bucket is the prefix-conditioned listing.
    expect(resources.filter((resource) => !resource.includes('corp-windows-logs/'))).toHaveLength(1);
  });
});
