import { Match, type Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTestOutdirs } from './createTestApp';
import { logicalIdOf, synthStack } from './synthStack';

let template: Template;
let drain: string;

beforeAll(() => {
  ({ template } = synthStack({ allowedLateness: '2h' }));
  drain = logicalIdOf(template, 'AWS::Lambda::Function', 'AlertDrainFunction');
});
afterAll(removeTestOutdirs);

function actionsOf(rolePrefix: string): string[] {
  const role = logicalIdOf(template, 'AWS::IAM::Role', rolePrefix);
  const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: role }] } });
  return Object.values(policies)
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement)
    .flatMap((statement: { Action: string | string[] }) =>
      Array.isArray(statement.Action) ? statement.Action : [statement.Action],
    );
}

describe('alert drain', () => {
  it('runs every minute from an EventBridge rule, one run at a time', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [drain, 'Arn'] } })],
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.handler',
      ReservedConcurrentExecutions: 1,
      Environment: { Variables: Match.objectLike({ ALLOWED_LATENESS: '2h' }) },
    });
  });

  it('runs with exactly the ingest function settings', () => {
    const ingest = logicalIdOf(template, 'AWS::Lambda::Function', 'IngestFunction');
    const variables = (id: string) =>
      template.toJSON().Resources[id].Properties.Environment.Variables as Record<string, unknown>;
    expect(variables(drain)).toEqual(variables(ingest));
  });

  it('may not read raw logs, write quarantine or send to the ingest queue', () => {
    const actions = actionsOf('AlertDrainRole');
    expect(actions).toContain('sns:Publish');
    expect(actions).toContain('dynamodb:PutItem');
    expect(actions.filter((action) => /^s3:(Get|List)|^sqs:/.test(action))).toEqual([]);
  });
});
