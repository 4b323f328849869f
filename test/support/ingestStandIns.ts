import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { SnsSpyMessage } from 'fauxqs';
import { DynamoCorrelationStore } from '../../adapters/aws/DynamoCorrelationStore';
import { DynamoMuteStore } from '../../adapters/aws/DynamoMuteStore';
import { DynamoNodeActivityStore } from '../../adapters/aws/DynamoNodeActivityStore';
import { DynamoNotificationLedger } from '../../adapters/aws/DynamoNotificationLedger';
import { S3AuditTrail } from '../../adapters/aws/S3AuditTrail';
import { S3ObjectSource } from '../../adapters/aws/S3ObjectSource';
import { S3QuarantineStore } from '../../adapters/aws/S3QuarantineStore';
import { SnsIncidentPublisher } from '../../adapters/aws/SnsIncidentPublisher';
import { SqsContinuationQueue } from '../../adapters/aws/SqsContinuationQueue';
import { createLocalAwsClients, LOCAL_REGION } from '../../adapters/local/createLocalAwsClients';
import { LOCAL_STACK_NAMES } from '../../adapters/local/localStackNames';
import { ingestEnvironment, provisionLocalStack } from '../../adapters/local/provisionLocalStack';
import { LOCAL_CREDENTIALS, startLocalDynamo } from '../../adapters/local/stand-ins/startLocalDynamo';
import { startLocalMessaging } from '../../adapters/local/stand-ins/startLocalMessaging';
import { startLocalS3 } from '../../adapters/local/stand-ins/startLocalS3';
import { createRawInflater } from '../../adapters/node/createRawInflater';
import { BUNDLED_RULES_PATH, loadRules } from '../../adapters/node/loadRules';
import type { IngestClients } from '../../app/ingest/assembleIngestFunction';
import {
  createIngestHandler,
  type IngestHandler,
  type IngestHandlerDependencies,
} from '../../app/ingest/createIngestHandler';
import type { IngestConfig } from '../../app/ingest/IngestConfig';
import type { AuditRecord } from '../../domain/audit/toAuditRecords';
import { DEFAULT_MAX_STATE_BYTES } from '../../domain/defaults';
import type { IngestLimits, IngestReadOptions } from '../../domain/ingest/ingestObject';
import { buildPrefilter } from '../../domain/input/Prefilter';
import type { CorrelationStore } from '../../domain/ports/CorrelationStore';
import type { IncidentPublisher } from '../../domain/ports/IncidentPublisher';
import type { ObjectSource } from '../../domain/ports/ObjectSource';
import { lambdaContext, sqsEvent } from './lambdaEvents';

export const RAW_BUCKET = LOCAL_STACK_NAMES.rawBucket;
export const AUDIT_BUCKET = LOCAL_STACK_NAMES.auditBucket;
const TABLE = LOCAL_STACK_NAMES.stateTable;
/** Subscribed to the topic without raw delivery, so tests see the SNS envelope (Subject, attributes). */
const ALERTS_TAP = 'alerts-tap';

export interface HandlerOverrides {
  readonly wrapPublisher?: (real: IncidentPublisher) => IncidentPublisher;
  readonly wrapStore?: (real: CorrelationStore) => CorrelationStore;
  readonly wrapSource?: (real: ObjectSource) => ObjectSource;
  readonly metrics?: Metrics;
  readonly safetyMarginMs?: number;
  readonly limits?: Partial<IngestLimits>;
  /** @default pages incidents of any age */
  readonly pageWithinMs?: number;
  readonly clock?: () => Date;
  readonly read?: Partial<IngestReadOptions>;
}

export interface SnsEnvelope {
  readonly Subject: string;
  readonly Message: string;
  readonly MessageAttributes: Record<string, { Type: string; Value: string }>;
}

/** The three stand-ins, provisioned as the CDK stack provisions AWS, plus ways for tests to look inside. */
export interface IngestStandIns {
  /** Clients of all three stand-ins, as the functions' assemblies take them. */
  readonly clients: IngestClients;
  readonly s3: S3Client;
  readonly dynamo: DynamoDBClient;
  readonly config: IngestConfig;
  /** Environment for the real `handler` module (cold-start configuration and SDK endpoint overrides). */
  readonly env: Record<string, string>;
  handler(overrides?: HandlerOverrides): IngestHandler;
  putObject(key: string, body: string | Buffer): Promise<void>;
  /** Every SNS Publish to the incident topic so far. */
  publishes(): SnsSpyMessage[];
  /** Alerts as an SQS subscriber of the topic received them. */
  alertEnvelopes(): SnsEnvelope[];
  keys(bucket: string, prefix: string): Promise<string[]>;
  text(bucket: string, key: string): Promise<string>;
  auditRecords(): Promise<AuditRecord[]>;
  /** Continuation messages the handler sent to its own queue (received and deleted). */
  takeContinuations(): Promise<string[]>;
  /**
   * Hands `message` to the handler, then each continuation it sent itself, until none is left (50 rounds
   * at most), each invocation with `remainingMs` left. What is still pending after the last round is returned.
   */
  runThroughContinuations(
    handler: IngestHandler,
    message: string,
    remainingMs: number,
  ): Promise<{ invocations: number; failedItems: number; pending: string[] }>;
  stop(): Promise<void>;
}

export async function startIngestStandIns(): Promise<IngestStandIns> {
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  const [localS3, localDynamo, messaging] = await Promise.all([
    startLocalS3(),
    startLocalDynamo(),
    startLocalMessaging(),
  ]);
  const clients = createLocalAwsClients({
    s3: localS3.endpoint,
    dynamodb: localDynamo.endpoint,
    messaging: messaging.endpoint,
  });
  const { s3, dynamodb: dynamo, sns, sqs } = clients;
  // The same provisioning as `npm start`: what the CDK stack creates, created through the AWS APIs.
  const resources = await provisionLocalStack(clients);
  const topicArn = resources.incidentTopicArn;
  const queueUrl = resources.ingestQueueUrl;
  messaging.server.createQueue(ALERTS_TAP);
  messaging.server.subscribe({ topic: resources.incidentTopic, queue: ALERTS_TAP });

  const config: IngestConfig = {
    rawBucketName: RAW_BUCKET,
    rawKeyPrefix: resources.rawKeyPrefix,
    quarantinePrefix: resources.quarantinePrefix,
    auditBucketName: AUDIT_BUCKET,
    auditPrefix: resources.auditPrefix,
    stateTableName: TABLE,
    incidentTopicArn: topicArn,
    ingestQueueUrl: queueUrl,
    rulesPath: BUNDLED_RULES_PATH,
    maxClockSkewMs: 3_600_000,
    publishLeaseMs: 60_000,
    maxStateBytes: DEFAULT_MAX_STATE_BYTES,
    allowedLatenessMs: 86_400_000,
    maxObjectBytes: 1024 ** 3,
    maxRecordBytes: 1024 ** 2,
    timeZone: 'UTC',
    // The fixtures are dated 2024: pages whatever their age unless a test sets `pageWithinMs`.
    pageWithinMs: undefined,
  };
  const rules = loadRules(config.rulesPath);
  const logger = new Logger({ serviceName: 'winlog-correlator-test', logLevel: 'SILENT' });
  const metrics = new Metrics({ namespace: 'WinlogCorrelatorTest', serviceName: 'winlog-correlator-test' });

  const dependencies = (overrides: HandlerOverrides = {}): IngestHandlerDependencies => {
    const publisher = new SnsIncidentPublisher(topicArn, sns);
    const store = new DynamoCorrelationStore(TABLE, dynamo, logger);
    return {
      config,
      logger,
      metrics: overrides.metrics ?? metrics,
      safetyMarginMs: overrides.safetyMarginMs,
      continuations: new SqsContinuationQueue(queueUrl, sqs),
      ingest: {
        source: overrides.wrapSource ? overrides.wrapSource(new S3ObjectSource(s3)) : new S3ObjectSource(s3),
        store: overrides.wrapStore ? overrides.wrapStore(store) : store,
        ledger: new DynamoNotificationLedger(TABLE, dynamo),
        publisher: overrides.wrapPublisher ? overrides.wrapPublisher(publisher) : publisher,
        quarantine: new S3QuarantineStore(RAW_BUCKET, config.quarantinePrefix, s3),
        auditTrail: new S3AuditTrail(AUDIT_BUCKET, config.auditPrefix, s3),
        nodeActivity: new DynamoNodeActivityStore(TABLE, dynamo),
        rules,
        prefilter: buildPrefilter(rules),
        read: {
          format: 'auto',
          timeZone: 'UTC',
          maxObjectBytes: config.maxObjectBytes,
          maxRecordBytes: config.maxRecordBytes,
          createInflater: createRawInflater,
          ...overrides.read,
        },
        correlation: { allowedLatenessMs: config.allowedLatenessMs },
        paging: { pageWithinMs: overrides.pageWithinMs ?? config.pageWithinMs },
        mutes: new DynamoMuteStore(TABLE, dynamo),
        clock: overrides.clock,
        limits: overrides.limits,
        log: logger,
      },
    };
  };

  const keys = async (bucket: string, prefix: string): Promise<string[]> => {
    const found: string[] = [];
    let token: string | undefined;
    do {
      const page = await s3.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
      );
      found.push(...(page.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : [])));
      token = page.NextContinuationToken;
    } while (token);
    return found;
  };
  const text = async (bucket: string, key: string): Promise<string> => {
    const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return (await response.Body?.transformToString('utf8')) ?? '';
  };

  async function takeContinuations(): Promise<string[]> {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    for (const message of Messages) {
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
    }
    return Messages.flatMap((m) => (m.Body ? [m.Body] : []));
  }

  return {
    clients,
    s3,
    dynamo,
    config,
    env: {
      ...ingestEnvironment(resources),
      AWS_ENDPOINT_URL_S3: localS3.endpoint,
      AWS_ENDPOINT_URL_DYNAMODB: localDynamo.endpoint,
      AWS_ENDPOINT_URL_SNS: messaging.endpoint,
      AWS_ENDPOINT_URL_SQS: messaging.endpoint,
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      POWERTOOLS_METRICS_NAMESPACE: 'WinlogCorrelatorTest',
    },
    handler: (overrides) => createIngestHandler(dependencies(overrides)),
    async putObject(key, body) {
      await s3.send(new PutObjectCommand({ Bucket: RAW_BUCKET, Key: key, Body: Buffer.from(body) }));
    },
    publishes: () =>
      messaging.server.spy
        .getAllMessages()
        .filter(
          (m): m is SnsSpyMessage =>
            m.service === 'sns' && m.status === 'published' && m.topicArn === topicArn,
        ),
    alertEnvelopes: () =>
      (messaging.server.inspectQueue(ALERTS_TAP)?.messages.ready ?? []).map(
        (m) => JSON.parse(m.body) as SnsEnvelope,
      ),
    keys,
    text,
    async auditRecords() {
      const auditKeys = await keys(AUDIT_BUCKET, config.auditPrefix);
      const bodies = await Promise.all(auditKeys.map((key) => text(AUDIT_BUCKET, key)));
      return bodies.flatMap((body) =>
        body
          .split('\n')
          .filter((line) => line !== '')
          .map((line) => JSON.parse(line) as AuditRecord),
      );
    },
    takeContinuations,
    async runThroughContinuations(handler, message, remainingMs) {
      let pending = [message];
      let invocations = 0;
      let failedItems = 0;
      while (pending.length > 0 && invocations < 50) {
        invocations++;
        const response = await handler(sqsEvent(pending), lambdaContext(remainingMs));
        failedItems += response?.batchItemFailures.length ?? 0;
        pending = await takeContinuations();
      }
      return { invocations, failedItems, pending };
    },
    async stop() {
      clients.destroy();
      await Promise.all([localS3.stop(), localDynamo.stop(), messaging.stop()]);
    },
  };
}
