import { join } from 'node:path';
import { LOCAL_STACK_NAMES } from '../../adapters/local/localStackNames';
import { parseCommandLine, positiveIntegerOption } from '../commonOptions';
import { type CommandIo, processIo } from '../shared/CommandIo';
import { DataUnavailableError } from '../shared/DataUnavailableError';
import { DEFAULT_DATA_DIR } from '../shared/dataSourceUsage';
import { ProgressLine } from '../shared/ProgressLine';
import { timeOption } from '../shared/timeOption';
import { waitForStopSignal } from '../shared/waitForStopSignal';
import { UsageError } from '../UsageError';
import { MessagePacer, type PacerClock, SYSTEM_CLOCK } from './MessagePacer';
import { openReplayTarget, type ReplayTarget, type ReplayTargetOptions } from './openReplayTarget';
import { type ReplayCheckpoint, ReplayCheckpointFile, type ReplayIdentity } from './ReplayCheckpointFile';
import { type ReplayProgress, type ReplaySummary, replayObjects } from './replayObjects';
import { CHECKPOINT_FILE, DEFAULT_RATE, MAX_PAGE_SIZE, MAX_RATE, REPLAY_USAGE } from './replayUsage';

const FAILURES_SHOWN = 20;

export interface ReplayCommandDependencies {
  readonly io: CommandIo;
  readonly clock: PacerClock;
}

export async function replayCommand(
  argv: readonly string[],
  deps: ReplayCommandDependencies = { io: processIo(), clock: SYSTEM_CLOCK },
): Promise<number> {
  const { io } = deps;
  const { values, positionals } = parseArguments(argv);
  if (values.help) {
    io.stdout.write(`${REPLAY_USAGE}\n`);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`replay takes no arguments, got '${positionals[0]}'`);
  const rate = rateOption(values.rate);
  const pageSize = positiveIntegerOption('--page-size', values['page-size']);
  if (pageSize > MAX_PAGE_SIZE) throw new UsageError(`--page-size: at most ${MAX_PAGE_SIZE}`);
  const nowMs = io.now().getTime();
  const since = values.since === undefined ? undefined : timeOption('--since', values.since, nowMs);
  const until = values.until === undefined ? undefined : timeOption('--until', values.until, nowMs, true);
  if (since !== undefined && until !== undefined && since > until)
    throw new UsageError(`--since (${values.since}) is after --until (${values.until})`);
  const targetOptions = replayTargetOptions(values);
  const expectedRawPrefix =
    targetOptions.kind === 'remote' ? targetOptions.rawKeyPrefix : LOCAL_STACK_NAMES.rawKeyPrefix;
  checkUnderRawPrefix(values.prefix ?? expectedRawPrefix, expectedRawPrefix);
  const checkpoints = new ReplayCheckpointFile(
    values.checkpoint ??
      join(targetOptions.kind === 'local' ? targetOptions.dataDir : DEFAULT_DATA_DIR, CHECKPOINT_FILE),
  );
  // A checkpoint file that is not ours stops the replay before anything is sent.
  await checkpoints.read();

  const signals = waitForStopSignal();
  const stop = new AbortController();
  void signals.received.then(() => stop.abort());
  let target: ReplayTarget;
  try {
    target = await openReplayTarget(targetOptions, (text) => io.stdout.write(text));
  } catch (error) {
    signals.dispose();
    if (error instanceof DataUnavailableError) {
      io.stderr.write(`replay: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  try {
    const prefix = values.prefix ?? target.rawKeyPrefix;
    checkUnderRawPrefix(prefix, target.rawKeyPrefix);
    const identity: ReplayIdentity = {
      bucket: target.bucket,
      prefix,
      since: values.since,
      until: values.until,
    };
    const previous = values.restart ? undefined : await checkpoints.find(identity);
    if (previous?.complete) {
      io.stderr.write(
        `replay: s3://${target.bucket}/${prefix} was replayed completely (${previous.sent} sent, finished ${previous.updatedAt}); --restart sends it again\n`,
      );
      return 0;
    }
    const range = {
      sinceMs: previous ? previous.sinceMs : since,
      untilMs: previous ? previous.untilMs : until,
    };
    if (previous?.lastKey !== undefined) {
      io.stderr.write(
        `replay: resuming after ${previous.lastKey} (${previous.sent} sent since ${previous.startedAt})\n`,
      );
    }
    const startedAt = previous?.startedAt ?? io.now().toISOString();
    const sentBefore = previous?.sent ?? 0;
    const checkpointAt = (
      lastKey: string | undefined,
      sent: number,
      complete: boolean,
    ): ReplayCheckpoint => ({
      ...identity,
      ...range,
      lastKey,
      sent: sentBefore + sent,
      complete,
      startedAt,
      updatedAt: io.now().toISOString(),
    });

    const progressLine = io.stderr.isTTY ? new ProgressLine(io.stderr) : undefined;
    const summary = await replayObjects({
      s3: target.s3,
      sqs: target.sqs,
      queueUrl: target.queueUrl,
      region: target.region,
      bucket: target.bucket,
      prefix,
      ...range,
      afterKey: previous?.lastKey,
      pacer: new MessagePacer(rate, deps.clock),
      pageSize,
      signal: stop.signal,
      async acknowledged(lastKey, progress) {
        await target.settled();
        await checkpoints.save(checkpointAt(lastKey, progress.sent, false));
      },
      onProgress: (progress) => progressLine?.show(describeProgress(progress, progressLine.seconds)),
    });
    progressLine?.clear();
    if (summary.complete && summary.failed === 0)
      await checkpoints.save(checkpointAt(summary.lastKey ?? previous?.lastKey, summary.sent, true));
    for (const line of await target.report()) io.stderr.write(`replay: ${line}\n`);
    writeSummary(io, summary, target, prefix, checkpoints.path);
    if (summary.stoppedBecause === 'interrupted') return 130;
    return summary.complete && summary.failed === 0 ? 0 : 1;
  } finally {
    signals.dispose();
    await target.close();
  }
}

function writeSummary(
  io: CommandIo,
  summary: ReplaySummary,
  target: ReplayTarget,
  prefix: string,
  checkpointPath: string,
): void {
  for (const failure of summary.failures.slice(0, FAILURES_SHOWN))
    io.stderr.write(`replay: failed ${failure.key}: ${failure.reason}\n`);
  if (summary.failed > FAILURES_SHOWN)
    io.stderr.write(`replay: ... and ${summary.failed - FAILURES_SHOWN} more failed\n`);
  io.stderr.write(
    `replay: s3://${target.bucket}/${prefix} to ${target.description}: ${summary.listed} objects listed ` +
      `(${summary.pages} pages), ${summary.sent} sent, ${summary.skippedByTime} skipped by time, ` +
      `${summary.skippedEmpty} skipped as empty, ${summary.failed} failed\n`,
  );
  if (summary.complete && summary.failed === 0) return;
  const what = summary.complete
    ? `replay: ${summary.failed} not sent`
    : `replay: stopped (${summary.stoppedBecause}) ${summary.lastKey === undefined ? 'before the first batch' : `after ${summary.lastKey}`}`;
  const from = summary.doneUpTo === undefined ? 'from the first object' : `after ${summary.doneUpTo}`;
  io.stderr.write(`${what}; run the same command again to continue ${from} (checkpoint ${checkpointPath})\n`);
}

function describeProgress(progress: ReplayProgress, seconds: number): string {
  const n = (value: number): string => value.toLocaleString('en-US');
  return (
    `${n(progress.listed)} listed  ${n(progress.sent)} sent  ${n(Math.round(progress.sent / seconds))}/s  ` +
    `${n(progress.skippedByTime)} skipped by time  ${n(progress.failed)} failed  ${progress.lastKey ?? ''}`
  );
}

/** Keys outside the raw prefix are never sent: the ingest function skips them. */
function checkUnderRawPrefix(prefix: string, rawKeyPrefix: string): void {
  if (!prefix.startsWith(rawKeyPrefix)) {
    throw new UsageError(
      `--prefix '${prefix}' is outside the raw prefix '${rawKeyPrefix}': the ingest function reads only keys under it`,
    );
  }
}

/** `50/s` or `50`: messages per second. */
export function rateOption(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(?:\/\s*s)?\s*$/.exec(text);
  const rate = match ? Number(match[1]) : Number.NaN;
  if (!(rate > 0) || rate > MAX_RATE)
    throw new UsageError(`--rate: '${text}' is not a rate such as 50/s (more than 0, at most ${MAX_RATE}/s)`);
  return rate;
}

function replayTargetOptions(values: {
  readonly 'data-dir'?: string;
  readonly bucket?: string;
  readonly queue?: string;
  readonly 'raw-prefix'?: string;
  readonly 's3-endpoint'?: string;
  readonly 'sqs-endpoint'?: string;
  readonly region?: string;
}): ReplayTargetOptions {
  const remote =
    values.queue !== undefined || values['s3-endpoint'] !== undefined || values['sqs-endpoint'] !== undefined;
  if (!remote) {
    if (values.region !== undefined)
      throw new UsageError('--region applies to --queue on AWS, not to --data-dir');
    if (values['raw-prefix'] !== undefined)
      throw new UsageError('--raw-prefix applies to --queue; the local pipeline has its own');
    if (values.bucket !== undefined && values.bucket !== LOCAL_STACK_NAMES.rawBucket)
      throw new UsageError(
        `--bucket ${values.bucket} is not the local pipeline's raw bucket (${LOCAL_STACK_NAMES.rawBucket}): its ingest reads only that one`,
      );
    return { kind: 'local', dataDir: values['data-dir'] ?? DEFAULT_DATA_DIR, bucket: values.bucket };
  }
  if (values['data-dir'] !== undefined)
    throw new UsageError(
      '--data-dir replays into the local pipeline; it cannot be combined with --queue or endpoints',
    );
  if (values.bucket === undefined)
    throw new UsageError(
      '--bucket (the raw bucket, stack output RawBucketName) is required with --queue or endpoints',
    );
  if (values.queue === undefined)
    throw new UsageError(
      '--queue (the ingest queue URL, stack output IngestQueueUrl) is required with endpoints',
    );
  const rawKeyPrefix = values['raw-prefix'] ?? LOCAL_STACK_NAMES.rawKeyPrefix;
  if (rawKeyPrefix !== '' && !rawKeyPrefix.endsWith('/'))
    throw new UsageError(`--raw-prefix must end with '/', got '${rawKeyPrefix}'`);
  return {
    kind: 'remote',
    bucket: values.bucket,
    queueUrl: values.queue,
    rawKeyPrefix,
    s3Endpoint: values['s3-endpoint'],
    sqsEndpoint: values['sqs-endpoint'],
    region: values.region,
  };
}

function parseArguments(argv: readonly string[]) {
  return parseCommandLine({
    args: [...argv],
    allowPositionals: true,
    options: {
      bucket: { type: 'string' },
      prefix: { type: 'string' },
      'raw-prefix': { type: 'string' },
      queue: { type: 'string' },
      'data-dir': { type: 'string' },
      's3-endpoint': { type: 'string' },
      'sqs-endpoint': { type: 'string' },
      region: { type: 'string' },
      since: { type: 'string' },
      until: { type: 'string' },
      rate: { type: 'string', default: `${DEFAULT_RATE}/s` },
      checkpoint: { type: 'string' },
      restart: { type: 'boolean', default: false },
      'page-size': { type: 'string', default: String(MAX_PAGE_SIZE) },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}
