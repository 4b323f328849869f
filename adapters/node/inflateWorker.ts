/**
 * The inflating side of `WorkerRawInflater`, run on a worker thread. zlib writes its output straight into
 * buffers that travel to the reader and back, so neither thread copies or allocates per chunk. Each
 * stream's end or failure is posted after all of its output, so the reader knows exactly what came
 * before it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { crc32, createInflateRaw, type InflateRaw } from 'node:zlib';
import type { FromInflateWorker, InflateWorkerData, ToInflateWorker } from './inflateWorkerProtocol';

const port = parentPort;
if (port === null) throw new Error('inflateWorker runs on a worker thread only');
const settings = workerData as InflateWorkerData;
// zlib's output chunk, and the size of every buffer sent: each chunk costs a round of stream callbacks
// and a checksum call; 1 MB scanned 5-6 % faster than 256 KB (3 alternating runs each), 2 MB no faster.
const CHUNK = settings.bufferBytes;
// zlib takes a fresh output buffer each time one fills up. It takes one the reader has handed back, so
// the buffers it fills are the ones that travel; a full one goes to the reader whole (zlib never writes
// to it again), the last one of a stream with its length.
const spare: Buffer[] = [];
const allocUnsafe = Buffer.allocUnsafe;
Buffer.allocUnsafe = ((n: number) =>
  n === CHUNK && spare.length > 0 ? (spare.pop() as Buffer) : allocUnsafe(n)) as typeof Buffer.allocUnsafe;
/** Buffers with the reader; zlib pauses once this many are, until the reader hands one back. */
let away = 0;
let stream = 0;
let inflater: InflateRaw | null = null;
let settled = true;
type Settlement = Extract<FromInflateWorker, { t: 'end' | 'error' }>;
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

/**
 * Sends the buffer a chunk lies in to the reader when the chunk fills it; says whether it did. zlib moves
 * on from a full buffer, unless the stream was destroyed first (then a copy goes).
 */
function sendIfFull(chunk: Buffer, own: InflateRaw): boolean {
  const whole = chunk.buffer as ArrayBuffer;
  if (chunk.byteOffset + chunk.length !== CHUNK || whole.byteLength !== CHUNK) return false;
  const buffer = own.destroyed ? whole.slice(0) : whole;
  away++;
  post({ t: 'out', buf: buffer, len: CHUNK }, [buffer]);
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

function settle(message: Settlement, tail: Buffer | null): void {
  settled = true;
  for (const write of [...outstanding]) ack(write);
  if (message.t === 'end') sendLeft(keptFrom(message.consumed), false);
  else sendLeft(keptFrom(releasedTo), releasedTo === 0);
  fed = [];
  // zlib may still hold the buffer it was filling (queued writes, a flush after a failure): a copy goes.
  if (tail !== null) {
    const filled = tail.byteOffset + tail.length;
    const copy = tail.buffer.slice(0, filled) as ArrayBuffer;
    away++;
    post({ t: 'out', buf: copy, len: filled }, [copy]);
  }
  post(message);
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
  /** The last chunk of output that did not fill its buffer: the buffer zlib is filling. */
  let tail: Buffer | null = null;
  inflater = own;
  // zlib emits each output chunk before it asks the thread pool for the next one, so the checksum is
  // taken after that ask (next tick), side by side with inflating, not between its steps.
  const undigested: Buffer[] = [];
  const digest = (): void => {
    for (const chunk of undigested) {
      crc = crc32(chunk, crc);
      if (sendIfFull(chunk, own)) tail = null;
      else tail = chunk;
    }
    undigested.length = 0;
    if (away >= settings.buffers) own.pause();
  };
  own.on('data', (chunk: Buffer) => {
    if (id === stream && undigested.push(chunk) === 1) process.nextTick(digest);
  });
  own.on('end', () => {
    digest();
    if (id === stream) settle({ t: 'end', s: id, consumed: own.bytesWritten, crc }, tail);
  });
  own.on('error', (error: Error) => {
    digest();
    if (id === stream && !settled) settle({ t: 'error', s: id, message: error.message }, tail);
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
    away--;
    if (message.buf.byteLength === CHUNK) spare.push(Buffer.from(message.buf));
    if (away < settings.buffers && inflater?.isPaused()) inflater.resume();
  }
});
