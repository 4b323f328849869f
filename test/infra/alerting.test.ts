import { Match, type Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { winlogCorrelatorPropsFromContext } from '../../lib/winlogCorrelatorPropsFromContext';
import { createTestApp, removeTestOutdirs } from './createTestApp';
import { logicalIdOf, synthStack } from './synthStack';

let template: Template;
let incidentTopic: string;
let opsTopic: string;

beforeAll(() => {
  ({ template } = synthStack(
    {},
    {
      alertEmails: 'oncall@example.com, exchange-admins@example.com',
      alertPhoneNumbers: ['+4915112345678'],
      opsEmails: ['platform@example.com'],
    },
  ));
  incidentTopic = logicalIdOf(template, 'AWS::SNS::Topic', 'Incidents');
  opsTopic = logicalIdOf(template, 'AWS::SNS::Topic', 'Operations');
});
afterAll(removeTestOutdirs);

function subscriptions(topic: string): Array<{ Protocol: string; Endpoint: string }> {
  return Object.values(
    template.findResources('AWS::SNS::Subscription', { Properties: { TopicArn: { Ref: topic } } }),
  )
    .map((resource) => ({ Protocol: resource.Properties.Protocol, Endpoint: resource.Properties.Endpoint }))
    .sort((a, b) => a.Endpoint.localeCompare(b.Endpoint));
}

describe('incident and operations topics', () => {
  it('encrypts each topic with its own rotating customer managed key', () => {
    const incidentKey = logicalIdOf(template, 'AWS::KMS::Key', 'IncidentsKey');
    const opsKey = logicalIdOf(template, 'AWS::KMS::Key', 'OperationsKey');
    const resources = template.toJSON().Resources;
    expect(resources[incidentTopic].Properties.KmsMasterKeyId).toEqual({
      'Fn::GetAtt': [incidentKey, 'Arn'],
    });
    expect(resources[opsTopic].Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [opsKey, 'Arn'] });
    expect(resources[incidentKey].Properties.EnableKeyRotation).toBe(true);
    expect(resources[opsKey].Properties.EnableKeyRotation).toBe(true);
  });

  it('names no application principal in the incident key policy (the function gets the key through grants)', () => {
    const incidentKey = logicalIdOf(template, 'AWS::KMS::Key', 'IncidentsKey');
    const statements = template.toJSON().Resources[incidentKey].Properties.KeyPolicy.Statement as Array<{
      Principal: unknown;
    }>;
    expect(statements.map((statement) => statement.Principal)).toEqual([
      {
        AWS: {
          'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root']],
        },
      },
    ]);
  });

  it('lets CloudWatch alarms use the operations key to publish', () => {
    const opsKey = logicalIdOf(template, 'AWS::KMS::Key', 'OperationsKey');
    expect(template.toJSON().Resources[opsKey].Properties.KeyPolicy.Statement).toContainEqual(
      expect.objectContaining({
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      }),
    );
  });

  it('denies publishing without TLS on both topics', () => {
    for (const topic of [incidentTopic, opsTopic]) {
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        Topics: [{ Ref: topic }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 'sns:Publish',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    }
  });

  it('subscribes e-mail addresses from comma-separated context and SMS numbers from array context to incidents', () => {
    expect(subscriptions(incidentTopic)).toEqual([
      { Protocol: 'sms', Endpoint: '+4915112345678' },
      { Protocol: 'email', Endpoint: 'exchange-admins@example.com' },
      { Protocol: 'email', Endpoint: 'oncall@example.com' },
    ]);
  });

  it('subscribes the operations e-mail addresses to the operations topic only', () => {
    expect(subscriptions(opsTopic)).toEqual([{ Protocol: 'email', Endpoint: 'platform@example.com' }]);
  });

  it('prefers subscribers given as props over context', () => {
    const { template: fromProps } = synthStack(
      { alertEmails: ['props@example.com'] },
      { alertEmails: 'context@example.com' },
    );
    fromProps.hasResourceProperties('AWS::SNS::Subscription', { Endpoint: 'props@example.com' });
    fromProps.resourcePropertiesCountIs('AWS::SNS::Subscription', { Endpoint: 'context@example.com' }, 0);
  });
});

describe('fleet monitoring', () => {
  function alarm(prefix: string): Record<string, unknown> {
    return template.toJSON().Resources[logicalIdOf(template, 'AWS::CloudWatch::Alarm', prefix)].Properties;
  }

  it('sends every alarm to the operations topic and none to the incident topic', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms).toHaveLength(11);
    for (const resource of alarms) {
      expect(resource.Properties.AlarmActions).toEqual([{ Ref: opsTopic }]);
      expect(resource.Properties.OKActions).toEqual([{ Ref: opsTopic }]);
    }
  });

  it('alarms as soon as a message reaches the dead-letter queue', () => {
    const deadLetterQueue = logicalIdOf(template, 'AWS::SQS::Queue', 'IngestDeadLetterQueue');
    expect(alarm('MonitoringDeadLetters')).toEqual(
      expect.objectContaining({
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Namespace: 'AWS/SQS',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [deadLetterQueue, 'QueueName'] } }],
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
      }),
    );
  });

  it('alarms on any function error and any throttle', () => {
    const fn = logicalIdOf(template, 'AWS::Lambda::Function', 'IngestFunction');
    for (const [prefix, metricName] of [
      ['MonitoringFunctionErrors', 'Errors'],
      ['MonitoringFunctionThrottles', 'Throttles'],
    ] as const) {
      expect(alarm(prefix)).toEqual(
        expect.objectContaining({
          MetricName: metricName,
          Namespace: 'AWS/Lambda',
          Dimensions: [{ Name: 'FunctionName', Value: { Ref: fn } }],
          ComparisonOperator: 'GreaterThanThreshold',
          Threshold: 0,
        }),
      );
    }
  });

  it('alarms on any error of the drain of alerts left by failed invocations', () => {
    const drain = logicalIdOf(template, 'AWS::Lambda::Function', 'AlertDrainFunction');
    expect(alarm('MonitoringAlertDrainErrors')).toEqual(
      expect.objectContaining({
        MetricName: 'Errors',
        Namespace: 'AWS/Lambda',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: drain } }],
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
      }),
    );
  });

  it('shows the EMF metrics, function health and queue depth on a dashboard', () => {
    const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    expect(dashboards).toHaveLength(1);
    const body = JSON.stringify(dashboards[0]?.Properties.DashboardBody);
    for (const metric of ['EventsRead', 'BytesRead', 'IngestLagSeconds']) {
      expect(body).toContain(`\\"WinlogCorrelator\\",\\"${metric}\\",\\"service\\",\\"winlog-correlator\\"`);
    }
    for (const [metric, dimension] of [
      ['RecordsRejected', 'reason'],
      ['IncidentsRaised', 'ruleId'],
      ['IncidentsResolved', 'ruleId'],
    ]) {
      expect(body).toContain(`{WinlogCorrelator,service,${dimension}} MetricName=\\\\\\"${metric}\\\\\\"`);
    }
    for (const metric of ['Errors', 'Throttles', 'Duration', 'ApproximateAgeOfOldestMessage']) {
      expect(body).toContain(`\\"${metric}\\"`);
    }
  });
});

describe('SMS subscription filter', () => {
  function smsFilter(t: Template): unknown {
    const sms = Object.values(t.findResources('AWS::SNS::Subscription', { Properties: { Protocol: 'sms' } }));
    expect(sms).toHaveLength(1);
    return sms[0]?.Properties.FilterPolicy;
  }

  it('sends phones alerts of high severity and worse, and no resolutions, by default', () => {
    expect(smsFilter(template)).toEqual({ severity: ['critical', 'high'], kind: ['alert'] });
  });

  it('takes the lowest severity and resolutions from props', () => {
    const { template: custom } = synthStack({
      alertPhoneNumbers: ['+4915112345678'],
      smsMinSeverity: 'medium',
      smsResolutions: true,
    });
    expect(smsFilter(custom)).toEqual({
      severity: ['critical', 'high', 'medium'],
      kind: ['alert', 'resolution'],
    });
  });

  it('reads smsMinSeverity and smsResolutions from -c context as the app does', () => {
    const app = createTestApp({ smsMinSeverity: 'critical', smsResolutions: 'true', silentAfter: '12h' });
    expect(winlogCorrelatorPropsFromContext(app.node)).toMatchObject({
      smsMinSeverity: 'critical',
      smsResolutions: true,
      silentAfter: '12h',
    });
    expect(() => winlogCorrelatorPropsFromContext(createTestApp({ smsResolutions: 'yes' }).node)).toThrow(
      /Context 'smsResolutions' must be true or false/,
    );
  });

  it('leaves e-mail subscriptions unfiltered', () => {
    for (const resource of Object.values(
      template.findResources('AWS::SNS::Subscription', { Properties: { Protocol: 'email' } }),
    )) {
      expect(resource.Properties.FilterPolicy).toBeUndefined();
    }
  });

  it('rejects an unknown severity', () => {
    expect(() =>
      synthStack({ smsMinSeverity: 'urgent' as unknown as 'high', alertPhoneNumbers: ['+4915112345678'] }),
    ).toThrow(/smsMinSeverity must be one of critical, high, medium, low/);
  });
});
