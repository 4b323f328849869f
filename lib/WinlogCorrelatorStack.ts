import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { INCIDENT_TOPIC_DISPLAY_NAME } from '../domain/incident/incidentTopicDisplayName';
import type { Severity } from '../domain/rules/CompiledRule';
import { pickIngestSettings } from '../domain/settings/ingestSettings';
import { AccessLogsBucket } from './AccessLogsBucket';
import { AlertDrain } from './AlertDrain';
import { AuditQuery } from './AuditQuery';
import { AuditStore } from './AuditStore';
import { CloudWatchLogsDelivery } from './CloudWatchLogsDelivery';
import { CorrelationStateTable } from './CorrelationStateTable';
import { EncryptedAlertTopic } from './EncryptedAlertTopic';
import { FleetMonitoring } from './FleetMonitoring';
import { IngestFunction, type IngestFunctionSettings } from './IngestFunction';
import { IngestQueue } from './IngestQueue';
import { RawLogStore } from './RawLogStore';
import { readListContext } from './readListContext';
import { ShipperAccess } from './ShipperAccess';
import { SilenceCheck } from './SilenceCheck';
import { StackConfigError } from './StackConfigError';

/** The ingest function's settings are documented on `IngestFunctionSettings`. */
export interface WinlogCorrelatorStackProps extends StackProps, Omit<IngestFunctionSettings, 'timeout'> {
  /**
   * Ingest from this existing bucket instead of creating one (its lifecycle stays its owner's).
   * @default - a new raw-log bucket
   */
  readonly existingRawBucketName?: string;
  /**
   * KMS key ARN of the existing raw bucket when it uses SSE-KMS.
   * @default - the existing bucket uses SSE-S3
   */
  readonly existingRawBucketKeyArn?: string;
  /**
   * Prefix of the objects to ingest; non-empty, ends in '/', disjoint from `quarantinePrefix`.
   * @default 'raw/'
   */
  readonly rawKeyPrefix?: string;
  /**
   * Prefix in the raw bucket for objects the function cannot process.
   * @default 'quarantine/'
   */
  readonly quarantinePrefix?: string;
  /**
   * Days until raw objects move to Standard-IA (at least 30).
   * @default 30
   */
  readonly rawTransitionDays?: number;
  /**
   * Days until raw objects expire; greater than `rawTransitionDays`.
   * @default 365
   */
  readonly rawExpirationDays?: number;
  /**
   * Days to keep S3 server access logs.
   * @default 365
   */
  readonly accessLogsExpirationDays?: number;
  /**
   * Prefix of the audit records in the audit bucket.
   * @default 'audit/'
   */
  readonly auditPrefix?: string;
  /**
   * Days until audit records move to Glacier Instant Retrieval.
   * @default 90
   */
  readonly auditTransitionDays?: number;
  /**
   * Object Lock (GOVERNANCE) default retention of audit records, in days.
   * @default - Object Lock off
   */
  readonly auditObjectLockRetentionDays?: number;
  /**
   * Glue database of the audit table.
   * @default - `<stack name in snake case>_audit`
   */
  readonly auditDatabaseName?: string;
  /**
   * Athena workgroup name.
   * @default - `<stack name>-audit`
   */
  readonly auditWorkGroupName?: string;
  /**
   * Athena per-query scan limit in bytes.
   * @default 1_000_000_000
   */
  readonly bytesScannedCutoffPerQuery?: number;
  /**
   * E-mail addresses for incidents.
   * @default - CDK context `alertEmails` (string array or comma-separated), else none
   */
  readonly alertEmails?: readonly string[];
  /**
   * E.164 phone numbers for incident SMS.
   * @default - CDK context `alertPhoneNumbers` (string array or comma-separated), else none
   */
  readonly alertPhoneNumbers?: readonly string[];
  /**
   * E-mail addresses for operational alarms.
   * @default - CDK context `opsEmails` (string array or comma-separated), else none
   */
  readonly opsEmails?: readonly string[];
  /**
   * SMS subscribers get alerts of this severity and worse only (critical > high > medium > low).
   * @default 'high'
   */
  readonly smsMinSeverity?: Severity;
  /**
   * SMS subscribers also get the "resolved" messages.
   * @default false
   */
  readonly smsResolutions?: boolean;
  /**
   * Ingest function timeout (at most 15 minutes); queue visibility timeout is 6 × this.
   * @default Duration.minutes(5)
   */
  readonly functionTimeout?: Duration;
  /**
   * Receives before a message goes to the dead-letter queue.
   * @default 5
   */
  readonly maxReceiveCount?: number;
  /**
   * Minutes without any event read before the silence alarm fires.
   * @default 60
   */
  readonly silenceAlarmMinutes?: number;
  /**
   * Minutes the oldest message may wait in the ingest queue before the queue-age alarm fires.
   * @default 30
   */
  readonly queueAgeAlarmMinutes?: number;
  /**
   * A node with no event seen for longer than this is announced silent on the operations topic.
   * @default '24h'
   */
  readonly silentAfter?: string;
  /**
   * Account ids or IAM role ARNs allowed to assume the shipper role, which may only put objects under
   * the raw prefix. The shipper managed policy (output `ShipperPolicyArn`) is created either way.
   * @default - CDK context `shipperPrincipals`, else no role
   */
  readonly shipperPrincipals?: readonly string[];
  /**
   * CloudWatch Logs log groups (this account and region) to subscribe into a Firehose stream that
   * writes under `<rawKeyPrefix>cloudwatch-logs/`.
   * @default - CDK context `cloudWatchLogGroups`, else none (no stream)
   */
  readonly cloudWatchLogGroups?: readonly string[];
}

/**
 * winlog-correlator on AWS: S3 → SQS → ingest Lambda → DynamoDB state, SNS incidents, S3 audit trail
 * queried through Athena, and CloudWatch fleet monitoring to an operations topic.
 */
export class WinlogCorrelatorStack extends Stack {
  readonly rawLogStore: RawLogStore;
  readonly auditStore: AuditStore;
  readonly ingestQueue: IngestQueue;
  readonly ingestFunction: IngestFunction;
  readonly incidentTopic: EncryptedAlertTopic;
  readonly opsTopic: EncryptedAlertTopic;

  constructor(scope: Construct, id: string, props: WinlogCorrelatorStackProps = {}) {
    super(scope, id, props);

    const accessLogs = new AccessLogsBucket(this, 'AccessLogs', {
      expirationDays: props.accessLogsExpirationDays,
    });
    this.rawLogStore = new RawLogStore(this, 'RawLogs', {
      accessLogsBucket: accessLogs.bucket,
      existingBucketName: props.existingRawBucketName,
      existingBucketKeyArn: props.existingRawBucketKeyArn,
      rawKeyPrefix: props.rawKeyPrefix,
      quarantinePrefix: props.quarantinePrefix,
      transitionDays: props.rawTransitionDays,
      expirationDays: props.rawExpirationDays,
    });
    this.auditStore = new AuditStore(this, 'Audit', {
      accessLogsBucket: accessLogs.bucket,
      auditPrefix: props.auditPrefix,
      transitionDays: props.auditTransitionDays,
      objectLockRetentionDays: props.auditObjectLockRetentionDays,
    });
    new AuditQuery(this, 'AuditQuery', {
      auditBucket: this.auditStore.bucket,
      auditPrefix: this.auditStore.auditPrefix,
      resultsKey: this.auditStore.key,
      accessLogsBucket: accessLogs.bucket,
      databaseName: props.auditDatabaseName,
      workGroupName: props.auditWorkGroupName,
      bytesScannedCutoffPerQuery: props.bytesScannedCutoffPerQuery,
    });
    const stateTable = new CorrelationStateTable(this, 'State');

    this.incidentTopic = new EncryptedAlertTopic(this, 'Incidents', {
      displayName: INCIDENT_TOPIC_DISPLAY_NAME,
      emails: props.alertEmails ?? readListContext(this.node, 'alertEmails') ?? [],
      phoneNumbers: props.alertPhoneNumbers ?? readListContext(this.node, 'alertPhoneNumbers') ?? [],
      smsFilterPolicy: smsFilterPolicy(props.smsMinSeverity ?? 'high', props.smsResolutions ?? false),
    });
    this.opsTopic = new EncryptedAlertTopic(this, 'Operations', {
      displayName: 'winlog-correlator operations',
      emails: props.opsEmails ?? readListContext(this.node, 'opsEmails') ?? [],
      allowCloudWatchAlarms: true,
    });

    const functionTimeout = props.functionTimeout ?? IngestFunction.DEFAULT_TIMEOUT;
    this.ingestQueue = new IngestQueue(this, 'Ingest', {
      visibilityTimeout: Duration.seconds(functionTimeout.toSeconds() * 6),
      maxReceiveCount: props.maxReceiveCount,
    });
    this.rawLogStore.notifyObjectCreated(this.ingestQueue.queue);

    const shippers = new ShipperAccess(this, 'Shippers', {
      rawLogStore: this.rawLogStore,
      shipperPrincipals: props.shipperPrincipals ?? readListContext(this.node, 'shipperPrincipals'),
    });
    const logGroupNames =
      props.cloudWatchLogGroups ?? readListContext(this.node, 'cloudWatchLogGroups') ?? [];
    if (logGroupNames.length > 0) {
      new CloudWatchLogsDelivery(this, 'CloudWatchLogs', { rawLogStore: this.rawLogStore, logGroupNames });
    }

    this.ingestFunction = new IngestFunction(this, 'IngestFunction', {
      memorySize: props.memorySize,
      timeout: functionTimeout,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      batchSize: props.batchSize,
      logRetention: props.logRetention,
      ...pickIngestSettings(props),
      queue: this.ingestQueue.queue,
      rawLogStore: this.rawLogStore,
      auditStore: this.auditStore,
      stateTable: stateTable.table,
      incidentTopic: this.incidentTopic,
    });

    const alertDrain = new AlertDrain(this, 'AlertDrain', {
      ingestFunction: this.ingestFunction,
      stateTable: stateTable.table,
      auditStore: this.auditStore,
      incidentTopic: this.incidentTopic,
    });

    const silenceCheck = new SilenceCheck(this, 'SilenceCheck', {
      stateTable: stateTable.table,
      opsTopic: this.opsTopic,
      silentAfter: props.silentAfter,
    });

    new FleetMonitoring(this, 'Monitoring', {
      ingestFunction: this.ingestFunction.function,
      incidentTopic: this.incidentTopic.topic,
      silenceCheckFunction: silenceCheck.function,
      alertDrainFunction: alertDrain.function,
      queueAgeAlarmMinutes: props.queueAgeAlarmMinutes,
      queue: this.ingestQueue.queue,
      deadLetterQueue: this.ingestQueue.deadLetterQueue,
      opsTopic: this.opsTopic.topic,
      silenceAlarmMinutes: props.silenceAlarmMinutes,
    });

    new CfnOutput(this, 'RawBucketName', { value: this.rawLogStore.bucket.bucketName });
    new CfnOutput(this, 'RawKeyPrefix', { value: this.rawLogStore.rawKeyPrefix });
    new CfnOutput(this, 'AuditBucketName', { value: this.auditStore.bucket.bucketName });
    new CfnOutput(this, 'IncidentTopicArn', { value: this.incidentTopic.topic.topicArn });
    new CfnOutput(this, 'OperationsTopicArn', { value: this.opsTopic.topic.topicArn });
    new CfnOutput(this, 'DeadLetterQueueArn', { value: this.ingestQueue.deadLetterQueue.queueArn });
    new CfnOutput(this, 'IngestQueueUrl', {
      value: this.ingestQueue.queue.queueUrl,
      description: "Where 'winlog-correlator replay --queue' sends objects already in the raw bucket",
    });
    new CfnOutput(this, 'ShipperPolicyArn', {
      value: shippers.policy.managedPolicyArn,
      description: 'Attach to the instance profile of each Windows node (or Logstash host) that ships logs',
    });
    if (shippers.role) {
      new CfnOutput(this, 'ShipperRoleArn', {
        value: shippers.role.roleArn,
        description: 'Role the shippers (shipperPrincipals) assume to write raw logs',
      });
    }
  }
}

const SEVERITIES_WORST_FIRST: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

/**
 * On the message attributes `SnsIncidentPublisher` sets: `severity` and `kind` (alert | resolution).
 */
function smsFilterPolicy(
  minSeverity: Severity,
  resolutions: boolean,
): { [attribute: string]: sns.SubscriptionFilter } {
  const rank = SEVERITIES_WORST_FIRST.indexOf(minSeverity);
  if (rank < 0) {
    throw new StackConfigError(
      `smsMinSeverity must be one of ${SEVERITIES_WORST_FIRST.join(', ')}, got '${String(minSeverity)}'`,
    );
  }
  return {
    severity: sns.SubscriptionFilter.stringFilter({ allowlist: SEVERITIES_WORST_FIRST.slice(0, rank + 1) }),
    kind: sns.SubscriptionFilter.stringFilter({
      allowlist: resolutions ? ['alert', 'resolution'] : ['alert'],
    }),
  };
}
