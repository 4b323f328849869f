import { Duration } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { winlogCorrelatorPropsFromContext } from '../../lib/winlogCorrelatorPropsFromContext';
import { createTestApp, removeTestOutdirs } from './createTestApp';
import { logicalIdOf, synthStack } from './synthStack';

let template: Template;
let queue: string;
let deadLetterQueue: string;
let rawBucket: string;

beforeAll(() => {
  ({ template } = synthStack({}));
  queue = logicalIdOf(template, 'AWS::SQS::Queue', 'IngestQueue');
  deadLetterQueue = logicalIdOf(template, 'AWS::SQS::Queue', 'IngestDeadLetterQueue');
  rawBucket = logicalIdOf(template, 'AWS::S3::Bucket', 'RawLogs');
});
afterAll(removeTestOutdirs);

function properties(id: string): Record<string, unknown> {
  return template.toJSON().Resources[id].Properties;
}

function ingestFunction(): Record<string, unknown> {
  return properties(logicalIdOf(template, 'AWS::Lambda::Function', 'IngestFunction'));
}

describe('ingest queue', () => {
  it('outputs the ingest queue URL, where replay sends objects already in the bucket', () => {
    expect(template.findOutputs('IngestQueueUrl').IngestQueueUrl?.Value).toEqual({ Ref: queue });
  });

  it('encrypts the queue and its dead-letter queue with SSE-SQS', () => {
    expect(properties(queue).SqsManagedSseEnabled).toBe(true);
    expect(properties(deadLetterQueue).SqsManagedSseEnabled).toBe(true);
  });

  it('denies requests without TLS on both queues', () => {
    for (const id of [queue, deadLetterQueue]) {
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: id }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });

  it('moves a message to the dead-letter queue after 5 receives by default', () => {
    expect(properties(queue).RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': [deadLetterQueue, 'Arn'] },
      maxReceiveCount: 5,
    });
  });

  it('keeps dead letters for 14 days', () => {
    expect(properties(deadLetterQueue).MessageRetentionPeriod).toBe(14 * 24 * 3600);
  });

  it('sets the visibility timeout to six times the function timeout', () => {
    expect(ingestFunction().Timeout).toBe(300);
    expect(properties(queue).VisibilityTimeout).toBe(6 * 300);
  });

  it('follows a custom function timeout and receive count', () => {
    const { template: custom } = synthStack({ functionTimeout: Duration.minutes(2), maxReceiveCount: 3 });
    const id = logicalIdOf(custom, 'AWS::SQS::Queue', 'IngestQueue');
    const queueProps = custom.toJSON().Resources[id].Properties;
    expect(queueProps.VisibilityTimeout).toBe(720);
    expect(queueProps.RedrivePolicy.maxReceiveCount).toBe(3);
  });
});

describe('raw bucket notifications', () => {
  it('sends ObjectCreated events to the ingest queue only for keys under the raw prefix', () => {
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      BucketName: { Ref: rawBucket },
      NotificationConfiguration: {
        QueueConfigurations: [
          {
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'raw/' }] } },
            QueueArn: { 'Fn::GetAtt': [queue, 'Arn'] },
          },
        ],
      },
    });
  });

  it('lets only the raw bucket send messages to the queue', () => {
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queue }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 's3.amazonaws.com' },
            Action: Match.arrayWith(['sqs:SendMessage']),
            Condition: { ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [rawBucket, 'Arn'] } } },
          }),
        ]),
      },
    });
  });

  it('configures notifications on an existing bucket by name without managing its other settings', () => {
    const { template: existing } = synthStack({
      existingRawBucketName: 'corp-windows-logs',
      rawKeyPrefix: 'winlogs/',
    });
    existing.hasResourceProperties('Custom::S3BucketNotifications', {
      BucketName: 'corp-windows-logs',
      Managed: false,
      NotificationConfiguration: {
        QueueConfigurations: [
          Match.objectLike({ Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'winlogs/' }] } } }),
        ],
      },
    });
    expect(Object.keys(existing.findResources('AWS::S3::Bucket'))).not.toContainEqual(
      expect.stringMatching(/^RawLogs/),
    );
  });
});

describe('ingest function', () => {
  it('runs handler.handler on the latest Node.js runtime on ARM64 with 1024 MB', () => {
    expect(ingestFunction()).toEqual(
      expect.objectContaining({
        Handler: 'index.handler',
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        MemorySize: 1024,
      }),
    );
  });

  it('reads the queue in batches of 10 and reports partial batch failures', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [queue, 'Arn'] },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('writes its logs to a log group kept for one year', () => {
    const logGroup = logicalIdOf(template, 'AWS::Logs::LogGroup', 'IngestFunction');
    expect(properties(logGroup).RetentionInDays).toBe(365);
    expect(ingestFunction().LoggingConfig).toEqual({ LogGroup: { Ref: logGroup } });
  });

  it('has no reserved concurrency unless asked for one', () => {
    expect(ingestFunction().ReservedConcurrentExecutions).toBeUndefined();
    const { template: capped } = synthStack({ reservedConcurrentExecutions: 4 });
    capped.hasResourceProperties('AWS::Lambda::Function', { ReservedConcurrentExecutions: 4 });
  });

  it('passes the handler its configuration under the agreed variable names and defaults', () => {
    const variables = (ingestFunction().Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables).toEqual({
      RAW_BUCKET_NAME: { Ref: rawBucket },
      RAW_KEY_PREFIX: 'raw/',
      QUARANTINE_PREFIX: 'quarantine/',
      AUDIT_BUCKET_NAME: { Ref: logicalIdOf(template, 'AWS::S3::Bucket', 'AuditSecure') },
      AUDIT_PREFIX: 'audit/',
      STATE_TABLE_NAME: { Ref: logicalIdOf(template, 'AWS::DynamoDB::Table', 'State') },
      INCIDENT_TOPIC_ARN: { Ref: logicalIdOf(template, 'AWS::SNS::Topic', 'Incidents') },
      RULES_PATH: '/var/task/rules',
      INGEST_QUEUE_URL: { Ref: logicalIdOf(template, 'AWS::SQS::Queue', 'IngestQueue') },
      ALLOWED_LATENESS: '24h',
      MAX_CLOCK_SKEW: '1h',
      PUBLISH_LEASE: '60s',
      MAX_STATE_BYTES: String(64 * 1024 * 1024),
      MAX_OBJECT_BYTES: '8589934592',
      MAX_RECORD_BYTES: '1048576',
      TIME_ZONE: 'UTC',
      PAGE_WITHIN: '24h',
      POWERTOOLS_SERVICE_NAME: 'winlog-correlator',
      POWERTOOLS_METRICS_NAMESPACE: 'WinlogCorrelator',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      NODE_OPTIONS: '--enable-source-maps',
    });
  });

  it('leaves each rule its own window unless an override is given', () => {
    const variables = (ingestFunction().Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables).not.toHaveProperty('CORRELATION_WINDOW');
  });

  it('passes pageWithin from -c context to the function, as the app reads it, off included', () => {
    for (const pageWithin of ['6h', 'off']) {
      const app = createTestApp({ pageWithin });
      const { template: custom } = synthStack(winlogCorrelatorPropsFromContext(app.node));
      custom.hasResourceProperties('AWS::Lambda::Function', {
        Environment: { Variables: Match.objectLike({ PAGE_WITHIN: pageWithin }) },
      });
    }
  });

  it('rejects a pageWithin that is not a duration or off, or longer than 30d, at synth', () => {
    expect(() => synthStack({ pageWithin: 'never' })).toThrow(/pageWithin: 'never' is not a duration/);
    expect(() => synthStack({ pageWithin: '31d' })).toThrow(
      /pageWithin: '31d' is longer than the most allowed, 30d/,
    );
  });

  it('takes the correlation window override and time zone from props', () => {
    const { template: custom } = synthStack({ correlationWindow: '2h', timeZone: 'Europe/Berlin' });
    custom.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ CORRELATION_WINDOW: '2h', TIME_ZONE: 'Europe/Berlin' }) },
    });
  });
});
