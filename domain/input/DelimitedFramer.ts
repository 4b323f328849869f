import { type FramedRecord, OVERLONG_EXCERPT_BYTES, type RecordEmitter, type RecordFramer } from './RecordFramer';

const LF = 0x0a;
const CR = 0x0d;

/**
 * Frames records that end with a delimiter: a newline (NDJSON, text lines; the CR of CRLF is dropped)
 * or `</Event>` (raw Event XML streams, kept in the record). Records longer than `maxRecordBytes` are
 * emitted once as over-long with an excerpt, and the rest of them is skipped.
 */
export class DelimitedFramer implements RecordFramer {
  private carry: Buffer | undefined;
  /** Stream offset of the first byte of the next buffer to frame. */
  private offset = 0;
  private line = 1;
  private skippingOverLong = false;
  private readonly delimiter: Buffer | number;
  private readonly delimiterLength: number;
  private readonly keepDelimiter: boolean;

  constructor(
    kind: 'line' | 'xml-event',
    private readonly maxRecordBytes: number,
  ) {
    this.delimiter = kind === 'line' ? LF : Buffer.from('</Event>', 'utf8');
    this.delimiterLength = kind === 'line' ? 1 : 8;
    this.keepDelimiter = kind === 'xml-event';
  }

  push(chunk: Buffer, emit: RecordEmitter): void {
    const data = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    const base = this.offset - (this.carry?.length ?? 0);
    this.carry = undefined;
    let pos = 0;
    for (let at = data.indexOf(this.delimiter, pos); at !== -1; at = data.indexOf(this.delimiter, pos)) {
      const next = at + this.delimiterLength;
      if (this.skippingOverLong) {
        this.skippingOverLong = false;
      } else {
        let end = this.keepDelimiter ? next : at;
        if (!this.keepDelimiter && end > pos && data[end - 1] === CR) end--;
        emit(this.record(data, pos, end, base + pos, false));
      }
      if (!this.keepDelimiter) this.line++;
      pos = next;
    }
    this.offset = base + data.length;
    if (this.skippingOverLong) {
      this.line += this.countLines(data, pos, data.length);
      return;
    }
    if (data.length - pos > this.maxRecordBytes) {
      emit({ ...this.record(data, pos, pos + OVERLONG_EXCERPT_BYTES, base + pos, false), overLong: true });
      this.line += this.countLines(data, pos, data.length);
      this.skippingOverLong = true;
      return;
    }
    if (pos < data.length) this.carry = data.subarray(pos);
  }

  end(emit: RecordEmitter): void {
    const rest = this.carry;
    this.carry = undefined;
    if (!rest || this.skippingOverLong) return;
    emit(this.record(rest, 0, rest.length, this.offset - rest.length, true));
  }

  private record(data: Buffer, start: number, end: number, byteOffset: number, unterminated: boolean): FramedRecord {
    return {
      data,
      start,
      end: Math.min(end, data.length),
      byteOffset,
      line: this.keepDelimiter ? undefined : this.line,
      unterminated,
      overLong: false,
    };
  }

  /** Line numbers are kept for line framing only; XML events are located by byte offset. */
  private countLines(data: Buffer, from: number, to: number): number {
    if (this.keepDelimiter) return 0;
    let count = 0;
    for (let at = data.indexOf(LF, from); at !== -1 && at < to; at = data.indexOf(LF, at + 1)) count++;
    return count;
  }
}
