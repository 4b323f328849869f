import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createS3Client } from '../adapters/createS3Client';
import { assembleIngestFunction } from './assembleIngestFunction';
import { readIngestConfig } from './IngestConfig';

// Cold start: configuration, rules and clients once per execution environment. A missing or invalid
// setting throws here, so the function fails loudly instead of running half-configured.
export const handler = assembleIngestFunction(
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
