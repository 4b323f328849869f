import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createS3Client } from '../../adapters/aws/createS3Client';
import { createLocalAwsClients, LOCAL_REGION } from '../../adapters/local/createLocalAwsClients';
import { localDataLayout } from '../../adapters/local/localDataLayout';
import { dataDirHolder, findRunningServers } from '../../adapters/local/runningServers';
import { LocalPipelineError, startLocalPipeline } from '../../app/local/startLocalPipeline';
import { DataUnavailableError } from '../shared/DataUnavailableError';
import { UsageError } from '../UsageError';

/** Where the objects are listed and the notifications sent, as the command line said. */
export type ReplayTargetOptions =
  | {
      readonly kind: 'local';
      readonly dataDir: string;
      /** The local pipeline's raw bucket when absent. */
      readonly bucket?: string;
    }
  | {
      readonly kind: 'remote';
      readonly bucket: string;
      readonly queueUrl: string;
      /** The ingest function's raw prefix (stack output RawKeyPrefix). */
      readonly rawKeyPrefix: string;
      readonly s3Endpoint?: string;
      readonly sqsEndpoint?: string;
      readonly region?: string;
    };

export interface ReplayTarget {
  readonly s3: S3Client;
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  /** The region written into the notifications. */
  readonly region: string;
  readonly bucket: string;
  /** Only keys under it are read by the ingest function. */
  readonly rawKeyPrefix: string;
  /** Where the messages go, for the summary. */
  readonly description: string;
  /**
   * Resolves once the messages sent so far are safe. On AWS and with a running local pipeline the queue
   * keeps them; a pipeline started for this replay keeps its queue in this process's memory, so its
   * messages are safe only once processed.
   */
  settled(): Promise<void>;
  /** What happened to the messages, when this process processed them. */
  report(): Promise<readonly string[]>;
  close(): Promise<void>;
}

export async function openReplayTarget(
  options: ReplayTargetOptions,
  showAlert: (text: string) => void,
): Promise<ReplayTarget> {
  return options.kind === 'remote' ? openRemote(options) : openLocal(options, showAlert);
}

async function openRemote(options: Extract<ReplayTargetOptions, { kind: 'remote' }>): Promise<ReplayTarget> {
  const region = options.region === undefined ? {} : { region: options.region };
  const s3 = createS3Client({
    ...region,
    ...(options.s3Endpoint === undefined ? {} : { endpoint: options.s3Endpoint, forcePathStyle: true }),
  });
  const sqs = new SQSClient({
    ...region,
    // Queue URLs of SQS stand-ins need not resolve: send to the endpoint, not to the URL's host.
    ...(options.sqsEndpoint === undefined
      ? {}
      : { endpoint: options.sqsEndpoint, useQueueUrlAsEndpoint: false }),
  });
  const close = async (): Promise<void> => {
    s3.destroy();
    sqs.destroy();
  };
  let resolvedRegion: string;
  try {
    resolvedRegion = await sqs.config.region();
  } catch (error) {
    await close();
    throw new UsageError(`no AWS region: give --region or set AWS_REGION (${(error as Error).message})`);
  }
  return {
    s3,
    sqs,
    queueUrl: options.queueUrl,
    region: resolvedRegion,
    bucket: options.bucket,
    rawKeyPrefix: options.rawKeyPrefix,
    description: options.queueUrl,
    settled: async () => undefined,
    report: async () => [],
    close,
  };
}

async function openLocal(
  options: Extract<ReplayTargetOptions, { kind: 'local' }>,
  showAlert: (text: string) => void,
): Promise<ReplayTarget> {
  const running = await findRunningServers(options.dataDir);
  if (running) {
    const clients = createLocalAwsClients({
      s3: running.s3,
      dynamodb: running.dynamodb,
      messaging: running.messaging,
    });
    return {
      s3: clients.s3,
      sqs: clients.sqs,
      queueUrl: running.ingestQueueUrl,
      region: LOCAL_REGION,
      bucket: options.bucket ?? running.rawBucket,
      rawKeyPrefix: running.rawKeyPrefix,
      description: `the ingest queue of the running local pipeline (process ${running.pid})`,
      settled: async () => undefined,
      report: async () => [],
      close: async () => clients.destroy(),
    };
  }
  const holder = await dataDirHolder(options.dataDir);
  if (holder !== undefined) {
    throw new DataUnavailableError(
      `the local pipeline (process ${holder}) holds ${options.dataDir} and has not published its servers yet (it is starting or stopping): run this again in a moment`,
    );
  }
  if (!existsSync(localDataLayout(options.dataDir).s3Directory)) {
    throw new UsageError(
      `no local pipeline data in ${options.dataDir}: run 'winlog-correlator local' first, or give --data-dir, or --queue and --bucket for a deployed stack`,
    );
  }
  const pipeline = await startLocalPipeline({
    dataDir: options.dataDir,
    outboxDir: join(options.dataDir, 'outbox'),
    watchDir: join(options.dataDir, 'inbox'),
    showAlert,
  }).catch((error: unknown) => {
    if (error instanceof LocalPipelineError) throw new DataUnavailableError(error.message, { cause: error });
    throw error;
  });
  const clients = createLocalAwsClients(pipeline.endpoints);
  return {
    s3: clients.s3,
    sqs: clients.sqs,
    queueUrl: pipeline.resources.ingestQueueUrl,
    region: LOCAL_REGION,
    bucket: options.bucket ?? pipeline.resources.rawBucket,
    rawKeyPrefix: pipeline.resources.rawKeyPrefix,
    description: `a local pipeline started on ${options.dataDir} for this replay`,
    settled: () => pipeline.drained(),
    async report() {
      await pipeline.drained();
      const summary = await pipeline.summary();
      return [
        `processed here: ${summary.messagesSucceeded} messages ingested, ${summary.failedAttempts} failed attempts, ` +
          `${summary.deadLettered} dead-lettered, ${summary.alerts} alerts in the outbox ${pipeline.outbox.directory}; handler logs ${pipeline.logFile}`,
      ];
    },
    async close() {
      clients.destroy();
      await pipeline.stop();
    },
  };
}
