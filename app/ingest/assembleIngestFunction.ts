import { availableParallelism } from 'node:os';
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { DynamoCorrelationStore } from '../../adapters/aws/DynamoCorrelationStore';
import { DynamoMuteStore } from '../../adapters/aws/DynamoMuteStore';
import { DynamoNodeActivityStore } from '../../adapters/aws/DynamoNodeActivityStore';
import { DynamoNotificationLedger } from '../../adapters/aws/DynamoNotificationLedger';
import { S3AuditTrail } from '../../adapters/aws/S3AuditTrail';
import { S3ObjectSource } from '../../adapters/aws/S3ObjectSource';
import { S3QuarantineStore } from '../../adapters/aws/S3QuarantineStore';
import { SnsIncidentPublisher } from '../../adapters/aws/SnsIncidentPublisher';
import { SqsContinuationQueue } from '../../adapters/aws/SqsContinuationQueue';
import { createRawInflater } from '../../adapters/node/createRawInflater';
import { loadRules } from '../../adapters/node/loadRules';
import { WORKER_INFLATE_MIN_BYTES } from '../../domain/defaults';
import type { IngestDependencies } from '../../domain/ingest/ingestObject';
import { buildPrefilter } from '../../domain/input/Prefilter';
import type { NotificationLedger } from '../../domain/ports/NotificationLedger';
import { overrideWindow } from '../../domain/rules/overrideWindow';
import { createIngestHandler } from './createIngestHandler';
import type { IngestConfig } from './IngestConfig';

export interface IngestClients {
  readonly s3: S3Client;
  readonly dynamodb: DynamoDBClient;
  readonly sns: SNSClient;
  readonly sqs: SQSClient;
}

export type IngestFunction = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/**
 * The ingest function as deployed: rules loaded once, the S3/DynamoDB/SNS/SQS adapters, the plain
 * handler, and the middy middleware (Lambda context in the logs, EMF metrics flushed per invocation).
 * The Lambda entry point and the local pipeline both build it here, so they cannot drift apart.
 */
export function assembleIngestFunction(
  config: IngestConfig,
  clients: IngestClients,
  logger: Logger,
  metrics: Metrics,
  options: IngestAssemblyOptions = {},
): IngestFunction {
  const lambdaHandler = createIngestHandler({
    config,
    logger,
    metrics,
    continuations: new SqsContinuationQueue(config.ingestQueueUrl, clients.sqs),
    ingest: ingestDependencies(config, clients, logger, options),
  });
  return middy(lambdaHandler)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }));
}

export interface IngestAssemblyOptions {
  /**
   * Wraps the notification ledger; `local` uses it to consult its outbox of sent alerts, so a damaged
   * data folder cannot send them again.
   */
  readonly wrapLedger?: (ledger: NotificationLedger) => NotificationLedger;
}

/** The ingest use case's ports and settings over AWS clients: one place for the ingest and drain functions. */
export function ingestDependencies(
  config: IngestConfig,
  clients: IngestClients,
  logger: Logger,
  options: IngestAssemblyOptions = {},
): IngestDependencies {
  const rules = overrideWindow(loadRules(config.rulesPath), config.correlationWindowMs);
  const ledger = new DynamoNotificationLedger(config.stateTableName, clients.dynamodb);
  return {
    source: new S3ObjectSource(clients.s3),
    store: new DynamoCorrelationStore(config.stateTableName, clients.dynamodb, logger),
    ledger: options.wrapLedger ? options.wrapLedger(ledger) : ledger,
    publisher: new SnsIncidentPublisher(config.incidentTopicArn, clients.sns),
    quarantine: new S3QuarantineStore(config.rawBucketName, config.quarantinePrefix, clients.s3),
    auditTrail: new S3AuditTrail(config.auditBucketName, config.auditPrefix, clients.s3),
    nodeActivity: new DynamoNodeActivityStore(config.stateTableName, clients.dynamodb),
    rules,
    prefilter: buildPrefilter(rules),
    read: {
      format: 'auto',
      timeZone: config.timeZone,
      maxObjectBytes: config.maxObjectBytes,
      maxRecordBytes: config.maxRecordBytes,
      createInflater: createRawInflater,
      // With one core, a worker thread would only compete with the reader.
      workerInflateMinBytes: availableParallelism() > 1 ? WORKER_INFLATE_MIN_BYTES : undefined,
    },
    correlation: { allowedLatenessMs: config.allowedLatenessMs },
    paging: { pageWithinMs: config.pageWithinMs },
    mutes: new DynamoMuteStore(config.stateTableName, clients.dynamodb),
    limits: {
      maxClockSkewMs: config.maxClockSkewMs,
      maxStateBytes: config.maxStateBytes,
      publishLeaseMs: config.publishLeaseMs,
    },
    log: logger,
  };
}
