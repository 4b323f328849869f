import { DescribeTableCommand, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, HeadBucketCommand } from '@aws-sdk/client-s3';
import { CreateTopicCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import {
  type IngestSettings,
  parseIngestSettings,
  toEnvironment,
} from '../../domain/settings/ingestSettings';
import type { LocalAwsClients } from './createLocalAwsClients';
import {
  LOCAL_QUEUE_SETTINGS,
  LOCAL_STACK_NAMES,
  type LocalQueueSettings,
  type LocalStackNames,
} from './localStackNames';
import { createStateTable } from './stand-ins/startLocalDynamo';

/** What exists after provisioning, with the ARNs and URLs the stand-ins gave it. */
export interface LocalStackResources extends LocalStackNames, LocalQueueSettings {
  readonly incidentTopicArn: string;
  readonly ingestQueueUrl: string;
  readonly ingestQueueArn: string;
  readonly deadLetterQueueUrl: string;
}

/**
 * Creates the buckets, table, topic and queues the CDK stack creates (`lib/WinlogCorrelatorStack.ts`),
 * through the same APIs as on AWS, so any S3/DynamoDB/SNS/SQS-compatible server will do. Idempotent:
 * what exists already (a persisted bucket or table) is kept with its content.
 */
export async function provisionLocalStack(
  clients: Pick<LocalAwsClients, 's3' | 'dynamodb' | 'sns' | 'sqs'>,
  options: { names?: Partial<LocalStackNames>; queue?: Partial<LocalQueueSettings> } = {},
): Promise<LocalStackResources> {
  const names: LocalStackNames = { ...LOCAL_STACK_NAMES, ...options.names };
  const queue: LocalQueueSettings = { ...LOCAL_QUEUE_SETTINGS, ...options.queue };
  const { s3, dynamodb, sns, sqs } = clients;

  const ensureBucket = async (bucket: string): Promise<void> => {
    try {
      await s3.send(new HeadBucketCommand({ Bucket: bucket }));
    } catch (error) {
      // Only a missing bucket is created; any other failure says what it is instead of "already exists".
      if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode !== 404) {
        throw new Error(
          `bucket ${bucket} cannot be read: ${(error as Error).name} ${(error as Error).message}`,
        );
      }
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    }
  };
  const ensureTable = async (): Promise<void> => {
    try {
      await dynamodb.send(new DescribeTableCommand({ TableName: names.stateTable }));
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
      await createStateTable(dynamodb, names.stateTable);
    }
  };
  const createQueue = async (name: string, attributes: Record<string, string>) => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
    if (!QueueUrl) throw new Error(`CreateQueue ${name} returned no QueueUrl`);
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
    );
    const arn = Attributes?.QueueArn;
    if (!arn) throw new Error(`GetQueueAttributes ${name} returned no QueueArn`);
    return { url: QueueUrl, arn };
  };

  await Promise.all([ensureBucket(names.rawBucket), ensureBucket(names.auditBucket), ensureTable()]);
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: names.incidentTopic }));
  if (!TopicArn) throw new Error(`CreateTopic ${names.incidentTopic} returned no TopicArn`);
  const deadLetter = await createQueue(names.deadLetterQueue, {});
  const ingest = await createQueue(names.ingestQueue, {
    VisibilityTimeout: String(queue.visibilityTimeoutSeconds),
    RedrivePolicy: JSON.stringify({
      deadLetterTargetArn: deadLetter.arn,
      maxReceiveCount: String(queue.maxReceiveCount),
    }),
  });
  return {
    ...names,
    ...queue,
    incidentTopicArn: TopicArn,
    ingestQueueUrl: ingest.url,
    ingestQueueArn: ingest.arn,
    deadLetterQueueUrl: deadLetter.url,
  };
}

/** Settings of the ingest function that are choices, not resources (`--rules`, `--window`, ...). */
export interface LocalIngestSettings {
  readonly rulesPath?: string;
  /** @default the defaults of the settings model */
  readonly settings?: IngestSettings;
}

/**
 * The ingest function's environment as the stack sets it (`lib/IngestFunction.ts`), for these resources.
 * Read it with `readIngestConfig`, so local runs are validated exactly as the deployed function is.
 */
export function ingestEnvironment(
  resources: LocalStackResources,
  settings: LocalIngestSettings = {},
): Record<string, string> {
  return {
    RAW_BUCKET_NAME: resources.rawBucket,
    RAW_KEY_PREFIX: resources.rawKeyPrefix,
    QUARANTINE_PREFIX: resources.quarantinePrefix,
    AUDIT_BUCKET_NAME: resources.auditBucket,
    AUDIT_PREFIX: resources.auditPrefix,
    STATE_TABLE_NAME: resources.stateTable,
    INCIDENT_TOPIC_ARN: resources.incidentTopicArn,
    INGEST_QUEUE_URL: resources.ingestQueueUrl,
    ...(settings.rulesPath ? { RULES_PATH: settings.rulesPath } : {}),
    ...toEnvironment(settings.settings ?? parseIngestSettings({}, 'environment')),
  };
}
