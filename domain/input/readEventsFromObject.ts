import { looksLikeEvtx } from '../formats/evtx/EvtxFileHeader';
import type { ZoneMismatch } from '../formats/ZoneMismatch';
import {
  type Compression,
  type DecodeReport,
  decodeObjectStream,
  type ObjectEncoding,
} from './decodeObjectStream';
import { EvtxObjectReader } from './EvtxObjectReader';
import type { ObjectReader } from './ObjectReader';
import { ObjectRecordReader } from './ObjectRecordReader';
import type { ReadOptions, RecordSink } from './ReadOptions';
import type { Framing } from './sniffFraming';

export interface ObjectReadSummary {
  readonly object: string;
  readonly compression: Compression;
  readonly encoding: ObjectEncoding;
  readonly framing: Framing | 'evtx' | 'empty';
  readonly bytes: number;
  /** Event records read, parsed or not (rejected records and control messages excluded). */
  readonly events: number;
  /** Records that passed the prefilter and were parsed in full. */
  readonly candidates: number;
  readonly rejected: number;
  readonly controlMessages: number;
  /** Set when `shouldStop` interrupted the read: the offset of the first record not processed. */
  readonly resumeAtByte?: number;
  /** The first record whose zone-less event time disagreed by more than 30 minutes with an absolute time. */
  readonly zoneMismatch?: ZoneMismatch;
}

/**
 * Streams one object (file or S3 body) into events: decompression and encoding by magic bytes, framing
 * sniffed from the content, a cheap prefilter, and a full parse of the few records that can matter.
 * Never throws for bad content: every unusable record goes to `sink.rejected` with where and why.
 */
export async function readEventsFromObject(
  input: AsyncIterable<Uint8Array>,
  object: string,
  options: ReadOptions,
  sink: RecordSink,
): Promise<ObjectReadSummary> {
  const report: DecodeReport = {
    compression: 'none',
    encoding: 'utf-8',
    decompressedBytes: 0,
    failures: [],
    recordBreaks: 0,
  };
  let recordBreaks = 0;
  let reader: ObjectReader | undefined;
  /** The first bytes, until there are enough to tell a binary .evtx file from text. */
  let head = Buffer.alloc(0);
  for await (const chunk of decodeObjectStream(
    input,
    {
      maxDecompressedBytes: options.maxObjectBytes,
      maxRecordBytes: options.maxRecordBytes,
      inflateInWorker: options.inflateInWorker,
      createInflater: options.createInflater,
    },
    report,
  )) {
    if (reader !== undefined && report.recordBreaks !== recordBreaks) {
      recordBreaks = report.recordBreaks;
      reader.breakRecord();
    }
    if (reader === undefined) {
      head = Buffer.concat([head, chunk]);
      if (looksLikeEvtx(head) === undefined) continue;
      reader = chooseReader(head, object, options, sink);
      reader.push(head);
    } else {
      reader.push(chunk);
    }
    options.onProgress?.({ bytes: report.decompressedBytes, events: reader.counts.events });
    // Buffered chunks resolve as microtasks, which would keep zlib's completion callbacks (and so its
    // next inflate on the thread pool) waiting until the read-ahead is drained; a macrotask turn after
    // each chunk keeps inflating and framing running side by side.
    await yieldToEventLoop();
    if (options.shouldStop?.(report.decompressedBytes)) {
      reader.stop();
      break;
    }
  }
  if (reader === undefined) {
    // An object too short to tell whether it is .evtx.
    reader = chooseReader(head, object, options, sink);
    reader.push(head);
  }
  if (reader.stoppedAt === undefined) reader.end();
  if (reader.stoppedAt === undefined) {
    for (const failure of report.failures) {
      reader.reject(failure.reason, failure.detail, { object, byteOffset: failure.byteOffset }, '');
    }
  }
  return {
    object,
    compression: report.compression,
    encoding: reader.encoding ?? report.encoding,
    framing: reader.framing ?? 'empty',
    bytes: report.decompressedBytes,
    ...reader.counts,
    resumeAtByte: reader.stoppedAt,
    ...(reader.zoneMismatch === undefined ? {} : { zoneMismatch: reader.zoneMismatch }),
  };
}

/** A .evtx file (binary, by its signature) goes to its own reader; everything else is text. */
function chooseReader(head: Buffer, object: string, options: ReadOptions, sink: RecordSink): ObjectReader {
  return looksLikeEvtx(head) === true || options.format === 'evtx'
    ? new EvtxObjectReader(object, options, sink)
    : new ObjectRecordReader(object, options, sink);
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
