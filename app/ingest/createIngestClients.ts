import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createS3Client } from '../../adapters/aws/createS3Client';
import type { IngestClients } from './assembleIngestFunction';

/** The AWS clients of the ingest and drain functions, created once per execution environment. */
export function createIngestClients(): IngestClients {
  return {
    s3: createS3Client(),
    dynamodb: new DynamoDBClient({}),
    sns: new SNSClient({}),
    sqs: new SQSClient({ useQueueUrlAsEndpoint: false }),
  };
}
