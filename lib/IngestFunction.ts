import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as eventSources from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  DEFAULT_MAX_CLOCK_SKEW,
  DEFAULT_MAX_STATE_BYTES,
  DEFAULT_PAGE_WITHIN,
  PAGE_WITHIN_OFF,
} from '../domain/defaults';
import { isValidTimeZone } from '../domain/formats/isValidTimeZone';
import { checkDuration, type DurationSetting } from '../domain/rules/parseDuration';
import { PAGE_WITHIN_ENV } from '../lambdas/ingest/IngestConfig';
import type { AuditStore } from './AuditStore';
import { addWinlogFunction, RULES_PATH } from './addWinlogFunction';
import type { EncryptedAlertTopic } from './EncryptedAlertTopic';
import type { RawLogStore } from './RawLogStore';
import { requireWholeNumber } from './requireWholeNumber';

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

/** Tuning of the ingest function; every field has a default. */
export interface IngestFunctionSettings {
  /**
   * Memory in MB (also buys CPU).
   * @default 1024
   */
  readonly memorySize?: number;
  /**
   * Function timeout, at most 15 minutes; the queue's visibility timeout is 6 × this.
   * @default Duration.minutes(5)
   */
  readonly timeout?: Duration;
  /**
   * Reserved concurrency, to cap DynamoDB and SNS load.
   * @default - unreserved (account pool)
   */
  readonly reservedConcurrentExecutions?: number;
  /**
   * SQS messages (one S3 object each) per invocation, 1 to 10.
   * @default 10
   */
  readonly batchSize?: number;
  /**
   * Retention of the function's log group.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Overrides every rule's own correlation window, e.g. '2h' (CORRELATION_WINDOW).
   * @default - each rule's own window (KB819865: 60m)
   */
  readonly correlationWindow?: string;
  /**
   * How late an event may arrive and still be correlated (ALLOWED_LATENESS).
   * @default '24h'
   */
  readonly allowedLateness?: string;
  /**
   * Events dated further ahead of the function's clock are rejected as future-time (MAX_CLOCK_SKEW).
   * @default '1h'
   */
  readonly maxClockSkew?: string;
  /**
   * Memory the correlation state of one invocation may take; past it the oldest pending matches are
   * dropped and counted as state overflow (MAX_STATE_BYTES).
   * @default 64 MiB
   */
  readonly maxStateBytes?: number;
  /**
   * Objects larger than this are quarantined unread (MAX_OBJECT_BYTES).
   * @default 8 GiB
   */
  readonly maxObjectBytes?: number;
  /**
   * Records larger than this are rejected (MAX_RECORD_BYTES).
   * @default 1 MiB
   */
  readonly maxRecordBytes?: number;
  /**
   * IANA zone for event times written without an offset, e.g. NXLog's (TIME_ZONE).
   * @default 'UTC'
   */
  readonly timeZone?: string;
  /**
   * An incident whose last evidence is older than this when it is detected is historical: audited and
   * counted, not paged. 'off' pages incidents of any age (PAGE_WITHIN).
   * @default '24h'
   */
  readonly pageWithin?: string;
}

export interface IngestFunctionProps extends IngestFunctionSettings {
  readonly queue: sqs.IQueue;
  readonly rawLogStore: RawLogStore;
  readonly auditStore: AuditStore;
  readonly stateTable: dynamodb.ITable;
  readonly incidentTopic: EncryptedAlertTopic;
}

/**
 * The ingest function: bundled from lambdas/ingest/handler.ts with the rules/ folder beside it, fed by
 * the ingest queue with partial batch failures, and granted exactly what the handler does and nothing
 * else: read (and list) raw objects, put quarantine objects, put audit records, read/write state,
 * publish incidents, and send continuation messages for objects too large for one invocation.
 */
export class IngestFunction extends Construct {
  static readonly DEFAULT_TIMEOUT = Duration.minutes(5);

  readonly function: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  /** The handler's settings, as variables: the alert drain runs with the same. */
  readonly environment: Record<string, string>;

  constructor(scope: Construct, id: string, props: IngestFunctionProps) {
    super(scope, id);
    const timeout = props.timeout ?? IngestFunction.DEFAULT_TIMEOUT;
    requireWholeNumber('ingest function timeout (seconds)', timeout.toSeconds(), 1, 900);
    const memorySize = requireWholeNumber(
      'ingest function memorySize',
      props.memorySize ?? 1024,
      128,
      10_240,
    );
    const batchSize = requireWholeNumber('ingest batchSize', props.batchSize ?? 10, 1, 10);
    if (props.reservedConcurrentExecutions !== undefined) {
      requireWholeNumber('ingest reservedConcurrentExecutions', props.reservedConcurrentExecutions, 1);
    }
    const correlationWindow =
      props.correlationWindow === undefined
        ? undefined
        : requireDuration('correlationWindow', 'window', props.correlationWindow);
    const allowedLateness = requireDuration('allowedLateness', 'lateness', props.allowedLateness ?? '24h');
    const maxClockSkew = requireDuration(
      'maxClockSkew',
      'clockSkew',
      props.maxClockSkew ?? DEFAULT_MAX_CLOCK_SKEW,
    );
    const maxStateBytes = requireWholeNumber(
      'maxStateBytes',
      props.maxStateBytes ?? DEFAULT_MAX_STATE_BYTES,
      MIB,
    );
    const maxObjectBytes = requireWholeNumber('maxObjectBytes', props.maxObjectBytes ?? 8 * GIB, 1);
    const maxRecordBytes = requireWholeNumber(
      'maxRecordBytes',
      props.maxRecordBytes ?? MIB,
      1,
      maxObjectBytes,
    );
    const timeZone = requireTimeZone(props.timeZone ?? 'UTC');
    const pageWithin = props.pageWithin ?? DEFAULT_PAGE_WITHIN;
    if (pageWithin !== PAGE_WITHIN_OFF) requireDuration('pageWithin', 'pageWithin', pageWithin);

    this.environment = {
      RAW_BUCKET_NAME: props.rawLogStore.bucket.bucketName,
      RAW_KEY_PREFIX: props.rawLogStore.rawKeyPrefix,
      QUARANTINE_PREFIX: props.rawLogStore.quarantinePrefix,
      AUDIT_BUCKET_NAME: props.auditStore.bucket.bucketName,
      AUDIT_PREFIX: props.auditStore.auditPrefix,
      STATE_TABLE_NAME: props.stateTable.tableName,
      INCIDENT_TOPIC_ARN: props.incidentTopic.topic.topicArn,
      RULES_PATH,
      INGEST_QUEUE_URL: props.queue.queueUrl,
      ...(correlationWindow === undefined ? {} : { CORRELATION_WINDOW: correlationWindow }),
      ALLOWED_LATENESS: allowedLateness,
      MAX_CLOCK_SKEW: maxClockSkew,
      MAX_STATE_BYTES: String(maxStateBytes),
      MAX_OBJECT_BYTES: String(maxObjectBytes),
      MAX_RECORD_BYTES: String(maxRecordBytes),
      TIME_ZONE: timeZone,
      [PAGE_WITHIN_ENV]: pageWithin,
    };
    ({
      function: this.function,
      role: this.role,
      logGroup: this.logGroup,
    } = addWinlogFunction(this, {
      handler: 'ingest/handler.ts',
      description: 'Reads Windows event logs from S3, correlates them and raises incidents',
      roleDescription: 'winlog-correlator ingest function',
      memorySize,
      timeout,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      environment: this.environment,
      logRetention: props.logRetention,
      withRules: true,
    }));

    this.function.addEventSource(
      new eventSources.SqsEventSource(props.queue, { batchSize, reportBatchItemFailures: true }),
    );
    props.rawLogStore.grantReadRawObjects(this.role);
    props.rawLogStore.grantPutQuarantineObjects(this.role);
    props.auditStore.grantPutAuditRecords(this.role);
    props.stateTable.grantReadWriteData(this.role);
    // Objects too large for one invocation continue in a message the function sends to its own queue.
    props.queue.grantSendMessages(this.role);
    props.incidentTopic.grantPublish(this.role);
  }
}

function requireDuration(name: string, setting: DurationSetting, text: string): string {
  const checked = checkDuration(setting, text);
  if (!checked.ok) throw new Error(`${name}: ${checked.problem}`);
  return text;
}

function requireTimeZone(zone: string): string {
  if (!isValidTimeZone(zone)) {
    throw new Error(`timeZone must be an IANA time zone such as 'UTC' or 'Europe/Berlin', got '${zone}'`);
  }
  return zone;
}
