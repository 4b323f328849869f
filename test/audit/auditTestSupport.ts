import { PutObjectCommand } from '@aws-sdk/client-s3';
import { createS3Client } from '../../adapters/aws/createS3Client';
import { DynamoNodeActivityStore } from '../../adapters/aws/DynamoNodeActivityStore';
import { localDataLayout } from '../../adapters/local/localDataLayout';
import {
  createStateTable,
  LOCAL_CREDENTIALS,
  localDynamoClient,
  startLocalDynamo,
} from '../../adapters/local/stand-ins/startLocalDynamo';
import { startLocalS3 } from '../../adapters/local/stand-ins/startLocalS3';
import type { CommandIo } from '../../cli/shared/CommandIo';
import { AUDIT_BUCKET, type IngestStandIns, RAW_BUCKET } from '../support/ingestStandIns';
import { lambdaContext, s3ObjectCreated, sqsEvent } from '../support/lambdaEvents';

/** An ISO event time `hoursAgo` before `nowMs` (so "last 30 days" and "silent for 24h" mean something). */
export function hoursAgo(nowMs: number, hours: number): string {
  return new Date(nowMs - hours * 3_600_000).toISOString();
}

/** Uploads an object and runs the real ingest handler on its S3 notification. */
export async function ingest(standIns: IngestStandIns, key: string, body: string): Promise<void> {
  await standIns.putObject(key, body);
  const response = await standIns.handler()(
    sqsEvent([s3ObjectCreated(RAW_BUCKET, key, Buffer.byteLength(body))]),
    lambdaContext(),
  );
  if (response.batchItemFailures.length > 0) throw new Error(`ingest of ${key} failed`);
}

/** A command's stdout and stderr, captured; `tty` makes stdout look like a terminal. */
export function capturedIo(options: { tty?: boolean; now?: Date } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIo = {
    stdout: { write: (text: string) => out.push(text), isTTY: options.tty ?? false },
    stderr: { write: (text: string) => err.push(text) },
    now: () => options.now ?? new Date(),
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

/** Runs a command with captured output; `rows` reads its stdout as NDJSON. */
export async function runCaptured(
  command: (argv: readonly string[], io: CommandIo) => Promise<number>,
  args: readonly string[],
) {
  const captured = capturedIo();
  const code = await command(args, captured.io);
  const stdout = captured.stdout();
  return {
    code,
    stdout,
    stderr: captured.stderr(),
    get rows() {
      return ndjson(stdout);
    },
  };
}

export function ndjson<T = Record<string, unknown>>(text: string): T[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as T);
}

/**
 * Copies what the stand-ins hold (audit bucket, node heartbeats) into a data folder laid out as the
 * local pipeline keeps it, for the `--data-dir` mode.
 */
export async function writeLocalDataDir(standIns: IngestStandIns, dataDir: string): Promise<void> {
  const layout = localDataLayout(dataDir);
  const s3 = await startLocalS3({ directory: layout.s3Directory, buckets: [AUDIT_BUCKET] });
  const dynamo = await startLocalDynamo({ path: layout.dynamoPath });
  const s3Client = createS3Client({
    endpoint: s3.endpoint,
    region: 'us-east-1',
    credentials: LOCAL_CREDENTIALS,
  });
  const dynamoClient = localDynamoClient(dynamo.endpoint);
  try {
    for (const key of await standIns.keys(AUDIT_BUCKET, 'audit/')) {
      const body = await standIns.text(AUDIT_BUCKET, key);
      await s3Client.send(new PutObjectCommand({ Bucket: AUDIT_BUCKET, Key: key, Body: body }));
    }
    await createStateTable(dynamoClient, 'correlation-state');
    const target = new DynamoNodeActivityStore('correlation-state', dynamoClient);
    const nodes = await new DynamoNodeActivityStore(
      standIns.config.stateTableName,
      standIns.dynamo,
    ).listNodes();
    await target.recordLastEvents(nodes);
  } finally {
    s3Client.destroy();
    dynamoClient.destroy();
    await Promise.all([s3.stop(), dynamo.stop()]);
  }
}
