import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import middy from '@middy/core';
import { DynamoNodeActivityStore } from '../../adapters/aws/DynamoNodeActivityStore';
import { DynamoSilenceAnnouncements } from '../../adapters/aws/DynamoSilenceAnnouncements';
import { SnsOperationsNotifier } from '../../adapters/aws/SnsOperationsNotifier';
import { createSilenceHandler } from '../../app/silence/createSilenceHandler';
import { readSilenceConfig } from '../../app/silence/SilenceConfig';

// Cold start: configuration and clients once per execution environment; a bad setting fails loudly.
const config = readSilenceConfig(process.env);
const dynamodb = new DynamoDBClient({});
const logger = new Logger({ serviceName: 'winlog-correlator' });
const metrics = new Metrics({ serviceName: 'winlog-correlator' });

const activity = new DynamoNodeActivityStore(config.stateTableName, dynamodb);

export const handler = middy(
  createSilenceHandler({
    activity,
    pruning: activity,
    announcements: new DynamoSilenceAnnouncements(config.stateTableName, dynamodb),
    notifier: new SnsOperationsNotifier(config.opsTopicArn, new SNSClient({})),
    silentAfterMs: config.silentAfterMs,
    logger,
    metrics,
  }),
)
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics));
