import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createS3Client } from '../aws/createS3Client';
import { LOCAL_CREDENTIALS } from './stand-ins/startLocalDynamo';

/** The region every local resource lives in. */
export const LOCAL_REGION = 'us-east-1';

export interface LocalEndpoints {
  readonly s3: string;
  readonly dynamodb: string;
  /** fauxqs serves SNS and SQS on one endpoint. */
  readonly messaging: string;
}

/** SDK clients for the stand-ins, the same client classes the Lambda uses, only the endpoints differ. */
export interface LocalAwsClients {
  readonly s3: S3Client;
  readonly dynamodb: DynamoDBClient;
  readonly sns: SNSClient;
  readonly sqs: SQSClient;
  destroy(): void;
}

/**
 * Clients with explicit endpoints, region and dummy credentials, so nothing is read from the AWS config
 * files or the instance metadata service and no real account is ever reached.
 */
export function createLocalAwsClients(endpoints: LocalEndpoints): LocalAwsClients {
  const common = { region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
  const s3 = createS3Client({ ...common, endpoint: endpoints.s3, forcePathStyle: true });
  const dynamodb = new DynamoDBClient({ ...common, endpoint: endpoints.dynamodb });
  const sns = new SNSClient({ ...common, endpoint: endpoints.messaging });
  // Queue URLs from fauxqs name `sqs.<region>.localhost`: send to the endpoint, not to the URL's host.
  const sqs = new SQSClient({ ...common, endpoint: endpoints.messaging, useQueueUrlAsEndpoint: false });
  return {
    s3,
    dynamodb,
    sns,
    sqs,
    destroy() {
      s3.destroy();
      dynamodb.destroy();
      sns.destroy();
      sqs.destroy();
    },
  };
}
