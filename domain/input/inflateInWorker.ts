import { Worker } from 'node:worker_threads';
import type { DecodeReport } from './decodeObjectStream';

/** Size of each pooled output buffer. */
const OUTPUT_BUFFER_BYTES = 1024 * 1024;
/** Output buffers the worker may fill ahead of the reader. */
const BUFFERS_AHEAD = 8;
/** Compressed chunks sent to the worker and not yet taken by zlib. */
const INPUT_CHUNKS_AHEAD = 8;

/**
 * The inflating side, in plain JavaScript so it runs the same from TypeScript sources, tests and the
 * esbuild bundle of the Lambda function. It copies zlib's output into a fixed pool of buffers that
 * travel to the reader and back, so the reader's thread allocates nothing per chunk.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const zlib = require('node:zlib');
const size = workerData.bufferBytes;
const free = Array.from({ length: workerData.buffers }, () => new ArrayBuffer(size));
let current = null;
let filled = 0;
const pending = [];
let ended = false;
const CHUNK = 256 * 1024;
// zlib takes a fresh output buffer each time one fills up, and the dead ones pile up outside the heap
// until V8 collects, which is most of this thread's memory. Once every byte of a full buffer has been
// copied into the pool it is handed back to zlib's next allocation instead.
const spare = [];
const allocUnsafe = Buffer.allocUnsafe;
Buffer.allocUnsafe = (n) => (n === CHUNK && spare.length > 0 ? spare.pop() : allocUnsafe(n));
const gunzip = zlib.createGunzip({ chunkSize: CHUNK });

function flush() {
  if (current !== null && filled > 0) {
    parentPort.postMessage({ t: 'out', buf: current, len: filled }, [current]);
    current = null;
    filled = 0;
  }
}

function drain() {
  while (pending.length > 0) {
    if (current === null) {
      if (free.length === 0) return false;
      current = free.pop();
      filled = 0;
    }
    const chunk = pending[0];
    const n = Math.min(chunk.length, size - filled);
    new Uint8Array(current, filled, n).set(chunk.subarray(0, n));
    filled += n;
    if (n === chunk.length) {
      pending.shift();
      if (chunk.byteOffset + chunk.length === CHUNK && chunk.buffer.byteLength === CHUNK) {
        spare.push(Buffer.from(chunk.buffer));
      }
    } else pending[0] = chunk.subarray(n);
    if (filled === size) flush();
  }
  return true;
}

gunzip.on('data', (chunk) => {
  pending.push(chunk);
  if (!drain()) gunzip.pause();
});
gunzip.on('end', () => {
  ended = true;
  if (drain()) {
    flush();
    parentPort.postMessage({ t: 'done' });
  }
});
gunzip.on('error', (error) => {
  // What was inflated before the damage is still delivered (as far as the pool allows).
  drain();
  flush();
  parentPort.postMessage({ t: 'error', message: error.message });
});
parentPort.on('message', (message) => {
  if (message.t === 'in') {
    gunzip.write(Buffer.from(message.data), () => parentPort.postMessage({ t: 'ack' }));
  } else if (message.t === 'end') {
    gunzip.end();
  } else if (message.t === 'free') {
    free.push(message.buf);
    if (drain()) {
      if (ended) {
        flush();
        parentPort.postMessage({ t: 'done' });
      } else if (gunzip.isPaused()) gunzip.resume();
    }
  }
});
`;

type WorkerMessage =
  | { readonly t: 'out'; readonly buf: ArrayBuffer; readonly len: number }
  | { readonly t: 'ack' }
  | { readonly t: 'done' }
  | { readonly t: 'error'; readonly message: string };

/**
 * Gunzip (all members) on a worker thread. Inflating on zlib's own thread pool needs this thread for
 * every chunk's completion callback and a fresh buffer per chunk, whose external memory forces frequent
 * full garbage collections; here inflating runs beside the reader and the buffers are reused.
 *
 * A yielded buffer stays valid while `keepChunks` later chunks are read: readers may hold a record
 * that spans chunks for at most that long (records are capped at `maxRecordBytes`).
 */
export async function* inflateInWorker(
  input: AsyncIterable<Uint8Array>,
  report: DecodeReport,
  maxRecordBytes: number,
): AsyncGenerator<Buffer> {
  const keepChunks = Math.ceil(maxRecordBytes / OUTPUT_BUFFER_BYTES) + 2;
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      bufferBytes: OUTPUT_BUFFER_BYTES,
      buffers: keepChunks + BUFFERS_AHEAD,
    },
  });
  const inbox: WorkerMessage[] = [];
  let wake: (() => void) | undefined;
  let acks = 0;
  let ackWake: (() => void) | undefined;
  let workerFailure: Error | undefined;
  worker.on('message', (message: WorkerMessage) => {
    if (message.t === 'ack') {
      acks++;
      ackWake?.();
      return;
    }
    inbox.push(message);
    wake?.();
  });
  worker.on('error', (error) => {
    workerFailure = error;
    wake?.();
    ackWake?.();
  });

  let sent = 0;
  let stopped = false;
  const source = input[Symbol.asyncIterator]();
  const feeding = (async () => {
    for (let next = await source.next(); !next.done && !stopped; next = await source.next()) {
      while (sent - acks >= INPUT_CHUNKS_AHEAD && !workerFailure && !stopped) {
        await new Promise<void>((resolve) => {
          ackWake = resolve;
        });
      }
      if (workerFailure || stopped) break;
      // A chunk that owns its whole buffer moves to the worker; anything else (a slice of a pool) is copied.
      const chunk = next.value;
      const owned =
        chunk.byteOffset === 0 &&
        chunk.byteLength === chunk.buffer.byteLength &&
        chunk.buffer instanceof ArrayBuffer;
      const data = owned ? (chunk.buffer as ArrayBuffer) : new Uint8Array(chunk).buffer;
      worker.postMessage({ t: 'in', data }, [data]);
      sent++;
    }
    if (stopped || workerFailure) await source.return?.();
    else worker.postMessage({ t: 'end' });
  })().catch((error: unknown) => {
    workerFailure = error instanceof Error ? error : new Error(String(error));
    wake?.();
  });

  const held: ArrayBuffer[] = [];
  try {
    for (;;) {
      while (inbox.length === 0 && !workerFailure) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
      const message = inbox.shift();
      if (message === undefined || message.t === 'error') {
        report.failure ??= {
          reason: 'corrupt-compression',
          detail: `gzip: ${message?.t === 'error' ? message.message : (workerFailure?.message ?? 'inflater stopped')}`,
        };
        return;
      }
      if (message.t === 'done') return;
      if (message.t !== 'out') continue;
      held.push(message.buf);
      yield Buffer.from(message.buf, 0, message.len);
      if (held.length > keepChunks) {
        const reusable = held.shift() as ArrayBuffer;
        worker.postMessage({ t: 'free', buf: reusable }, [reusable]);
      }
    }
  } finally {
    stopped = true;
    ackWake?.();
    await worker.terminate();
    await feeding;
  }
}
