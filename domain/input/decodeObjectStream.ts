import { Readable, type TransformOptions } from 'node:stream';
import { createGunzip, type ZlibOptions } from 'node:zlib';
import { inflateInWorker } from './inflateInWorker';

export type Compression = 'none' | 'gzip' | 'gzip-gzip';
export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be';

/** What decoding learnt about an object; filled in while the stream is read. */
export interface DecodeReport {
  compression: Compression;
  encoding: TextEncoding;
  /** Decompressed bytes produced (before any transcoding). */
  decompressedBytes: number;
  /** Set when decoding stopped early: corrupt compression or the size cap. */
  failure?: { readonly reason: 'corrupt-compression' | 'object-too-large'; readonly detail: string };
}

export interface DecodeOptions {
  /** Cap on decompressed bytes per object; beyond it the object is cut off and reported. */
  readonly maxDecompressedBytes: number;
  /**
   * Inflate on a worker thread (see `inflateInWorker`): faster for large objects, not worth a thread's
   * start for small ones.
   */
  readonly inflateInWorker?: boolean;
  /** Longest record the reader holds across chunks; bounds how long a worker's buffer stays in use. */
  readonly maxRecordBytes: number;
}

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;
const INFLATE_CHUNK_BYTES = 256 * 1024;
const INFLATE_READ_AHEAD_BYTES = 8 * 1024 * 1024;

/**
 * Turns an object's bytes into UTF-8 text bytes: gzip (multi-member, or gzip inside gzip) is detected by
 * magic bytes, never by name; a UTF-8 BOM is dropped; UTF-16 with a BOM is transcoded.
 */
export async function* decodeObjectStream(
  input: AsyncIterable<Uint8Array>,
  options: DecodeOptions,
  report: DecodeReport,
): AsyncGenerator<Buffer> {
  let stream: AsyncIterable<Uint8Array> = input;
  for (let layer = 0; layer < 2; layer++) {
    const { head, rest } = await peek(stream, 2);
    stream = rest;
    if (head[0] !== GZIP_MAGIC_0 || head[1] !== GZIP_MAGIC_1) break;
    report.compression = layer === 0 ? 'gzip' : 'gzip-gzip';
    stream =
      layer === 0 && options.inflateInWorker
        ? inflateInWorker(stream, report, options.maxRecordBytes)
        : gunzip(stream, report);
  }
  yield* transcodeToUtf8(capped(stream, options.maxDecompressedBytes, report), report);
}

async function* gunzip(input: AsyncIterable<Uint8Array>, report: DecodeReport): AsyncGenerator<Buffer> {
  // A deep read-ahead lets zlib inflate on the thread pool while this thread frames the previous chunks;
  // Node passes stream options through to the Transform, though ZlibOptions does not declare them.
  const streamOptions: ZlibOptions & TransformOptions = {
    chunkSize: INFLATE_CHUNK_BYTES,
    readableHighWaterMark: INFLATE_READ_AHEAD_BYTES,
  };
  const inflater = createGunzip(streamOptions);
  const source = Readable.from(input, { objectMode: false });
  source.on('error', (error) => inflater.destroy(error));
  source.pipe(inflater);
  try {
    for await (const chunk of inflater) yield chunk as Buffer;
  } catch (error) {
    report.failure ??= { reason: 'corrupt-compression', detail: `gzip: ${(error as Error).message}` };
  } finally {
    source.unpipe(inflater);
    source.destroy();
    inflater.destroy();
  }
}

async function* capped(
  input: AsyncIterable<Uint8Array>,
  maxBytes: number,
  report: DecodeReport,
): AsyncGenerator<Buffer> {
  for await (const chunk of input) {
    const buffer = Buffer.isBuffer(chunk)
      ? chunk
      : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const room = maxBytes - report.decompressedBytes;
    if (buffer.length > room) {
      if (room > 0) yield buffer.subarray(0, room);
      report.decompressedBytes = maxBytes;
      report.failure ??= {
        reason: 'object-too-large',
        detail: `decompressed size exceeds the cap of ${maxBytes} bytes; the rest of the object was not read`,
      };
      return;
    }
    report.decompressedBytes += buffer.length;
    yield buffer;
  }
}

async function* transcodeToUtf8(input: AsyncIterable<Buffer>, report: DecodeReport): AsyncGenerator<Buffer> {
  const { head, rest } = await peek(input, 3);
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
    report.encoding = 'utf-8-bom';
    yield* skipBytes(rest, 3);
    return;
  }
  const utf16 =
    head[0] === 0xff && head[1] === 0xfe
      ? 'utf-16le'
      : head[0] === 0xfe && head[1] === 0xff
        ? 'utf-16be'
        : undefined;
  if (!utf16) {
    yield* rest;
    return;
  }
  report.encoding = utf16;
  const decoder = new TextDecoder(utf16);
  for await (const chunk of skipBytes(rest, 2)) {
    const text = decoder.decode(chunk, { stream: true });
    if (text.length > 0) yield Buffer.from(text, 'utf8');
  }
  const tail = decoder.decode();
  if (tail.length > 0) yield Buffer.from(tail, 'utf8');
}

async function* skipBytes(input: AsyncIterable<Buffer>, count: number): AsyncGenerator<Buffer> {
  let remaining = count;
  for await (const chunk of input) {
    if (remaining >= chunk.length) {
      remaining -= chunk.length;
      continue;
    }
    yield remaining > 0 ? chunk.subarray(remaining) : chunk;
    remaining = 0;
  }
}

/** Reads at least `bytes` bytes (unless the stream is shorter) and gives them back in front of the rest. */
async function peek<T extends Uint8Array>(
  input: AsyncIterable<T>,
  bytes: number,
): Promise<{ head: Buffer; rest: AsyncGenerator<T | Buffer> }> {
  const iterator = input[Symbol.asyncIterator]();
  const seen: Uint8Array[] = [];
  let length = 0;
  let done = false;
  while (length < bytes) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    seen.push(next.value);
    length += next.value.length;
  }
  const head = Buffer.concat(seen);
  async function* rest(): AsyncGenerator<T | Buffer> {
    try {
      if (head.length > 0) yield head;
      if (done) return;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    } finally {
      if (!done) await iterator.return?.();
    }
  }
  return { head, rest: rest() };
}
