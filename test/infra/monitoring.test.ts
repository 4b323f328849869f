import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricCatalogue } from '../../domain/metrics/metricCatalogue';
import { createTestApp, removeTestOutdirs } from './createTestApp';
import { identityText, type MetricIdentity, monitoredMetrics } from './monitoredMetrics';
import { logicalIdOf, synthStack } from './synthStack';

/** AWS service metrics the stack may watch, with the dimensions CloudWatch publishes them under. */
const AWS_METRICS: MetricIdentity[] = [
  ...['Errors', 'Throttles', 'Invocations', 'Duration'].map((name) => ({
    namespace: 'AWS/Lambda',
    name,
    dimensions: ['FunctionName'],
  })),
  ...[
    'ApproximateNumberOfMessagesVisible',
    'ApproximateNumberOfMessagesNotVisible',
    'ApproximateAgeOfOldestMessage',
  ].map((name) => ({ namespace: 'AWS/SQS', name, dimensions: ['QueueName'] })),
  ...['NumberOfNotificationsFailed', 'NumberOfNotificationsDelivered'].map((name) => ({
    namespace: 'AWS/SNS',
    name,
    dimensions: ['TopicName'],
  })),
];

const EMITTED = new Set(
  [
    ...Object.entries(metricCatalogue.metrics).map(([name, dimensions]) => ({
      namespace: metricCatalogue.namespace,
      name,
      dimensions,
    })),
    ...AWS_METRICS,
  ].map(identityText),
);

function unknownMetrics(template: Template): string[] {
  return monitoredMetrics(template)
    .map(identityText)
    .filter((text) => !EMITTED.has(text));
}

let template: Template;
beforeAll(() => {
  ({ template } = synthStack());
});
afterAll(removeTestOutdirs);

function alarm(prefix: string): Record<string, unknown> {
  return template.toJSON().Resources[logicalIdOf(template, 'AWS::CloudWatch::Alarm', prefix)].Properties;
}

describe('monitored metrics', () => {
  it('names only metrics, with their dimension sets, that the functions or AWS services emit', () => {
    expect(monitoredMetrics(template).length).toBeGreaterThan(20);
    expect(unknownMetrics(template)).toEqual([]);
  });

  it('reports a widget that asks for a metric with a dimension set nothing writes', () => {
    const app = createTestApp();
    const stack = new Stack(app, 'Wrong');
    new cloudwatch.Dashboard(stack, 'Dashboard').addWidgets(
      new cloudwatch.GraphWidget({
        left: [
          new cloudwatch.Metric({
            namespace: 'WinlogCorrelator',
            metricName: 'RuleMatches',
            dimensionsMap: { service: 'winlog-correlator' },
          }),
        ],
      }),
    );
    expect(unknownMetrics(Template.fromStack(stack))).toEqual(['WinlogCorrelator RuleMatches [service]']);
  });

  it('graphs rule matches per rule, as the ingest function writes them', () => {
    const body = JSON.stringify(
      Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0]?.Properties.DashboardBody,
    );
    expect(body).toContain('{WinlogCorrelator,service,ruleId} MetricName=\\\\\\"RuleMatches\\\\\\"');
  });
});

describe('alarms on the alerting itself', () => {
  it('alarms when SNS fails to deliver an incident alert (e-mail or SMS)', () => {
    const incidentTopic = logicalIdOf(template, 'AWS::SNS::Topic', 'Incidents');
    expect(alarm('MonitoringAlertDeliveryFailures')).toEqual(
      expect.objectContaining({
        Namespace: 'AWS/SNS',
        MetricName: 'NumberOfNotificationsFailed',
        Dimensions: [{ Name: 'TopicName', Value: { 'Fn::GetAtt': [incidentTopic, 'TopicName'] } }],
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
      }),
    );
  });

  it('alarms on any match dropped as late or by the state limit', () => {
    for (const name of ['LateMatches', 'StateOverflowMatches']) {
      expect(alarm(`Monitoring${name}`)).toEqual(
        expect.objectContaining({
          Namespace: 'WinlogCorrelator',
          MetricName: name,
          Dimensions: [{ Name: 'service', Value: 'winlog-correlator' }],
          Threshold: 0,
        }),
      );
    }
  });

  it('alarms on records of unknown shape under any object prefix, through a Metrics Insights query', () => {
    const metrics = alarm('MonitoringRecordsOfUnknownShape').Metrics as Array<{ Expression?: string }>;
    expect(metrics[0]?.Expression).toBe(
      `SELECT SUM(RecordsOfUnknownShape) FROM SCHEMA("WinlogCorrelator", service,ObjectPrefix) WHERE service = 'winlog-correlator'`,
    );
  });

  it('alarms when the oldest ingest message has waited over 30 minutes', () => {
    expect(alarm('MonitoringQueueMessageAge')).toEqual(
      expect.objectContaining({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateAgeOfOldestMessage',
        Statistic: 'Maximum',
        Threshold: 1800,
      }),
    );
  });

  it('stays quiet about silence until an event has been read once, then alarms after 60 minutes without one', () => {
    expect(alarm('MonitoringNoDataIngested')).toEqual(
      expect.objectContaining({
        Namespace: 'WinlogCorrelator',
        MetricName: 'FleetSecondsSinceLastEvent',
        Statistic: 'Maximum',
        Period: 900,
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 3600,
        TreatMissingData: 'notBreaching',
      }),
    );
  });

  it('takes the queue age threshold from props', () => {
    const { template: custom } = synthStack({ queueAgeAlarmMinutes: 5 });
    custom.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateAgeOfOldestMessage',
      Threshold: 300,
    });
  });
});
