import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import { buildPrefilter } from '../../domain/input/Prefilter';
import { loadRules } from '../../domain/rules/loadRules';
import { createS3Client } from '../adapters/createS3Client';
import { DynamoCorrelationStore } from '../adapters/DynamoCorrelationStore';
import { DynamoNodeActivityStore } from '../adapters/DynamoNodeActivityStore';
import { DynamoNotificationLedger } from '../adapters/DynamoNotificationLedger';
import { S3AuditTrail } from '../adapters/S3AuditTrail';
import { S3ObjectSource } from '../adapters/S3ObjectSource';
import { S3QuarantineStore } from '../adapters/S3QuarantineStore';
import { SnsIncidentPublisher } from '../adapters/SnsIncidentPublisher';
import { SqsContinuationQueue } from '../adapters/SqsContinuationQueue';
import { createIngestHandler } from './createIngestHandler';
import { readIngestConfig } from './IngestConfig';

// Cold start: configuration, rules and clients once per execution environment. A missing or invalid
// setting throws here, so the function fails loudly instead of running half-configured.
const config = readIngestConfig(process.env);
const rules = loadRules(config.rulesPath, config.correlationWindowMs);
const logger = new Logger({ serviceName: 'winlog-correlator' });
const metrics = new Metrics({ serviceName: 'winlog-correlator' });
const s3 = createS3Client();
const dynamodb = new DynamoDBClient({});

export const lambdaHandler = createIngestHandler({
  config,
  logger,
  metrics,
  continuations: new SqsContinuationQueue(
    config.ingestQueueUrl,
    new SQSClient({ useQueueUrlAsEndpoint: false }),
  ),
  ingest: {
    source: new S3ObjectSource(s3),
    store: new DynamoCorrelationStore(config.stateTableName, dynamodb, logger),
    ledger: new DynamoNotificationLedger(config.stateTableName, dynamodb),
    publisher: new SnsIncidentPublisher(config.incidentTopicArn, new SNSClient({})),
    quarantine: new S3QuarantineStore(config.rawBucketName, config.quarantinePrefix, s3),
    auditTrail: new S3AuditTrail(config.auditBucketName, config.auditPrefix, s3),
    nodeActivity: new DynamoNodeActivityStore(config.stateTableName, dynamodb),
    rules,
    prefilter: buildPrefilter(rules),
    read: {
      format: 'auto',
      timeZone: config.timeZone,
      maxObjectBytes: config.maxObjectBytes,
      maxRecordBytes: config.maxRecordBytes,
    },
    correlation: { allowedLatenessMs: config.allowedLatenessMs },
    log: logger,
  },
});

export const handler = middy(lambdaHandler)
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }));
