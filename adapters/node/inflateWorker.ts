/**
 * The inflating side of `WorkerRawInflater`, run on a worker thread. It copies zlib's output into a
 * fixed pool of buffers that travel to the reader and back, so the reader's thread allocates nothing
 * per chunk. Each stream's end or failure is posted after all of its output, so the reader knows
 * exactly what came before it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { crc32, createInflateRaw, type InflateRaw } from 'node:zlib';
import type { FromInflateWorker, InflateWorkerData, ToInflateWorker } from './inflateWorkerProtocol';

const port = parentPort;
if (port === null) throw new Error('inflateWorker runs on a worker thread only');
const settings = workerData as InflateWorkerData;
const size = settings.bufferBytes;
const free: ArrayBuffer[] = Array.from({ length: settings.buffers }, () => new ArrayBuffer(size));
let current: ArrayBuffer | null = null;
let filled = 0;
const pending: Buffer[] = [];
// zlib's output chunk: each one costs a round of stream callbacks, a checksum call and a copy; 1 MB
// scanned 5-6 % faster than 256 KB (3 alternating runs each), 2 MB no faster than 1 MB.
const CHUNK = 1024 * 1024;
// zlib takes a fresh output buffer each time one fills up, and the dead ones pile up outside the heap
// until V8 collects, which is most of this thread's memory. Once every byte of a full buffer has been
// copied into the pool it is handed back to zlib's next allocation instead.
const spare: Buffer[] = [];
const allocUnsafe = Buffer.allocUnsafe;
Buffer.allocUnsafe = ((n: number) =>
  n === CHUNK && spare.length > 0 ? (spare.pop() as Buffer) : allocUnsafe(n)) as typeof Buffer.allocUnsafe;
let stream = 0;
let inflater: InflateRaw | null = null;
let settled = true;
type Settlement = Extract<FromInflateWorker, { t: 'end' | 'error' }>;
let last: Settlement | null = null;
// Input of the current stream kept until zlib has used it (and, up to a size, from its start, so a
// damaged stream can be inflated again by the reader); what a stream did not use goes back as 'left'.
const RECOVERABLE = settings.recoverableBytes;
let fed: Buffer[] = [];
let releasedTo = 0;
let kept = 0;

function post(message: FromInflateWorker, transfer: ArrayBuffer[] = []): void {
  port?.postMessage(message, transfer);
}

function release(consumed: number): void {
  if (kept <= RECOVERABLE) return;
  while (fed.length > 0 && releasedTo + (fed[0]?.length ?? 0) <= consumed) {
    const first = fed.shift() as Buffer;
    releasedTo += first.length;
    kept -= first.length;
    used.push(first.buffer as ArrayBuffer);
  }
}

// Input this thread is done with goes back with the next acknowledgement: left here it would wait for
// this thread's rare garbage collections (tens of MB of it on poorly compressed input), while the
// reader's thread, which allocates all the time, frees it at its next young-generation collection.
let used: ArrayBuffer[] = [];

function postAck(): void {
  const buffers = used;
  used = [];
  post({ t: 'ack', used: buffers }, buffers);
}

function sendLeft(parts: readonly Buffer[], fromStart: boolean): void {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  post({ t: 'left', s: stream, buf: out.buffer, fromStart }, [out.buffer]);
}

function keptFrom(offset: number): Buffer[] {
  const parts: Buffer[] = [];
  let at = releasedTo;
  for (const chunk of fed) {
    const skip = Math.max(0, offset - at);
    if (skip < chunk.length) parts.push(skip > 0 ? chunk.subarray(skip) : chunk);
    at += chunk.length;
  }
  return parts;
}

function flush(): void {
  if (current !== null && filled > 0) {
    post({ t: 'out', buf: current, len: filled }, [current]);
    current = null;
    filled = 0;
  }
}

function drain(): boolean {
  while (pending.length > 0) {
    if (current === null) {
      const next = free.pop();
      if (next === undefined) return false;
      current = next;
      filled = 0;
    }
    const chunk = pending[0] as Buffer;
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
interface PendingWrite {
  acked: boolean;
}
const outstanding = new Set<PendingWrite>();

function ack(write: PendingWrite): void {
  outstanding.delete(write);
  if (write.acked) return;
  write.acked = true;
  postAck();
}

function settle(message: Settlement): void {
  settled = true;
  for (const write of [...outstanding]) ack(write);
  if (message.t === 'end') sendLeft(keptFrom(message.consumed), false);
  else sendLeft(keptFrom(releasedTo), releasedTo === 0);
  fed = [];
  last = message;
  if (drain()) finishStream();
}

function finishStream(): void {
  flush();
  if (last !== null) post(last);
  last = null;
}

function begin(): void {
  if (inflater !== null) inflater.destroy();
  stream++;
  settled = false;
  fed = [];
  releasedTo = 0;
  kept = 0;
  const own = createInflateRaw({ chunkSize: CHUNK });
  const id = stream;
  let crc = 0;
  inflater = own;
  // zlib emits each output chunk before it asks the thread pool for the next one, so the checksum and the
  // copy are done after that ask (next tick), side by side with inflating, not between its steps.
  const undigested: Buffer[] = [];
  const digest = (): void => {
    for (const chunk of undigested) {
      crc = crc32(chunk, crc);
      pending.push(chunk);
    }
    undigested.length = 0;
    if (!drain()) own.pause();
  };
  own.on('data', (chunk: Buffer) => {
    if (undigested.push(chunk) === 1) process.nextTick(digest);
  });
  own.on('end', () => {
    digest();
    if (id === stream) settle({ t: 'end', s: id, consumed: own.bytesWritten, crc });
  });
  own.on('error', (error: Error) => {
    digest();
    if (id === stream && !settled) settle({ t: 'error', s: id, message: error.message });
  });
}

port.on('message', (message: ToInflateWorker) => {
  if (message.t === 'begin') {
    begin();
  } else if (message.t === 'in') {
    const own = inflater;
    const id = stream;
    const data = Buffer.from(message.data);
    if (own === null || settled) {
      sendLeft([data], false);
      postAck();
    } else {
      fed.push(data);
      kept += data.length;
      const write: PendingWrite = { acked: false };
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
      else if (inflater?.isPaused()) inflater.resume();
    }
  }
});
