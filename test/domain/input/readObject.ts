import { createRawInflater } from '../../../adapters/node/createRawInflater';
import { BUNDLED_RULES_PATH, loadRules } from '../../../adapters/node/loadRules';
import type { NormalisedEvent } from '../../../domain/event/NormalisedEvent';
import type { RecordRejection } from '../../../domain/event/RecordRejection';
import { buildPrefilter } from '../../../domain/input/Prefilter';
import type { ReadOptions } from '../../../domain/input/ReadOptions';
import { type ObjectReadSummary, readEventsFromObject } from '../../../domain/input/readEventsFromObject';

export const kbPrefilter = buildPrefilter(loadRules(BUNDLED_RULES_PATH));

export interface ObjectRead {
  readonly events: NormalisedEvent[];
  readonly rejections: RecordRejection[];
  /** Records no rule needs that were parsed for sampling (only with `sampleEvery`). */
  readonly sampled: NormalisedEvent[];
  readonly summary: ObjectReadSummary;
}

/** Reads bytes through the real reader, delivered in the given chunks (one chunk unless `chunkSize`). */
export async function readObject(
  bytes: Buffer | string,
  options: Partial<ReadOptions> & { chunkSize?: number } = {},
): Promise<ObjectRead> {
  const buffer = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  const chunkSize = options.chunkSize ?? Math.max(buffer.length, 1);
  async function* chunks(): AsyncGenerator<Buffer> {
    for (let at = 0; at < buffer.length; at += chunkSize) yield buffer.subarray(at, at + chunkSize);
  }
  const events: NormalisedEvent[] = [];
  const rejections: RecordRejection[] = [];
  const sampled: NormalisedEvent[] = [];
  const summary = await readEventsFromObject(
    chunks(),
    'test-object',
    {
      format: 'auto',
      timeZone: 'UTC',
      maxObjectBytes: 64 * 1024 * 1024,
      maxRecordBytes: 1024 * 1024,
      prefilter: kbPrefilter,
      createInflater: createRawInflater,
      ...options,
    },
    { event: (e) => events.push(e), rejected: (r) => rejections.push(r), sampled: (e) => sampled.push(e) },
  );
  return { events, rejections, sampled, summary };
}
