import { inflateGzipMembers } from './inflateGzipMembers';
import type { CreateRawInflater, RawInflater } from './RawInflater';

export type Compression = 'none' | 'gzip' | 'gzip-gzip';
export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be';
/** How an object's bytes encode its events: text, or .evtx's binary XML (whose strings are UTF-16LE). */
export type ObjectEncoding = TextEncoding | 'binxml-utf-16le';

export type DecodeFailureReason =
  | 'corrupt-compression'
  | 'trailing-garbage'
  | 'too-deeply-compressed'
  | 'object-too-large';

/** Damage found while decoding, at `byteOffset` of the decoded bytes; decoding went on past it if it could. */
export interface DecodeFailure {
  readonly reason: DecodeFailureReason;
  readonly detail: string;
  readonly byteOffset: number;
}

/** What decoding learnt about an object; filled in while the stream is read. */
export interface DecodeReport {
  /** `gzip-gzip` for gzip inside gzip, however deep. */
  compression: Compression;
  encoding: TextEncoding;
  /** Decompressed bytes produced (before any transcoding). */
  decompressedBytes: number;
  failures: DecodeFailure[];
  /**
   * Counts the places where decoded bytes stop short (a damaged member) and later bytes follow: a record
   * the damage cut off must end there, not run into the next member's first record.
   */
  recordBreaks: number;
}

export interface DecodeOptions {
  /** Cap on decompressed bytes per object; beyond it the object is cut off and reported. */
  readonly maxDecompressedBytes: number;
  /**
   * Inflate on a worker thread (see `WorkerRawInflater`): faster for large objects, not worth a thread's
   * start for small ones.
   */
  readonly inflateInWorker?: boolean;
  /** Node's zlib, on this thread or a worker (`adapters/node/createRawInflater`). */
  readonly createInflater: CreateRawInflater;
  /** Longest record the reader holds across chunks; bounds how long a worker's buffer stays in use. */
  readonly maxRecordBytes: number;
}

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;
/** gzip inside gzip is unwrapped this deep; anything deeper is reported, not guessed at. */
export const MAX_GZIP_LAYERS = 4;

/**
 * Turns an object's bytes into UTF-8 text bytes: gzip (multi-member, or gzip inside gzip) is detected by
 * magic bytes, never by name; UTF-8 BOMs are dropped; UTF-16 (with a BOM, or recognised by its zero
 * bytes) is transcoded.
 */
export async function* decodeObjectStream(
  input: AsyncIterable<Uint8Array>,
  options: DecodeOptions,
  report: DecodeReport,
): AsyncGenerator<Buffer> {
  let stream: AsyncIterable<Uint8Array> = input;
  for (let layer = 0; ; layer++) {
    const { head, rest } = await peek(stream, 2);
    stream = rest;
    if (head[0] !== GZIP_MAGIC_0 || head[1] !== GZIP_MAGIC_1) break;
    if (layer === MAX_GZIP_LAYERS) {
      report.failures.push({
        reason: 'too-deeply-compressed',
        detail: `gzip nested more than ${MAX_GZIP_LAYERS} deep; the content was not read`,
        byteOffset: 0,
      });
      await rest.return(undefined);
      return;
    }
    report.compression = layer === 0 ? 'gzip' : 'gzip-gzip';
    const inflater = options.createInflater({
      onWorker: layer === 0 && options.inflateInWorker === true,
      maxRecordBytes: options.maxRecordBytes,
    });
    stream = countedLayer(stream, inflater, report, layer);
  }
  yield* transcodeToUtf8(capped(stream, options.maxDecompressedBytes, report), report);
}

/** One gzip layer, its damage reported at its own decompressed offset (exact for the outermost layer). */
async function* countedLayer(
  input: AsyncIterable<Uint8Array>,
  inflater: RawInflater,
  report: DecodeReport,
  layer: number,
): AsyncGenerator<Buffer> {
  let produced = 0;
  const damage = {
    damaged(reason: 'corrupt-compression' | 'trailing-garbage', detail: string): void {
      report.failures.push({
        reason,
        detail: layer === 0 ? detail : `${detail} (gzip layer ${layer + 1})`,
        byteOffset: produced,
      });
      report.recordBreaks++;
    },
  };
  for await (const chunk of inflateGzipMembers(input, inflater, damage)) {
    produced += chunk.length;
    yield chunk;
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
      report.failures.push({
        reason: 'object-too-large',
        detail: `decompressed size exceeds the cap of ${maxBytes} bytes; the rest of the object was not read`,
        byteOffset: maxBytes,
      });
      return;
    }
    report.decompressedBytes += buffer.length;
    yield buffer;
  }
}

async function* transcodeToUtf8(input: AsyncIterable<Buffer>, report: DecodeReport): AsyncGenerator<Buffer> {
  const { head, rest } = await peek(input, 4);
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
    report.encoding = 'utf-8-bom';
    yield* skipBytes(rest, 3);
    return;
  }
  const bom =
    head[0] === 0xff && head[1] === 0xfe
      ? 'utf-16le'
      : head[0] === 0xfe && head[1] === 0xff
        ? 'utf-16be'
        : undefined;
  const utf16 = bom ?? utf16WithoutBom(head);
  if (!utf16) {
    yield* rest;
    return;
  }
  report.encoding = utf16;
  // Later BOMs (where UTF-16 files were concatenated) decode to U+FEFF, which readers skip like space.
  const decoder = new TextDecoder(utf16);
  for await (const chunk of skipBytes(rest, bom ? 2 : 0)) {
    const text = decoder.decode(chunk, { stream: true });
    if (text.length > 0) yield Buffer.from(text, 'utf8');
  }
  const tail = decoder.decode();
  if (tail.length > 0) yield Buffer.from(tail, 'utf8');
}

/**
 * Windows event text starts with `<`, `{`, `[` or whitespace, all ASCII: written in UTF-16 without a BOM,
 * every other byte of it is zero, which UTF-8 text never has.
 */
function utf16WithoutBom(head: Buffer): 'utf-16le' | 'utf-16be' | undefined {
  if (head.length < 4) return undefined;
  if (head[0] !== 0 && head[1] === 0 && head[2] !== 0 && head[3] === 0) return 'utf-16le';
  if (head[0] === 0 && head[1] !== 0 && head[2] === 0 && head[3] !== 0) return 'utf-16be';
  return undefined;
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
