import { createReadStream } from 'node:fs';
import { createRawInflater } from '../../adapters/node/createRawInflater';
import type { ReadOptions } from '../../domain/input/ReadOptions';
import { readEventsFromObject } from '../../domain/input/readEventsFromObject';
import { type FileReads, readFailureReason } from './FileReads';

const READ_CHUNK_BYTES = 256 * 1024;

/** Reads each file on this thread when it is asked for; `inflateInWorker(i)` says whether gzip inflates on a worker. */
export function readFilesHere(
  files: readonly string[],
  options: Omit<ReadOptions, 'inflateInWorker' | 'onProgress' | 'createInflater'>,
  inflateInWorker: (index: number) => boolean,
): FileReads {
  return {
    async read(index, sink, progress) {
      const file = files[index] as string;
      const input = { bytes: 0 };
      try {
        const summary = await readEventsFromObject(
          readCounting(file, input),
          file,
          {
            ...options,
            createInflater: createRawInflater,
            inflateInWorker: inflateInWorker(index),
            onProgress: ({ bytes, events }) => progress({ inputBytes: input.bytes, bytes, events }),
          },
          sink,
        );
        return { kind: 'read', summary };
      } catch (error) {
        return { kind: 'unreadable', reason: readFailureReason(error) };
      }
    },
    close: async () => {},
  };
}

async function* readCounting(file: string, input: { bytes: number }): AsyncGenerator<Buffer> {
  for await (const chunk of createReadStream(file, { highWaterMark: READ_CHUNK_BYTES })) {
    input.bytes += (chunk as Buffer).length;
    yield chunk as Buffer;
  }
}
