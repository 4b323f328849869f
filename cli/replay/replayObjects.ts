import type { S3Client } from '@aws-sdk/client-s3';
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { listObjectsInKeyOrder, ObjectListingError } from './listObjectsInKeyOrder';
import type { MessagePacer } from './MessagePacer';
import { type ListedObject, replayNotification } from './replayNotification';

/** One object that could not be sent, and why. */
export interface ReplayFailure {
  readonly key: string;
  readonly reason: string;
}

export interface ReplayProgress {
  readonly pages: number;
  readonly listed: number;
  readonly sent: number;
  readonly skippedByTime: number;
  /** Folder markers and empty objects: the ingest function skips them too. */
  readonly skippedEmpty: number;
  readonly failed: number;
  readonly lastKey?: string;
}

/** Failures named in the summary; beyond them only the count grows, so memory stays bounded. */
export const FAILURES_KEPT = 100;

export interface ReplaySummary extends ReplayProgress {
  /** The first FAILURES_KEPT failures, in key order. */
  readonly failures: readonly ReplayFailure[];
  /** Every object up to this key was sent (the checkpoint); absent when none was. */
  readonly doneUpTo?: string;
  /** Every object under the prefix was handled. */
  readonly complete: boolean;
  /** Why the replay stopped before the end: interrupted, or the queue refused a whole batch. */
  readonly stoppedBecause?: string;
}

export interface ReplayOptions {
  readonly s3: S3Client;
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  /** The region written into the notifications (the bucket's). */
  readonly region: string;
  readonly bucket: string;
  readonly prefix: string;
  /** LastModified range, inclusive; open when absent. */
  readonly sinceMs?: number;
  readonly untilMs?: number;
  /** Resume: only keys after this one are listed. */
  readonly afterKey?: string;
  readonly pacer: MessagePacer;
  readonly pageSize?: number;
  /**
   * Called once the queue took a batch, with the key up to which every object was sent: the batch's last
   * key, until a message fails; from then on it stays before the first failure, so a rerun sends the
   * failed ones again. The replay waits for it, so a checkpoint written here is never ahead of the queue.
   */
  readonly acknowledged: (doneUpTo: string, progress: ReplayProgress) => Promise<void>;
  readonly onProgress?: (progress: ReplayProgress) => void;
  /** Aborting stops before the next batch; the batch in flight is finished and acknowledged. */
  readonly signal?: AbortSignal;
  /** Attempts per message the queue reports as failed in a batch answer. @default 3 */
  readonly attempts?: number;
}

/**
 * Lists the objects under a prefix in key order, page by page, and sends each one in the LastModified
 * range to the ingest queue as the S3 event notification the bucket would have sent when it arrived,
 * ten messages per SendMessageBatch, paced. Memory holds one listing page and one batch.
 */
export async function replayObjects(options: ReplayOptions): Promise<ReplaySummary> {
  const counts = { pages: 0, listed: 0, sent: 0, skippedByTime: 0, skippedEmpty: 0, failed: 0 };
  const failures: ReplayFailure[] = [];
  const fail = (failed: readonly ReplayFailure[]): void => {
    counts.failed += failed.length;
    failures.push(...failed.slice(0, Math.max(0, FAILURES_KEPT - failures.length)));
  };
  let lastKey: string | undefined;
  let doneUpTo = options.afterKey;
  let stoppedBecause: string | undefined;
  const progress = (): ReplayProgress => ({ ...counts, lastKey });
  const inRange = (object: ListedObject): boolean => {
    const at = object.lastModified.getTime();
    return (
      (options.sinceMs === undefined || at >= options.sinceMs) &&
      (options.untilMs === undefined || at <= options.untilMs)
    );
  };

  let batch: ListedObject[] = [];
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    try {
      await options.pacer.waitToSend(batch.length, options.signal);
    } catch (error) {
      if (options.signal?.aborted) {
        stoppedBecause = 'interrupted';
        return;
      }
      throw error;
    }
    const sending = batch;
    batch = [];
    let failed: ReplayFailure[];
    try {
      failed = await sendBatch(options, sending);
    } catch (error) {
      const reason = describeError(error);
      fail(sending.map((object) => ({ key: object.key, reason })));
      stoppedBecause = `the queue refused a batch: ${reason}`;
      return;
    }
    counts.sent += sending.length - failed.length;
    const noFailureBefore = counts.failed === 0;
    fail(failed);
    lastKey = sending[sending.length - 1]?.key;
    if (noFailureBefore) {
      const failedKeys = new Set(failed.map((f) => f.key));
      const firstFailed =
        failed.length === 0 ? sending.length : sending.findIndex((o) => failedKeys.has(o.key));
      const done = firstFailed > 0 ? sending[firstFailed - 1]?.key : undefined;
      if (done !== undefined) {
        doneUpTo = done;
        await options.acknowledged(done, progress());
      }
    }
    options.onProgress?.(progress());
  };

  const objects = listObjectsInKeyOrder(options.s3, options.bucket, options.prefix, {
    afterKey: options.afterKey,
    pageSize: options.pageSize,
    onPage: () => {
      counts.pages += 1;
    },
  });
  let listingFailed: string | undefined;
  try {
    for await (const object of objects) {
      if (options.signal?.aborted) {
        stoppedBecause = 'interrupted';
        break;
      }
      counts.listed += 1;
      if (object.key.endsWith('/') || object.size === 0) counts.skippedEmpty += 1;
      else if (!inRange(object)) counts.skippedByTime += 1;
      else batch.push(object);
      if (batch.length >= options.pacer.batchSize) await flush();
      if (stoppedBecause !== undefined) break;
      if (counts.listed % 100 === 0) options.onProgress?.(progress());
    }
  } catch (error) {
    if (!(error instanceof ObjectListingError)) throw error;
    listingFailed = error.message;
  }
  // What was listed before a listing failed is still sent.
  if (stoppedBecause === undefined) await flush();
  stoppedBecause ??= listingFailed;
  return {
    ...progress(),
    failures,
    ...(doneUpTo === undefined ? {} : { doneUpTo }),
    complete: stoppedBecause === undefined,
    ...(stoppedBecause === undefined ? {} : { stoppedBecause }),
  };
}

/** Sends one batch; entries the queue reports as failed are sent again, up to `attempts` in all. */
async function sendBatch(options: ReplayOptions, objects: readonly ListedObject[]): Promise<ReplayFailure[]> {
  let pending = objects.map((object, index) => ({ id: String(index), object, reason: '' }));
  const failures: ReplayFailure[] = [];
  const attempts = options.attempts ?? 3;
  for (let attempt = 1; attempt <= attempts && pending.length > 0; attempt++) {
    if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** (attempt - 2)));
    const response = await options.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: options.queueUrl,
        Entries: pending.map(({ id, object }) => ({
          Id: id,
          MessageBody: JSON.stringify(replayNotification(options.bucket, options.region, object)),
        })),
      }),
    );
    const failed = new Map((response.Failed ?? []).map((f) => [f.Id, f]));
    const again: typeof pending = [];
    for (const entry of pending) {
      const failure = failed.get(entry.id);
      if (!failure) continue;
      const reason = `${failure.Code ?? 'Failed'}: ${failure.Message ?? ''}`.trim();
      // A sender fault (a body SQS will never take) is not sent again.
      if (failure.SenderFault) failures.push({ key: entry.object.key, reason });
      else again.push({ ...entry, reason });
    }
    pending = again;
  }
  failures.push(...pending.map(({ object, reason }) => ({ key: object.key, reason })));
  return failures;
}

function describeError(error: unknown): string {
  const e = error as { name?: string; message?: string };
  return [e.name, e.message].filter((part) => part !== undefined && part !== '').join(': ') || String(error);
}
