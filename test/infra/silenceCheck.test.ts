import { Match, type Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTestOutdirs } from './createTestApp';
import { logicalIdOf, synthStack } from './synthStack';

let template: Template;
let fn: string;

beforeAll(() => {
  ({ template } = synthStack({ silentAfter: '6h' }));
  fn = logicalIdOf(template, 'AWS::Lambda::Function', 'SilenceCheckFunction');
});
afterAll(removeTestOutdirs);

function roleStatements(): Array<{ Action: string | string[]; Resource: unknown }> {
  const role = logicalIdOf(template, 'AWS::IAM::Role', 'SilenceCheckRole');
  const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: role }] } });
  return Object.values(policies).flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

describe('silence check', () => {
  it('runs every 15 minutes from an EventBridge rule', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(15 minutes)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [fn, 'Arn'] } })],
    });
  });

  it('takes silentAfter from context and names the state table and operations topic', () => {
    const table = logicalIdOf(template, 'AWS::DynamoDB::Table', 'State');
    const opsTopic = logicalIdOf(template, 'AWS::SNS::Topic', 'Operations');
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          SILENT_AFTER: '6h',
          STATE_TABLE_NAME: { Ref: table },
          OPS_TOPIC_ARN: { Ref: opsTopic },
        }),
      },
    });
  });

  it('may scan the state table, put and delete items, and publish to the operations topic only', () => {
    const table = logicalIdOf(template, 'AWS::DynamoDB::Table', 'State');
    const opsTopic = logicalIdOf(template, 'AWS::SNS::Topic', 'Operations');
    const opsKey = logicalIdOf(template, 'AWS::KMS::Key', 'OperationsKey');
    const pairs = roleStatements().flatMap((s) =>
      (Array.isArray(s.Action) ? s.Action : [s.Action]).flatMap((action) =>
        (Array.isArray(s.Resource) ? s.Resource : [s.Resource]).map((resource) =>
          JSON.stringify({ action, resource }),
        ),
      ),
    );
    const tableArn = { 'Fn::GetAtt': [table, 'Arn'] };
    const allowed = [
      ...['dynamodb:Scan', 'dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'].map(
        (action) => ({
          action,
          resource: tableArn,
        }),
      ),
      { action: 'sns:Publish', resource: { Ref: opsTopic } },
      ...['kms:Decrypt', 'kms:GenerateDataKey'].map((action) => ({
        action,
        resource: { 'Fn::GetAtt': [opsKey, 'Arn'] },
      })),
    ].map((pair) => JSON.stringify(pair));
    const logWrites = pairs.filter((pair) => pair.includes('"logs:'));
    expect(pairs.filter((pair) => !logWrites.includes(pair)).sort()).toEqual(allowed.sort());
  });

  it('rejects a silentAfter that is not a duration', () => {
    expect(() => synthStack({ silentAfter: 'a day' })).toThrow(/silentAfter must be a duration/);
  });
});
