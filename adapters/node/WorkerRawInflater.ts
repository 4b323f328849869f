import type { Worker } from 'node:worker_threads';
import { RECOVERABLE_STREAM_BYTES } from '../../domain/input/FedBytes';
import type { InflateStep, RawInflater } from '../../domain/input/RawInflater';
import { inflateRawPrefix } from './inflateRawPrefix';
import type { FromInflateWorker, InflateWorkerData, ToInflateWorker } from './inflateWorkerProtocol';
import { startThreadModule } from './startThreadModule';

/** Size of each pooled output buffer. */
const OUTPUT_BUFFER_BYTES = 1024 * 1024;
/** Output buffers the worker may fill ahead of the reader. */
const BUFFERS_AHEAD = 8;
/** Compressed chunks sent to the worker and not yet taken by zlib. */
const INPUT_CHUNKS_AHEAD = 8;

/**
 * A worker left by a closed inflater with nothing in flight, for the next one on this thread: starting a
 * worker costs tens of milliseconds, per object, which a folder of files or a warm Lambda pays again and
 * again. Unreferenced while idle, so it never keeps the process alive.
 */
interface IdleWorker {
  readonly worker: Worker;
  readonly buffers: number;
  /** The worker's stream counter, which the next inflater continues. */
  readonly stream: number;
}
let idle: IdleWorker | undefined;

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
  private readonly inbox: FromInflateWorker[] = [];
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

  /** Output chunks the worker has sent that `read` has not taken yet; exposed so tests can check the bound. */
  get chunksAhead(): number {
    return this.inbox.filter((message) => message.t === 'out').length;
  }

  begin(): void {
    this.stream++;
    this.settled = false;
    this.left = [];
    this.late = [];
    this.leftFromStart = false;
    this.send({ t: 'begin' });
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
    this.send({ t: 'in', data }, [data]);
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
    if (!this.settled) this.send({ t: 'finish' });
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

  inflatePrefix(prefix: Buffer, maxOutputBytes: number): Buffer | undefined {
    return inflateRawPrefix(prefix, maxOutputBytes);
  }

  async close(): Promise<void> {
    const { worker } = this;
    const quiet = this.settled && this.acks === this.sent && this.inbox.length === 0 && !this.failure;
    this.settled = true;
    this.ackWake?.();
    this.worker = undefined;
    if (worker === undefined) return;
    if (!quiet || idle !== undefined) {
      await worker.terminate();
      return;
    }
    // Its output buffers go home, so the next inflater finds the pool whole.
    for (const buf of this.held.splice(0)) worker.postMessage({ t: 'free', buf }, [buf]);
    worker.removeAllListeners('message');
    worker.removeAllListeners('error');
    const forget = () => {
      if (idle?.worker === worker) idle = undefined;
    };
    worker.on('error', forget);
    worker.on('exit', forget);
    worker.unref();
    idle = { worker, buffers: this.buffers, stream: this.stream };
  }

  private send(message: ToInflateWorker, transfer: ArrayBuffer[] = []): void {
    this.start().postMessage(message, transfer);
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = this.reuseIdle() ?? this.startWorker();
    worker.on('message', (message: FromInflateWorker) => {
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

  private get buffers(): number {
    return this.keepChunks + BUFFERS_AHEAD;
  }

  private reuseIdle(): Worker | undefined {
    const reusable = idle;
    if (reusable === undefined) return undefined;
    idle = undefined;
    if (reusable.buffers !== this.buffers) {
      void reusable.worker.terminate();
      return undefined;
    }
    reusable.worker.removeAllListeners('error');
    reusable.worker.removeAllListeners('exit');
    reusable.worker.ref();
    // `begin` was counted before the worker was known; the worker numbers streams on from its last.
    this.stream += reusable.stream;
    return reusable.worker;
  }

  private startWorker(): Worker {
    const workerData: InflateWorkerData = {
      bufferBytes: OUTPUT_BUFFER_BYTES,
      buffers: this.buffers,
      recoverableBytes: RECOVERABLE_STREAM_BYTES,
    };
    return startThreadModule(__filename, 'inflateWorker', workerData);
  }
}
