import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import {
  createLocalAwsClients,
  LOCAL_REGION,
  type LocalEndpoints,
} from '../../adapters/local/createLocalAwsClients';
import { LocalOutbox, type OutboxEntry } from '../../adapters/local/LocalOutbox';
import type { LocalQueueSettings } from '../../adapters/local/localStackNames';
import { lockDataDir } from '../../adapters/local/lockDataDir';
import {
  ingestEnvironment,
  type LocalStackResources,
  provisionLocalStack,
} from '../../adapters/local/provisionLocalStack';
import { publishRunningServers, withdrawRunningServers } from '../../adapters/local/runningServers';
import { startLocalDynamo } from '../../adapters/local/stand-ins/startLocalDynamo';
import { startLocalMessaging } from '../../adapters/local/stand-ins/startLocalMessaging';
import { type LocalS3, type S3rverEvent, startLocalS3 } from '../../adapters/local/stand-ins/startLocalS3';
import { WinlogError } from '../../domain/errors/WinlogError';
import { parseIngestMessage } from '../../domain/ingest/parseIngestMessage';
import type { IngestSettings } from '../../domain/settings/ingestSettings';
import { INCIDENT_NOT_PAGED } from '../ingest/createIngestHandler';
import { createLocalIngestFunction } from './createLocalIngestFunction';
import { describeHandlerWarning } from './describeHandlerWarning';
import { describeNotPaged } from './describeNotPaged';
import { FileLogger } from './FileLogger';
import { FolderWatcher } from './FolderWatcher';
import { formatAlertForTerminal } from './formatAlertForTerminal';
import { type FoundFile, listFilesUnder } from './listFilesUnder';
import { RunnerLog } from './RunnerLog';
import { newestTimeIn, objectText, retimeObject, sampleShiftMs } from './retimeSamples';
import { S3NotificationForwarder } from './S3NotificationForwarder';
import { type BatchReport, SqsEventSource } from './SqsEventSource';

/** A scan of the whole table: once a minute keeps about one heartbeat item per node. */
const HEARTBEAT_PRUNE_EVERY_MS = 60_000;

/** The local pipeline could not start (a port in use, an unreadable data folder, invalid rules). */
export class LocalPipelineError extends WinlogError {
  readonly code = 'LOCAL_PIPELINE_START_FAILED';
}

/** The samples bundled with the project: a small fleet in several formats. */

/** The deployed function's timeout (`IngestFunction.DEFAULT_TIMEOUT`): the handler's deadline locally too. */
const FUNCTION_TIMEOUT_MS = 5 * 60_000;

export interface LocalPipelineOptions {
  /** Objects (`s3/`), DynamoDB state (`dynamodb/`) and the handler's JSON logs (`logs/ingest.log`). */
  readonly dataDir: string;
  /** Every published SNS message, one JSON file each. */
  readonly outboxDir: string;
  /** Files copied here are uploaded under `<raw prefix>inbox/`. Created if missing. */
  readonly watchDir: string;
  /** 0 picks a free port. */
  readonly ports?: { readonly s3?: number; readonly dynamodb?: number; readonly messaging?: number };
  /** Rule file or folder (RULES_PATH); the bundled rules when not given. */
  readonly rulesPath?: string;
  /** The ingest settings the handlers run with, as the stack passes them. @default the defaults */
  readonly settings?: IngestSettings;
  /** How often the drain of alerts left by failed invocations runs. @default 5000 */
  readonly drainEveryMs?: number;
  readonly queue?: Partial<LocalQueueSettings>;
  /** Readable progress lines. @default none */
  readonly log?: (text: string) => void;
  /** Each alert as the operator would see it. @default none */
  readonly showAlert?: (text: string) => void;
}

export interface LocalPipelineSummary {
  readonly uploaded: number;
  readonly messagesForwarded: number;
  readonly invocations: number;
  readonly messagesSucceeded: number;
  readonly failedAttempts: number;
  readonly deadLettered: number;
  readonly alerts: number;
  /** Incidents recorded in the audit trail without an alert: historical, or on a muted node. */
  readonly historical: number;
  readonly muted: number;
  readonly quarantined: number;
  /** Milliseconds from process start to the last alert, if any. */
  readonly lastAlertAtMs?: number;
}

export interface LocalPipeline {
  readonly endpoints: LocalEndpoints;
  readonly resources: LocalStackResources;
  readonly outbox: LocalOutbox;
  readonly logFile: string;
  /** Uploads every file under `folder` to `<raw prefix><keyPrefix><relative path>`, in name order. */
  uploadFolder(folder: string, keyPrefix?: string): Promise<FoundFile[]>;
  /**
   * Uploads sample logs as `uploadFolder` does, with their event times moved so the newest lies a minute
   * before the first start on this data folder (see `sampleShiftMs`): old samples show as live alerts.
   */
  uploadSamples(folder: string): Promise<FoundFile[]>;
  /** Starts watching `watchDir`; files already uploaded by `uploadFolder(watchDir)` are skipped. */
  watch(): void;
  /** Resolves once every upload so far was forwarded and the queue is empty (retries included). */
  drained(): Promise<void>;
  summary(): Promise<LocalPipelineSummary>;
  stop(): Promise<void>;
}

/**
 * The whole pipeline on this machine: S3, DynamoDB and SNS/SQS stand-ins on 127.0.0.1, provisioned as the
 * stack provisions AWS; S3 ObjectCreated events under the raw prefix go to the ingest queue as S3
 * notifications; an event source invokes the real ingest handler with batches from that queue; every
 * published alert is shown and written to the outbox.
 */
export async function startLocalPipeline(options: LocalPipelineOptions): Promise<LocalPipeline> {
  const log = new RunnerLog(options.log ?? (() => undefined));
  const logsDir = join(options.dataDir, 'logs');
  await Promise.all([
    mkdir(logsDir, { recursive: true }),
    mkdir(join(options.dataDir, 's3'), { recursive: true }),
    mkdir(options.watchDir, { recursive: true }),
  ]);
  const lock = await lockDataDir(options.dataDir).catch((error: unknown) => {
    throw new LocalPipelineError((error as Error).message, { cause: error });
  });

  let forwarder: S3NotificationForwarder | undefined;
  let resources: LocalStackResources | undefined;
  const earlyEvents: S3rverEvent[] = [];
  const onS3Event = (event: S3rverEvent): void => {
    if (!forwarder || !resources) {
      earlyEvents.push(event);
      return;
    }
    forwarder.forward(event);
    for (const key of createdKeys(event, resources.rawBucket)) {
      if (key.startsWith(resources.quarantinePrefix)) log.line(`quarantined rejected records: ${key}`);
    }
  };

  const started = await Promise.allSettled([
    startLocalS3({
      directory: join(options.dataDir, 's3'),
      damagedDirectory: join(options.dataDir, 's3-damaged'),
      port: options.ports?.s3,
      onEvent: onS3Event,
    }),
    startLocalDynamo({ path: join(options.dataDir, 'dynamodb'), port: options.ports?.dynamodb }),
    startLocalMessaging({ port: options.ports?.messaging, spyBufferSize: 0 }),
  ]);
  const [s3, dynamo, messaging] = started.map((result) =>
    result.status === 'fulfilled' ? result.value : undefined,
  );
  if (!s3 || !dynamo || !messaging) {
    await Promise.allSettled([s3?.stop(), dynamo?.stop(), messaging?.stop()]);
    await lock.release();
    const reasons = started.flatMap((result) =>
      result.status === 'rejected' ? [(result.reason as Error).message] : [],
    );
    throw new LocalPipelineError(`cannot start the stand-ins: ${reasons.join('; ')}`);
  }
  const endpoints: LocalEndpoints = {
    s3: s3.endpoint,
    dynamodb: dynamo.endpoint,
    messaging: messaging.endpoint,
  };
  for (const object of (s3 as LocalS3).setAside) {
    log.line(
      `set aside ${object}, left half-written by an interrupted run, in ${join(options.dataDir, 's3-damaged')}`,
    );
  }
  log.line(
    `stand-ins up: S3 ${endpoints.s3}, DynamoDB ${endpoints.dynamodb}, SNS/SQS ${endpoints.messaging} (fauxqs listens on all interfaces)`,
  );
  const clients = createLocalAwsClients(endpoints);
  const stopServers = async (): Promise<void> => {
    await withdrawRunningServers(options.dataDir);
    clients.destroy();
    await Promise.allSettled([s3.stop(), dynamo.stop(), messaging.stop()]);
    await lock.release();
  };

  try {
    resources = await provisionLocalStack(clients, { queue: options.queue });
  } catch (error) {
    await stopServers();
    throw new LocalPipelineError(`cannot provision the stand-ins: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const stack = resources;
  // `audit`, `fleet` and `replay` use these servers while the pipeline holds the data folder.
  await publishRunningServers(options.dataDir, {
    pid: process.pid,
    s3: endpoints.s3,
    dynamodb: endpoints.dynamodb,
    messaging: endpoints.messaging,
    rawBucket: stack.rawBucket,
    rawKeyPrefix: stack.rawKeyPrefix,
    ingestQueueUrl: stack.ingestQueueUrl,
    auditBucket: stack.auditBucket,
    auditPrefix: stack.auditPrefix,
    stateTable: stack.stateTable,
  });
  log.line(
    `provisioned: buckets ${stack.rawBucket} and ${stack.auditBucket}, table ${stack.stateTable}, topic ${stack.incidentTopic}, queue ${stack.ingestQueue} (dead-letter ${stack.deadLetterQueue} after ${stack.maxReceiveCount} receives)`,
  );

  let lastAlertAtMs: number | undefined;
  const outbox = new LocalOutbox(options.outboxDir, (entry: OutboxEntry) => {
    lastAlertAtMs = performance.now();
    log.line(`alert published: ${entry.message.subject ?? '(no subject)'}`);
    options.showAlert?.(formatAlertForTerminal(entry.message, entry.file));
  });
  for (const file of await outbox.open()) {
    log.line(`outbox file ${file} cannot be read (an interrupted write): its alert may be sent again`);
  }
  outbox.attach(clients.sns);

  const logFile = join(logsDir, 'ingest.log');
  const logStream = createWriteStream(logFile, { flags: 'a' });
  const notPaged = { historical: 0, muted: 0 };
  const logger = new FileLogger(logStream, { serviceName: 'winlog-correlator' }, (entry) => {
    if (entry.message === INCIDENT_NOT_PAGED) {
      if (entry.historical === true) notPaged.historical += 1;
      if (typeof entry.mutedReason === 'string') notPaged.muted += 1;
      log.line(describeNotPaged(entry));
      return;
    }
    const warning = describeHandlerWarning(entry);
    if (warning !== undefined) log.line(warning);
  });
  let ingest: ReturnType<typeof createLocalIngestFunction>;
  try {
    ingest = createLocalIngestFunction({
      environment: ingestEnvironment(stack, {
        rulesPath: options.rulesPath,
        settings: options.settings,
      }),
      clients,
      logger,
      alreadySent: (notificationId) => outbox.sent(notificationId),
    });
  } catch (error) {
    await stopServers();
    logStream.end();
    throw new LocalPipelineError((error as Error).message, { cause: error });
  }

  forwarder = new S3NotificationForwarder(
    clients.sqs,
    stack.ingestQueueUrl,
    { bucket: stack.rawBucket, prefix: stack.rawKeyPrefix, region: LOCAL_REGION, configurationId: 'ingest' },
    { failed: (error) => log.line(`could not send an S3 notification to the queue: ${error.message}`) },
  );
  for (const event of earlyEvents.splice(0)) onS3Event(event);

  let invocations = 0;
  let succeeded = 0;
  let failedAttempts = 0;
  const eventSource = new SqsEventSource({
    sqs: clients.sqs,
    queueUrl: stack.ingestQueueUrl,
    queueArn: stack.ingestQueueArn,
    handler: ingest.handler,
    function: {
      functionName: 'winlog-correlator-ingest',
      timeoutMs: FUNCTION_TIMEOUT_MS,
      memoryLimitInMB: 1024,
      region: LOCAL_REGION,
    },
    onBatch: (report) => {
      invocations += 1;
      succeeded += report.records.length - report.failedIds.size;
      failedAttempts += report.failedIds.size;
      for (const line of describeBatch(report, stack)) log.line(line);
    },
    onError: (error) => log.line(`ingest queue: ${error.message}`),
  });
  eventSource.start();

  let prunedAtMs = Date.now();
  const drainLeftAlerts = async (): Promise<void> => {
    const drained = await ingest.drain();
    for (const notification of drained.published)
      log.line(`alert left by an interrupted run published: ${notification.notificationId}`);
    if (Date.now() - prunedAtMs < HEARTBEAT_PRUNE_EVERY_MS) return;
    prunedAtMs = Date.now();
    await ingest.pruneHeartbeats().catch((error: Error) => {
      log.line(`pruning superseded node heartbeats: ${error.message}`);
    });
  };
  let draining: Promise<void> = Promise.resolve();
  const drainTimer = setInterval(() => {
    draining = draining
      .then(drainLeftAlerts)
      .catch((error: Error) => log.line(`draining left alerts: ${error.message}`));
  }, options.drainEveryMs ?? 5000);
  drainTimer.unref();

  let uploaded = 0;
  const upload = async (file: FoundFile, keyPrefix: string, body?: Buffer): Promise<void> => {
    const key = `${stack.rawKeyPrefix}${keyPrefix}${file.relativePath}`;
    await clients.s3.send(
      new PutObjectCommand({
        Bucket: stack.rawBucket,
        Key: key,
        Body: body ?? createReadStream(file.path),
        ContentLength: body?.length ?? file.size,
      }),
    );
    uploaded += 1;
    log.line(`uploaded ${key} (${formatSize(file.size)})`);
  };

  const watcher = new FolderWatcher({
    folder: options.watchDir,
    onFile: (file) => upload(file, 'inbox/'),
    onError: (error) => log.line(`watching ${options.watchDir}: ${error.message}`),
  });

  const queueCount = async (queueUrl: string, names: readonly string[]): Promise<number> => {
    const { Attributes = {} } = await clients.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrl,
        AttributeNames: names as GetQueueAttributesCommand['input']['AttributeNames'],
      }),
    );
    return names.reduce((sum, name) => sum + Number(Attributes[name as keyof typeof Attributes] ?? 0), 0);
  };

  let stopped = false;
  return {
    endpoints,
    resources: stack,
    outbox,
    logFile,
    async uploadFolder(folder, keyPrefix = '') {
      const files = await listFilesUnder(folder);
      for (const file of files) {
        await upload(file, keyPrefix);
        if (folder === options.watchDir) watcher.markDelivered(file);
      }
      return files;
    },
    async uploadSamples(folder) {
      const files = await listFilesUnder(folder);
      const samples = await Promise.all(
        files.map(async (file) => ({ file, body: await readFile(file.path) })),
      );
      const newest = Math.max(
        ...samples.map(({ body }) => newestTimeIn(objectText(body)) ?? Number.NEGATIVE_INFINITY),
      );
      const shiftMs = Number.isFinite(newest) ? await sampleShiftMs(options.dataDir, newest, Date.now()) : 0;
      if (shiftMs !== 0)
        log.line(`samples re-timed by ${Math.round(shiftMs / 86_400_000)} days, so they read as live`);
      for (const { file, body } of samples) await upload(file, '', retimeObject(body, shiftMs));
      return files;
    },
    watch() {
      log.line(
        `watching ${options.watchDir}: files copied there are uploaded under ${stack.rawKeyPrefix}inbox/`,
      );
      watcher.start();
    },
    async drained() {
      for (;;) {
        await draining;
        await forwarder?.settled();
        const waiting = await queueCount(stack.ingestQueueUrl, [
          'ApproximateNumberOfMessages',
          'ApproximateNumberOfMessagesNotVisible',
          'ApproximateNumberOfMessagesDelayed',
        ]);
        if (waiting === 0) {
          // Alerts a killed run had claimed go out once their lease has run out.
          const left = await ingest.drain();
          for (const notification of left.published)
            log.line(`alert left by an interrupted run published: ${notification.notificationId}`);
          if (left.left === 0) return;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async summary() {
      const quarantined = await clients.s3.send(
        new ListObjectsV2Command({ Bucket: stack.rawBucket, Prefix: stack.quarantinePrefix }),
      );
      return {
        uploaded,
        messagesForwarded: forwarder?.forwarded ?? 0,
        invocations,
        messagesSucceeded: succeeded,
        failedAttempts,
        deadLettered: await queueCount(stack.deadLetterQueueUrl, ['ApproximateNumberOfMessages']),
        alerts: outbox.entries.length,
        ...notPaged,
        quarantined: quarantined.KeyCount ?? 0,
        lastAlertAtMs,
      };
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(drainTimer);
      await draining;
      await watcher.stop();
      await eventSource.stop();
      await forwarder?.settled();
      await stopServers();
      await new Promise<void>((resolve) => logStream.end(resolve));
      log.line('stopped: stand-ins closed');
    },
  };
}

/** Uploads the samples and the watch folder, waits until the queue is drained, stops, and sums up. */
export async function runLocalPipelineOnce(
  options: LocalPipelineOptions & { readonly samplesDir?: string },
): Promise<LocalPipelineSummary> {
  const pipeline = await startLocalPipeline(options);
  try {
    if (options.samplesDir) await pipeline.uploadSamples(options.samplesDir);
    await pipeline.uploadFolder(options.watchDir, 'inbox/');
    await pipeline.drained();
    return await pipeline.summary();
  } finally {
    await pipeline.stop();
  }
}

/** Keys of objects created in `bucket` by one s3rver event. */
function createdKeys(event: S3rverEvent, bucket: string): string[] {
  return event.Records.flatMap((record) => {
    const r = record as {
      eventName?: string;
      s3?: { bucket?: { name?: string }; object?: { key?: string } };
    };
    const key = r.s3?.object?.key;
    return r.eventName?.startsWith('ObjectCreated:') && r.s3?.bucket?.name === bucket && key ? [key] : [];
  });
}

function describeBatch(report: BatchReport, resources: LocalStackResources): string[] {
  const describe = (body: string): string => {
    const parsed = parseIngestMessage(body);
    if (parsed.kind !== 'work') return parsed.kind;
    return parsed.items
      .map((item) => (item.kind === 'continuation' ? `${item.key} from byte ${item.resumeAtByte}` : item.key))
      .join(', ');
  };
  const lines: string[] = [];
  const ok = report.records.filter((r) => !report.failedIds.has(r.messageId));
  if (ok.length > 0) {
    lines.push(
      `ingested ${ok.map((r) => describe(r.body)).join('; ')} (${ok.length} message${ok.length === 1 ? '' : 's'}, ${report.durationMs} ms)`,
    );
  }
  if (report.invocationError) lines.push(`invocation failed: ${report.invocationError.message}`);
  for (const record of report.records.filter((r) => report.failedIds.has(r.messageId))) {
    const receives = Number(record.attributes.ApproximateReceiveCount);
    const next =
      receives >= resources.maxReceiveCount
        ? 'it goes to the dead-letter queue'
        : `retried in ${resources.visibilityTimeoutSeconds} s`;
    lines.push(
      `failed ${describe(record.body)} (receive ${receives} of ${resources.maxReceiveCount}; ${next}; see the log file)`,
    );
  }
  return lines;
}

function formatSize(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`;
}
