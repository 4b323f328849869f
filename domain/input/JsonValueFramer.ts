import {
  OVERLONG,
  OVERLONG_EXCERPT_BYTES,
  type RecordEmitter,
  type RecordFramer,
  UNTERMINATED,
} from './RecordFramer';

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LINE_FEED = 0x0a;
const SPACE = 0x20;
const TAB = 0x09;

/** Brackets and commas between values: the elements of a JSON array are framed like concatenated values. */
function isArraySyntax(byte: number): boolean {
  return byte === 0x5b || byte === 0x5d || byte === 0x2c;
}

function isWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/**
 * Frames JSON objects written back to back with or without separators (`{…}{…}`, as Firehose
 * concatenates CloudWatch Logs envelopes), and the objects of a JSON array (`[{…},{…}]`, on one line as
 * Fluent Bit writes it or pretty-printed as `ConvertTo-Json` does) one by one, never the array whole. Bytes between objects that are not whitespace form a record
 * of their own, so they are reported rather than lost; an object left open ends where a line begins
 * with `{` indented no deeper than the open object's own start, so an unbalanced record does not swallow
 * the ones after it, in NDJSON and in pretty-printed arrays alike.
 */
export class JsonValueFramer implements RecordFramer {
  private pending: Buffer[] = [];
  private pendingLength = 0;
  private recordOffset = 0;
  private offset = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private inJunk = false;
  private overLong = false;
  /** Whitespace bytes at the start of the current line so far, or -1 once anything else came on it. */
  private indent = 0;
  /** The indent of the line where the open record's `{` begins it (0 when something came before it). */
  private recordIndent = 0;

  constructor(private readonly maxRecordBytes: number) {}

  push(chunk: Buffer, emit: RecordEmitter): void {
    let segmentStart = 0;
    const inRecord = () => this.depth > 0 || this.inJunk;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i] as number;
      const indent = this.indent;
      if (byte === LINE_FEED) this.indent = 0;
      else if (indent !== -1) this.indent = byte === SPACE || byte === TAB ? indent + 1 : -1;
      if (indent !== -1 && byte === OPEN_BRACE && this.depth > 0 && indent <= this.recordIndent) {
        // Pretty printers indent a nested object deeper than the one holding it: an object beginning a
        // line no deeper than the open record's start is the next record, and the open one was cut short
        // or unbalanced. It costs only itself.
        this.flushSegment(chunk, segmentStart, i);
        this.emitRecord(emit, true);
      }
      if (this.depth === 0) {
        if (byte === OPEN_BRACE) {
          if (this.inJunk) {
            this.flushSegment(chunk, segmentStart, i);
            this.emitRecord(emit, false);
          }
          segmentStart = i;
          this.startRecord(this.offset + i);
          this.depth = 1;
          this.recordIndent = indent === -1 ? 0 : indent;
        } else if (!this.inJunk && !isWhitespace(byte) && !isArraySyntax(byte)) {
          segmentStart = i;
          this.startRecord(this.offset + i);
          this.inJunk = true;
        }
        continue;
      }
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (byte === BACKSLASH) this.escaped = true;
        else if (byte === QUOTE) this.inString = false;
        continue;
      }
      if (byte === QUOTE) this.inString = true;
      else if (byte === OPEN_BRACE) this.depth++;
      else if (byte === CLOSE_BRACE && --this.depth === 0) {
        this.flushSegment(chunk, segmentStart, i + 1);
        this.emitRecord(emit, false);
        segmentStart = i + 1;
      }
    }
    if (inRecord()) this.flushSegment(chunk, segmentStart, chunk.length);
    this.offset += chunk.length;
  }

  end(emit: RecordEmitter): void {
    if (this.depth > 0 || this.inJunk) this.emitRecord(emit, true);
  }

  private startRecord(offset: number): void {
    this.recordOffset = offset;
    this.pending = [];
    this.pendingLength = 0;
    this.overLong = false;
    this.inString = false;
    this.escaped = false;
  }

  private flushSegment(chunk: Buffer, start: number, end: number): void {
    if (this.overLong || end <= start) return;
    this.pending.push(chunk.subarray(start, end));
    this.pendingLength += end - start;
    if (this.pendingLength > this.maxRecordBytes) {
      this.pending = [Buffer.concat(this.pending).subarray(0, OVERLONG_EXCERPT_BYTES)];
      this.overLong = true;
    }
  }

  private emitRecord(emit: RecordEmitter, unterminated: boolean): void {
    const data = Buffer.concat(this.pending);
    const flags = (unterminated ? UNTERMINATED : 0) | (this.overLong ? OVERLONG : 0);
    this.depth = 0;
    this.inJunk = false;
    this.pending = [];
    this.pendingLength = 0;
    emit(data, 0, data.length, this.recordOffset, 0, flags);
  }
}
