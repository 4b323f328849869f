import { Worker } from 'node:worker_threads';
import { RECOVERABLE_STREAM_BYTES } from './FedBytes';
import type { InflateStep, RawInflater } from './RawInflater';

/** Size of each pooled output buffer. */
const OUTPUT_BUFFER_BYTES = 1024 * 1024;
/** Output buffers the worker may fill ahead of the reader. */
const BUFFERS_AHEAD = 8;
/** Compressed chunks sent to the worker and not yet taken by zlib. */
const INPUT_CHUNKS_AHEAD = 8;

/**
 * The inflating side, in plain JavaScript so it runs the same from TypeScript sources, tests and the
 * esbuild bundle of the Lambda function. It copies zlib's output into a fixed pool of buffers that
 * travel to the reader and back, so the reader's thread allocates nothing per chunk. Each stream's end
 * or failure is posted after all of its output, so the reader knows exactly what came before it.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const zlib = require('node:zlib');
const size = workerData.bufferBytes;
const free = Array.from({ length: workerData.buffers }, () => new ArrayBuffer(size));
let current = null;
let filled = 0;
const pending = [];
const CHUNK = 256 * 1024;
// zlib takes a fresh output buffer each time one fills up, and the dead ones pile up outside the heap
// until V8 collects, which is most of this thread's memory. Once every byte of a full buffer has been
// copied into the pool it is handed back to zlib's next allocation instead.
const spare = [];
const allocUnsafe = Buffer.allocUnsafe;
Buffer.allocUnsafe = (n) => (n === CHUNK && spare.length > 0 ? spare.pop() : allocUnsafe(n));
let stream = 0;
let inflater = null;
let settled = true;
let last = null;
// Input of the current stream kept until zlib has used it (and, up to a size, from its start, so a
// damaged stream can be inflated again by the reader); what a stream did not use goes back as 'left'.
const RECOVERABLE = workerData.recoverableBytes;
let fed = [];
let releasedTo = 0;
let kept = 0;

function release(consumed) {
  if (kept <= RECOVERABLE) return;
  while (fed.length > 0 && releasedTo + fed[0].length <= consumed) {
    releasedTo += fed[0].length;
    kept -= fed[0].length;
    fed.shift();
  }
}

function sendLeft(parts, fromStart) {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  parentPort.postMessage({ t: 'left', s: stream, buf: out.buffer, fromStart }, [out.buffer]);
}

function keptFrom(offset) {
  const parts = [];
  let at = releasedTo;
  for (const chunk of fed) {
    const skip = Math.max(0, offset - at);
    if (skip < chunk.length) parts.push(skip > 0 ? chunk.subarray(skip) : chunk);
    at += chunk.length;
  }
  return parts;
}

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

// zlib need not call back for input it holds when a stream ends or fails; that input is sent back now,
// so every write is acknowledged then.
let outstanding = new Set();

function ack(write) {
  outstanding.delete(write);
  if (write.acked) return;
  write.acked = true;
  parentPort.postMessage({ t: 'ack' });
}

function settle(message) {
  settled = true;
  for (const write of [...outstanding]) ack(write);
  if (message.t === 'end') sendLeft(keptFrom(message.consumed), false);
  else sendLeft(keptFrom(releasedTo), releasedTo === 0);
  fed = [];
  last = message;
  if (drain()) finishStream();
}

function finishStream() {
  flush();
  parentPort.postMessage(last);
  last = null;
}

function begin() {
  if (inflater !== null) inflater.destroy();
  stream++;
  settled = false;
  fed = [];
  releasedTo = 0;
  kept = 0;
  const own = zlib.createInflateRaw({ chunkSize: CHUNK });
  const id = stream;
  let crc = 0;
  inflater = own;
  own.on('data', (chunk) => {
    crc = zlib.crc32(chunk, crc);
    pending.push(chunk);
    if (!drain()) own.pause();
  });
  own.on('end', () => { if (id === stream) settle({ t: 'end', s: id, consumed: own.bytesWritten, crc }); });
  own.on('error', (error) => { if (id === stream && !settled) settle({ t: 'error', s: id, message: error.message }); });
}

parentPort.on('message', (message) => {
  if (message.t === 'begin') {
    begin();
  } else if (message.t === 'in') {
    const own = inflater;
    const id = stream;
    const data = Buffer.from(message.data);
    if (own === null || settled) {
      sendLeft([data], false);
      parentPort.postMessage({ t: 'ack' });
    } else {
      fed.push(data);
      kept += data.length;
      const write = { acked: false };
      outstanding.add(write);
      own.write(data, () => {
        if (id === stream && !settled) release(own.bytesWritten);
        ack(write);
      });
    }
  } else if (message.t === 'finish') {
    if (inflater !== null && !settled) inflater.end();
  } else if (message.t === 'free') {
    free.push(message.buf);
    if (drain()) {
      if (last !== null) finishStream();
      else if (inflater !== null && inflater.isPaused()) inflater.resume();
    }
  }
});
`;

type WorkerMessage =
  | { readonly t: 'out'; readonly buf: ArrayBuffer; readonly len: number }
  | { readonly t: 'ack' }
  | { readonly t: 'left'; readonly s: number; readonly buf: ArrayBuffer; readonly fromStart: boolean }
  | { readonly t: 'end'; readonly s: number; readonly consumed: number; readonly crc: number }
  | { readonly t: 'error'; readonly s: number; readonly message: string };

/**
 * Raw inflate on a worker thread. Inflating on zlib's own thread pool needs this thread for every
 * chunk's completion callback and a fresh buffer per chunk, whose external memory forces frequent full
 * garbage collections; here inflating runs beside the reader and the buffers are reused.
 *
 * A chunk that `read` returns stays valid while `keepChunks` later chunks are read: readers may hold a
 * record that spans chunks for at most that long (records are capped at `maxRecordBytes`).
 */
export class WorkerRawInflater implements RawInflater {
  private worker: Worker | undefined;
  private readonly keepChunks: number;
  private readonly inbox: WorkerMessage[] = [];
  private readonly held: ArrayBuffer[] = [];
  private wake: (() => void) | undefined;
  private ackWake: (() => void) | undefined;
  private failure: Error | undefined;
  private stream = 0;
  private sent = 0;
  private acks = 0;
  private settled = false;
  private left: Buffer[] = [];
  private leftFromStart = false;
  /** Chunks given after the stream ended, never sent to the worker. */
  private late: Buffer[] = [];

  constructor(maxRecordBytes: number) {
    this.keepChunks = Math.ceil(maxRecordBytes / OUTPUT_BUFFER_BYTES) + 2;
  }

  begin(): void {
    this.stream++;
    this.settled = false;
    this.left = [];
    this.late = [];
    this.leftFromStart = false;
    this.start().postMessage({ t: 'begin' });
  }

  async write(chunk: Buffer): Promise<void> {
    while (this.sent - this.acks >= INPUT_CHUNKS_AHEAD && !this.settled && !this.failure) {
      await new Promise<void>((resolve) => {
        this.ackWake = resolve;
      });
    }
    if (this.settled || this.failure) {
      this.late.push(chunk);
      return;
    }
    // A chunk that owns its whole buffer moves to the worker (which sends back what a stream does not
    // use); anything else (a slice of a pool) is copied.
    const owned =
      chunk.byteOffset === 0 &&
      chunk.byteLength === chunk.buffer.byteLength &&
      chunk.buffer instanceof ArrayBuffer;
    const data = owned
      ? (chunk.buffer as ArrayBuffer)
      : (chunk.buffer.slice(chunk.byteOffset, chunk.byteOffset + chunk.length) as ArrayBuffer);
    this.start().postMessage({ t: 'in', data }, [data]);
    this.sent++;
  }

  async leftover(): Promise<{ bytes: Buffer[]; fromStart: boolean }> {
    while (this.acks < this.sent && !this.failure) {
      await new Promise<void>((resolve) => {
        this.ackWake = resolve;
      });
    }
    return { bytes: [...this.left, ...this.late], fromStart: this.leftFromStart };
  }

  finish(): void {
    if (!this.settled) this.start().postMessage({ t: 'finish' });
  }

  async read(): Promise<InflateStep> {
    for (;;) {
      while (this.inbox.length === 0 && !this.failure) {
        await new Promise<void>((resolve) => {
          this.wake = resolve;
        });
      }
      const message = this.inbox.shift();
      if (message === undefined) {
        this.settled = true;
        return { kind: 'error', message: this.failure?.message ?? 'inflater stopped' };
      }
      if (message.t === 'out') {
        // A part-filled buffer (a stream's last output) is copied and handed back at once, so every
        // buffer held for the reader is a full one and `keepChunks` of them cover the longest record.
        if (message.len < OUTPUT_BUFFER_BYTES) {
          const chunk = Buffer.from(new Uint8Array(message.buf, 0, message.len));
          this.worker?.postMessage({ t: 'free', buf: message.buf }, [message.buf]);
          return { kind: 'data', chunk };
        }
        this.held.push(message.buf);
        if (this.held.length > this.keepChunks) {
          const reusable = this.held.shift() as ArrayBuffer;
          this.worker?.postMessage({ t: 'free', buf: reusable }, [reusable]);
        }
        return { kind: 'data', chunk: Buffer.from(message.buf, 0, message.len) };
      }
      if (message.t === 'ack' || message.t === 'left' || message.s !== this.stream) continue;
      this.settled = true;
      this.ackWake?.();
      if (message.t === 'end') {
        return { kind: 'end', consumed: message.consumed, crc: message.crc };
      }
      return { kind: 'error', message: message.message };
    }
  }

  async close(): Promise<void> {
    this.settled = true;
    this.ackWake?.();
    await this.worker?.terminate();
    this.worker = undefined;
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        bufferBytes: OUTPUT_BUFFER_BYTES,
        buffers: this.keepChunks + BUFFERS_AHEAD,
        recoverableBytes: RECOVERABLE_STREAM_BYTES,
      },
    });
    worker.on('message', (message: WorkerMessage) => {
      if (message.t === 'ack') {
        this.acks++;
        this.ackWake?.();
        return;
      }
      if (message.t === 'left') {
        if (message.s !== this.stream) return;
        if (message.buf.byteLength > 0) this.left.push(Buffer.from(message.buf));
        this.leftFromStart ||= message.fromStart;
        return;
      }
      this.inbox.push(message);
      this.wake?.();
    });
    worker.on('error', (error) => {
      this.failure = error;
      this.wake?.();
      this.ackWake?.();
    });
    this.worker = worker;
    return worker;
  }
}
