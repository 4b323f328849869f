import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createS3Client } from '../adapters/createS3Client';
import { readIngestConfig } from '../ingest/IngestConfig';
import { assembleDrainFunction } from './assembleDrainFunction';

// The same environment as the ingest function, read and validated the same way at cold start.
export const handler = assembleDrainFunction(
  readIngestConfig(process.env),
  {
    s3: createS3Client(),
    dynamodb: new DynamoDBClient({}),
    sns: new SNSClient({}),
    sqs: new SQSClient({ useQueueUrlAsEndpoint: false }),
  },
  new Logger({ serviceName: 'winlog-correlator' }),
  new Metrics({ serviceName: 'winlog-correlator' }),
);
