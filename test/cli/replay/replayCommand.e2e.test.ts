import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalAwsClients, type LocalAwsClients } from '../../../adapters/local/createLocalAwsClients';
import {
  type LocalMessaging,
  startLocalMessaging,
} from '../../../adapters/local/stand-ins/startLocalMessaging';
import { type LocalS3, startLocalS3 } from '../../../adapters/local/stand-ins/startLocalS3';
import { SYSTEM_CLOCK } from '../../../cli/replay/MessagePacer';
import { ReplayCheckpointFile } from '../../../cli/replay/ReplayCheckpointFile';
import { replayCommand } from '../../../cli/replay/replayCommand';
import type { CommandIo } from '../../../cli/shared/CommandIo';
import { UsageError } from '../../../cli/UsageError';
import { parseIngestMessage } from '../../../domain/ingest/parseIngestMessage';

const CLI = join(__dirname, '..', '..', '..', 'bin', 'cli.js');
const BUCKET = 'fleet-winlogs';
const PREFIX = 'raw/fleet/';
const OBJECTS = 25;
const keyOf = (i: number): string => `${PREFIX}obj-${String(i).padStart(2, '0')}.xml`;
const ALL_KEYS = Array.from({ length: OBJECTS }, (_, i) => keyOf(i));

const root = mkdtempSync(join(tmpdir(), 'winlog-replay-'));
const s3Directory = join(root, 's3');
let s3: LocalS3;
let messaging: LocalMessaging;
let clients: LocalAwsClients;
let queues = 0;

interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** The real command line in its own process; `during` may signal it. */
function cli(args: readonly string[], during?: (child: ChildProcess) => void): Promise<CliResult> {
  const startedAt = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'replay', ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        AWS_ACCESS_KEY_ID: 'S3RVER',
        AWS_SECRET_ACCESS_KEY: 'S3RVER',
        AWS_REGION: 'us-east-1',
        AWS_PROFILE: '',
        AWS_EC2_METADATA_DISABLED: 'true',
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    during?.(child);
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr, ms: Date.now() - startedAt }));
  });
}

/** A queue nothing consumes, so the test counts exactly what replay sent. */
async function newQueue(): Promise<{ name: string; url: string; keys(): string[] }> {
  queues += 1;
  const name = `replay-${queues}`;
  const { queueUrl } = messaging.server.createQueue(name);
  return {
    name,
    url: queueUrl,
    keys: () =>
      (messaging.server.inspectQueue(name)?.messages.ready ?? []).flatMap((message) => {
        const parsed = parseIngestMessage(message.body);
        return parsed.kind === 'work' ? parsed.items.map((item) => item.key) : [`not work: ${message.body}`];
      }),
  };
}

function remote(queueUrl: string, ...rest: string[]): string[] {
  return [
    '--bucket',
    BUCKET,
    '--queue',
    queueUrl,
    '--s3-endpoint',
    s3.endpoint,
    '--sqs-endpoint',
    messaging.endpoint,
    ...rest,
  ];
}

/** Sets an object's LastModified as s3rver reports it: the modification time of its file. */
function setLastModified(key: string, at: string): void {
  const time = new Date(at);
  utimesSync(join(s3Directory, BUCKET, `${key}._S3rver_object`), time, time);
}

async function waitFor(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

beforeAll(async () => {
  [s3, messaging] = await Promise.all([
    startLocalS3({ directory: s3Directory }),
    startLocalMessaging({ spyBufferSize: 0 }),
  ]);
  clients = createLocalAwsClients({
    s3: s3.endpoint,
    dynamodb: 'http://127.0.0.1:9',
    messaging: messaging.endpoint,
  });
  await clients.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  const put = (key: string, body: string | Buffer) =>
    clients.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
  for (const key of ALL_KEYS) await put(key, `<Event>${key}</Event>\n`);
  await put(`${PREFIX}obj-99-empty.xml`, '');
  await put('raw/other/not-under-the-prefix.xml', '<Event/>\n');
  await put('quarantine/raw/fleet/rejected.json', '{}\n');
  for (let i = 0; i < 10; i++) setLastModified(keyOf(i), '2024-01-10T08:00:00Z');
  for (let i = 10; i < 20; i++) setLastModified(keyOf(i), '2024-03-14T12:00:00Z');
}, 60_000);

afterAll(async () => {
  clients?.destroy();
  await Promise.allSettled([s3?.stop(), messaging?.stop()]);
  await rm(root, { recursive: true, force: true });
});

describe('replay against a bucket and a queue (any S3/SQS endpoint)', () => {
  it('sends every object under the prefix once, in key order, listing page by page', async () => {
    const queue = await newQueue();
    const result = await cli(
      remote(queue.url, '--prefix', PREFIX, '--page-size', '4', '--checkpoint', join(root, 'paged.json')),
    );

    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.code).toBe(0);
    expect(queue.keys()).toEqual(ALL_KEYS);
    // 25 objects and one empty one, four per page.
    expect(result.stderr).toContain(
      '26 objects listed (7 pages), 25 sent, 0 skipped by time, 1 skipped as empty, 0 failed',
    );
  });

  it('sends only what follows the checkpoint, and nothing once the replay is complete', async () => {
    const queue = await newQueue();
    const checkpoint = join(root, 'resume.json');
    await new ReplayCheckpointFile(checkpoint).save({
      bucket: BUCKET,
      prefix: PREFIX,
      lastKey: keyOf(11),
      sent: 12,
      complete: false,
      startedAt: '2026-11-30T10:00:00.000Z',
      updatedAt: '2026-11-30T10:00:01.000Z',
    });

    const resumed = await cli(remote(queue.url, '--prefix', PREFIX, '--checkpoint', checkpoint));
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain(`resuming after ${keyOf(11)} (12 sent since 2026-11-30T10:00:00.000Z)`);
    expect(queue.keys()).toEqual(ALL_KEYS.slice(12));
    const saved = await new ReplayCheckpointFile(checkpoint).find({ bucket: BUCKET, prefix: PREFIX });
    expect(saved).toMatchObject({ lastKey: keyOf(24), sent: 25, complete: true });

    const again = await cli(remote(queue.url, '--prefix', PREFIX, '--checkpoint', checkpoint));
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('was replayed completely (25 sent');
    expect(queue.keys()).toHaveLength(13);

    const restarted = await cli(
      remote(queue.url, '--prefix', PREFIX, '--checkpoint', checkpoint, '--restart'),
    );
    expect(restarted.code).toBe(0);
    expect(queue.keys()).toEqual([...ALL_KEYS.slice(12), ...ALL_KEYS]);
  });

  it('after Ctrl-C, a rerun continues after the last batch sent and sends none twice', async () => {
    const queue = await newQueue();
    const checkpoint = join(root, 'interrupted.json');
    const first = await cli(
      remote(queue.url, '--prefix', PREFIX, '--rate', '10/s', '--checkpoint', checkpoint),
      (child) => {
        void waitFor(() => existsSync(checkpoint)).then(() => child.kill('SIGINT'));
      },
    );
    expect(first.stderr).not.toMatch(/^\s+at /m);
    expect(first.code).toBe(130);
    expect(first.stderr).toMatch(
      /stopped \(interrupted\) after raw\/fleet\/obj-\d\d\.xml; run the same command again/,
    );
    const sentFirst = queue.keys().length;
    expect(sentFirst).toBeGreaterThan(0);
    expect(sentFirst).toBeLessThan(OBJECTS);

    const second = await cli(
      remote(queue.url, '--prefix', PREFIX, '--rate', '1000/s', '--checkpoint', checkpoint),
    );
    expect(second.code).toBe(0);
    expect(queue.keys()).toEqual(ALL_KEYS);
  });

  it('after SIGKILL, a rerun sends the rest: every object arrives, at most the batch in flight twice', async () => {
    const queue = await newQueue();
    const checkpoint = join(root, 'killed.json');
    const first = await cli(
      remote(queue.url, '--prefix', PREFIX, '--rate', '10/s', '--checkpoint', checkpoint),
      (child) => {
        void waitFor(() => existsSync(checkpoint)).then(() => child.kill('SIGKILL'));
      },
    );
    expect(first.signal).toBe('SIGKILL');
    const second = await cli(
      remote(queue.url, '--prefix', PREFIX, '--rate', '1000/s', '--checkpoint', checkpoint),
    );
    expect(second.code).toBe(0);
    const keys = queue.keys();
    expect(new Set(keys)).toEqual(new Set(ALL_KEYS));
    expect(keys.length - OBJECTS).toBeLessThanOrEqual(10);
  });

  it('sends only objects last modified within --since and --until, counting the others', async () => {
    const queue = await newQueue();
    const result = await cli(
      remote(
        queue.url,
        '--prefix',
        PREFIX,
        '--since',
        '2024-03-01',
        '--until',
        '2024-03-31',
        '--checkpoint',
        join(root, 'range.json'),
      ),
    );
    expect(result.code).toBe(0);
    expect(queue.keys()).toEqual(ALL_KEYS.slice(10, 20));
    expect(result.stderr).toContain(
      '26 objects listed (1 pages), 10 sent, 15 skipped by time, 1 skipped as empty',
    );

    const untilOnly = await newQueue();
    await cli(
      remote(
        untilOnly.url,
        '--prefix',
        PREFIX,
        '--until',
        '2024-01-10T08:00:00Z',
        '--checkpoint',
        join(root, 'range.json'),
      ),
    );
    expect(untilOnly.keys()).toEqual(ALL_KEYS.slice(0, 10));
  });

  it('resumes a replay of --since 7d over the range it started with, not one shifted to today', async () => {
    const queue = await newQueue();
    const checkpoint = join(root, 'relative.json');
    await new ReplayCheckpointFile(checkpoint).save({
      bucket: BUCKET,
      prefix: PREFIX,
      since: '7d',
      sinceMs: Date.parse('2024-03-01T00:00:00Z'),
      lastKey: keyOf(11),
      sent: 2,
      complete: false,
      startedAt: '2024-03-08T00:00:00.000Z',
      updatedAt: '2024-03-08T00:00:01.000Z',
    });
    const result = await cli(
      remote(queue.url, '--prefix', PREFIX, '--since', '7d', '--checkpoint', checkpoint),
    );
    expect(result.code).toBe(0);
    expect(queue.keys()).toEqual(ALL_KEYS.slice(12));
  });

  it('keeps to the rate: at 10/s, batches of ten go at least a second apart', async () => {
    const queue = await newQueue();
    const result = await cli(
      remote(queue.url, '--prefix', PREFIX, '--rate', '10/s', '--checkpoint', join(root, 'rate.json')),
    );
    expect(result.code).toBe(0);
    expect(queue.keys()).toHaveLength(OBJECTS);
    const sentAt = (messaging.server.inspectQueue(queue.name)?.messages.ready ?? [])
      .map((m) => m.sentTimestamp)
      .sort((a, b) => a - b);
    // Batches of ten, each at least a second after the one before (less the network's jitter).
    expect((sentAt[10] ?? 0) - (sentAt[9] ?? 0)).toBeGreaterThanOrEqual(900);
    expect((sentAt[20] ?? 0) - (sentAt[19] ?? 0)).toBeGreaterThanOrEqual(900);
  });

  it('names every message the queue refuses and why, exits 1, and a rerun sends them again', async () => {
    // A FIFO queue answers each entry without a message group as failed, the batch call itself succeeds.
    messaging.server.createQueue('refusing.fifo', { attributes: { FifoQueue: 'true' } });
    const fifo = messaging.server.inspectQueue('refusing.fifo')?.url ?? '';
    const checkpoint = join(root, 'refused-entries.json');
    const args = remote(fifo, '--prefix', PREFIX, '--checkpoint', checkpoint);

    const first = await cli(args);
    expect(first.stderr).not.toMatch(/^\s+at /m);
    expect(first.code).toBe(1);
    expect(first.stderr).toContain(
      `failed ${keyOf(0)}: MissingParameter: The request must contain the parameter MessageGroupId.`,
    );
    expect(first.stderr).toContain('... and 5 more failed');
    expect(first.stderr).toContain(
      '26 objects listed (1 pages), 0 sent, 0 skipped by time, 1 skipped as empty, 25 failed',
    );

    const rerun = await cli(args);
    expect(rerun.code).toBe(1);
    expect(rerun.stderr).not.toContain('replayed completely');
    expect(rerun.stderr).toContain('25 failed');
  });

  it('says why it cannot list the bucket, in one line, and exits 1', async () => {
    const queue = await newQueue();
    const args = remote(queue.url, '--prefix', PREFIX, '--checkpoint', join(root, 'unlisted.json'));
    args[1] = 'no-such-bucket';
    const result = await cli(args);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /stopped \(cannot list s3:\/\/no-such-bucket\/raw\/fleet\/: NoSuchBucket: .+\) before the first batch/,
    );
    expect(queue.keys()).toEqual([]);
  });

  it('names the objects it could not send and why, stops, and exits 1 when the queue refuses them', async () => {
    const result = await cli(
      remote(
        'http://sqs.us-east-1.localhost/000000000000/no-such-queue',
        '--prefix',
        PREFIX,
        '--checkpoint',
        join(root, 'refused.json'),
      ),
    );
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`failed ${keyOf(0)}: \\S+`));
    expect(result.stderr).toContain('0 sent');
    expect(result.stderr).toMatch(/10 failed\n/);
    expect(result.stderr).toMatch(/stopped \(the queue refused a batch: .+\) before the first batch/);
    expect(existsSync(join(root, 'refused.json'))).toBe(false);
  });
});

describe('replay on a terminal', () => {
  it('redraws one progress line on stderr, then clears it and prints the summary', async () => {
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      AWS_REGION: 'us-east-1',
    });
    const queue = await newQueue();
    const written: string[] = [];
    const io: CommandIo = {
      stdout: { write: () => true },
      stderr: { write: (text: string) => written.push(text), isTTY: true },
      now: () => new Date(),
    };
    const code = await replayCommand(
      remote(queue.url, '--prefix', PREFIX, '--checkpoint', join(root, 'tty.json')),
      {
        io,
        clock: SYSTEM_CLOCK,
      },
    );
    expect(code).toBe(0);
    const progress = written.filter(
      (text) => text.startsWith('\r') && text.endsWith('\u001b[K') && text.length > 4,
    );
    expect(progress.length).toBeGreaterThan(0);
    // Carriage return to redraw in place, erase-to-end-of-line after.
    expect(progress[0]?.slice(1, -3)).toMatch(
      /^\d+ listed {2}\d+ sent {2}[\d,]+\/s {2}0 skipped by time {2}0 failed {2}raw\/fleet\/obj-\d\d\.xml$/,
    );
    const summaryAt = written.findIndex((text) => text.includes('objects listed'));
    expect(written[summaryAt - 1]).toBe('\r\u001b[K');
  });
});

describe('replay refuses bad input before sending anything', () => {
  const quiet: CommandIo = {
    stdout: { write: () => true },
    stderr: { write: () => true },
    now: () => new Date(),
  };
  const refused = (args: readonly string[]) => replayCommand(args, { io: quiet, clock: SYSTEM_CLOCK });

  it.each([
    [['--rate', 'fast'], /--rate: 'fast' is not a rate such as 50\/s/],
    [
      ['--since', '2024-03-02', '--until', '2024-03-01'],
      /--since \(2024-03-02\) is after --until \(2024-03-01\)/,
    ],
    [['--queue', 'https://sqs.eu-west-1.amazonaws.com/123456789012/ingest'], /--bucket .* is required/],
  ])('on the command line: %j exits 2 with one line and no stack trace', async (args, message) => {
    const result = await cli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stderr.split('\n')[0]).toMatch(message);
    expect(result.stderr.split('\n')[0]).toMatch(/^winlog-correlator: /);
  });

  it.each([
    [['--rate', '0/s'], /--rate: '0\/s' is not a rate/],
    [['--since', 'last tuesday'], /--since: 'last tuesday' is not a time/],
    [['--until', '2024-13-45'], /--until: '2024-13-45' is not a time/],
    [['--page-size', '5000'], /--page-size: at most 1000/],
    [['--page-size', '0'], /--page-size: '0' is not a positive integer/],
    [
      [
        '--queue',
        'https://sqs.eu-west-1.amazonaws.com/123456789012/ingest',
        '--bucket',
        'b',
        '--prefix',
        'quarantine/',
      ],
      /--prefix 'quarantine\/' is outside the raw prefix 'raw\/'/,
    ],
    [
      [
        '--queue',
        'https://sqs.eu-west-1.amazonaws.com/123456789012/ingest',
        '--bucket',
        'b',
        '--raw-prefix',
        'logs',
      ],
      /--raw-prefix must end with '\/'/,
    ],
    [['--prefix', 'audit/'], /--prefix 'audit\/' is outside the raw prefix 'raw\/'/],
    [['--data-dir', join(root, 'no-such-folder')], /no local pipeline data in .*no-such-folder/],
    [['--s3-endpoint', 'http://127.0.0.1:9', '--bucket', 'b'], /--queue .* is required/],
    [
      ['--data-dir', 'd', '--queue', 'http://q', '--bucket', 'b'],
      /--data-dir replays into the local pipeline/,
    ],
    [
      ['--bucket', 'corp-logs'],
      /--bucket corp-logs is not the local pipeline's raw bucket \(fleet-winlogs\)/,
    ],
    [['extra'], /replay takes no arguments/],
    [['--rate'], /argument missing/],
  ])('%j', async (args, message) => {
    const error = await refused(args).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
  });

  it('a checkpoint file that is not one, before anything is sent', async () => {
    const file = join(root, 'not-a-checkpoint.json');
    writeFileSync(file, 'hello');
    const queue = await newQueue();
    const error = await refused(remote(queue.url, '--checkpoint', file)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/--checkpoint: .* is not a replay checkpoint file/);
    expect(queue.keys()).toEqual([]);
    expect(readFileSync(file, 'utf8')).toBe('hello');
  });
});
