import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as eventSources from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  type IngestSettingsInput,
  parseIngestSettings,
  toEnvironment,
} from '../domain/settings/ingestSettings';
import type { AuditStore } from './AuditStore';
import { addWinlogFunction, RULES_PATH } from './addWinlogFunction';
import type { EncryptedAlertTopic } from './EncryptedAlertTopic';
import type { RawLogStore } from './RawLogStore';
import { requireWholeNumber } from './requireWholeNumber';

/**
 * Tuning of the ingest function; every field has a default. The correlation, time, size and paging
 * settings (correlationWindow, allowedLateness, maxClockSkew, publishLease, pageWithin, maxStateBytes,
 * maxObjectBytes, maxRecordBytes, timeZone) are checked and defaulted by the one settings model the
 * handlers read back (`domain/settings/ingestSettings.ts`; the README's settings table).
 */
export interface IngestFunctionSettings extends IngestSettingsInput {
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
    const settings = parseIngestSettings(props, 'context');

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
      ...toEnvironment(settings),
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
