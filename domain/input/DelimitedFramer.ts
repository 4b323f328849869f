import {
  OVERLONG,
  OVERLONG_EXCERPT_BYTES,
  type RecordEmitter,
  type RecordFramer,
  UNTERMINATED,
} from './RecordFramer';

const LF = 0x0a;
const CR = 0x0d;
const LT = 0x3c;
const SLASH = 0x2f;
const COLON = 0x3a;
const EVENT_CLOSE_TAIL = Buffer.from('Event>', 'utf8');
/** `</` + a namespace prefix + `:Event>`: prefixes are short, and longer ones are not looked for. */
const MAX_PREFIX_BYTES = 32;
const MAX_CLOSE_TAG_BYTES = MAX_PREFIX_BYTES + 9;

/** Whether `</prefix` ends just before `colon`, within `[from, colon)`. */
function closesWithPrefix(chunk: Buffer, from: number, colon: number): boolean {
  let at = colon - 1;
  const limit = Math.max(from, colon - MAX_PREFIX_BYTES);
  while (at >= limit && isPrefixByte(chunk[at])) at--;
  return at < colon - 1 && at - 1 >= from && chunk[at] === SLASH && chunk[at - 1] === LT;
}

function isPrefixByte(byte: number | undefined): boolean {
  return (
    byte !== undefined &&
    ((byte >= 0x61 && byte <= 0x7a) ||
      (byte >= 0x41 && byte <= 0x5a) ||
      (byte >= 0x30 && byte <= 0x39) ||
      byte === 0x2d ||
      byte === 0x5f ||
      byte === 0x2e)
  );
}

/**
 * Frames records that end with a delimiter: a newline (NDJSON, text lines; the CR of CRLF is dropped)
 * or `</Event>` (raw Event XML streams, kept in the record). Records longer than `maxRecordBytes` are
 * emitted once as over-long with an excerpt, and the rest of them is skipped. Only a record that
 * straddles two chunks is copied; everything else is framed in place.
 */
export class DelimitedFramer implements RecordFramer {
  private carry: Buffer[] = [];
  private carryLength = 0;
  /** Stream offset of the first byte of the next chunk. */
  private offset = 0;
  private line = 1;
  private skippingOverLong = false;
  private readonly delimiter: Buffer;
  private readonly countsLines: boolean;

  constructor(
    kind: 'line' | 'xml-event',
    private readonly maxRecordBytes: number,
  ) {
    this.delimiter = Buffer.from(kind === 'line' ? '\n' : '</Event>', 'utf8');
    this.countsLines = kind === 'line';
  }

  push(chunk: Buffer, emit: RecordEmitter): void {
    let pos = this.carryLength > 0 || this.skippingOverLong ? this.finishStraddling(chunk, emit) : 0;
    if (pos < 0) {
      this.offset += chunk.length;
      if (this.skippingOverLong) this.keepDelimiterTail(chunk);
      else this.hold(chunk, emit);
      return;
    }
    const single = this.delimiter.length === 1;
    const base = this.offset;
    for (let at = single ? chunk.indexOf(LF, pos) : this.findEventClose(chunk, pos); at !== -1; ) {
      const next = single ? at + 1 : at;
      this.emitRecord(chunk, pos, single ? at : next, base + pos, 0, emit);
      pos = next;
      at = single ? chunk.indexOf(LF, pos) : this.findEventClose(chunk, pos);
    }
    this.offset += chunk.length;
    if (pos < chunk.length) this.hold(chunk.subarray(pos), emit);
  }

  end(emit: RecordEmitter): void {
    if (this.carryLength === 0 || this.skippingOverLong) return;
    const rest = Buffer.concat(this.carry);
    this.carry = [];
    this.carryLength = 0;
    emit(rest, 0, rest.length, this.offset - rest.length, this.countsLines ? this.line : 0, UNTERMINATED);
  }

  /**
   * End of the next `</Event>` (or `</prefix:Event>`) from `from`, or -1. Searched as `Event>` then
   * checked for `</` before it: `<` starts every element, so a search keyed on it stops dozens of times
   * per event, while `E` is rare; this is most of the XML framing cost.
   */
  private findEventClose(chunk: Buffer, from: number): number {
    for (
      let at = chunk.indexOf(EVENT_CLOSE_TAIL, from);
      at !== -1;
      at = chunk.indexOf(EVENT_CLOSE_TAIL, at + 1)
    ) {
      if (at - 2 >= from && chunk[at - 1] === SLASH && chunk[at - 2] === LT)
        return at + EVENT_CLOSE_TAIL.length;
      if (chunk[at - 1] === COLON && closesWithPrefix(chunk, from, at - 1))
        return at + EVENT_CLOSE_TAIL.length;
    }
    return -1;
  }

  /** Completes the record held from earlier chunks; returns where framing continues in `chunk`, or -1. */
  private finishStraddling(chunk: Buffer, emit: RecordEmitter): number {
    const delimiter = this.delimiter;
    let endInChunk: number;
    if (delimiter.length === 1) {
      const at = chunk.indexOf(LF);
      endInChunk = at === -1 ? -1 : at + 1;
    } else {
      // The closing tag itself may be split across the chunk boundary.
      const tail = Buffer.concat(this.carry).subarray(-MAX_CLOSE_TAG_BYTES);
      const joined = Buffer.concat([tail, chunk.subarray(0, MAX_CLOSE_TAG_BYTES)]);
      const split = this.findEventClose(joined, 0);
      endInChunk = split > tail.length ? split - tail.length : this.findEventClose(chunk, 0);
    }
    if (endInChunk === -1) return -1;
    if (this.skippingOverLong) {
      this.skippingOverLong = false;
      this.carry = [];
      this.carryLength = 0;
      if (this.countsLines) this.line++;
      return endInChunk;
    }
    const record = Buffer.concat([...this.carry, chunk.subarray(0, endInChunk)]);
    const byteOffset = this.offset - this.carryLength;
    this.carry = [];
    this.carryLength = 0;
    const recordEnd = delimiter.length === 1 ? record.length - 1 : record.length;
    this.emitRecord(record, 0, recordEnd, byteOffset, 0, emit);
    return endInChunk;
  }

  private emitRecord(
    data: Buffer,
    start: number,
    end: number,
    byteOffset: number,
    flags: number,
    emit: RecordEmitter,
  ): void {
    let recordEnd = end;
    if (this.countsLines && recordEnd > start && data[recordEnd - 1] === CR) recordEnd--;
    if (recordEnd - start > this.maxRecordBytes) {
      emit(
        data,
        start,
        start + OVERLONG_EXCERPT_BYTES,
        byteOffset,
        this.countsLines ? this.line : 0,
        flags | OVERLONG,
      );
    } else {
      emit(data, start, recordEnd, byteOffset, this.countsLines ? this.line : 0, flags);
    }
    if (this.countsLines) this.line++;
  }

  /** Keeps the unfinished end of a chunk; past the cap, reports it as over-long and skips to its end. */
  private hold(rest: Buffer, emit: RecordEmitter): void {
    this.carry.push(rest);
    this.carryLength += rest.length;
    if (this.carryLength <= this.maxRecordBytes) return;
    const held = Buffer.concat(this.carry);
    const excerpt = held.subarray(0, OVERLONG_EXCERPT_BYTES);
    emit(
      excerpt,
      0,
      excerpt.length,
      this.offset - this.carryLength,
      this.countsLines ? this.line : 0,
      OVERLONG,
    );
    this.skippingOverLong = true;
    this.keepDelimiterTail(held);
  }

  /** While skipping, only the bytes that could begin a delimiter split across chunks are kept. */
  private keepDelimiterTail(data: Buffer): void {
    const keep = this.delimiter.length === 1 ? 0 : MAX_CLOSE_TAG_BYTES - 1;
    const tail = data.subarray(Math.max(0, data.length - keep));
    this.carry = tail.length > 0 ? [Buffer.from(tail)] : [];
    this.carryLength = 0;
  }
}
