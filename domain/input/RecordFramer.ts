/** A record found in a stream: bytes `data[start, end)` whose first byte is at `byteOffset`. */
export interface FramedRecord {
  readonly data: Buffer;
  readonly start: number;
  readonly end: number;
  readonly byteOffset: number;
  /** 1-based line of the first byte, when the framer counts lines. */
  readonly line?: number;
  /** True when the stream ended inside this record (no closing delimiter). */
  readonly unterminated: boolean;
  /** True when the record was longer than the cap: `data` then holds only its beginning. */
  readonly overLong: boolean;
}

export type RecordEmitter = (record: FramedRecord) => void;

/** Splits decoded text bytes into records without holding more than one record beyond the current chunk. */
export interface RecordFramer {
  push(chunk: Buffer, emit: RecordEmitter): void;
  end(emit: RecordEmitter): void;
}

export const OVERLONG_EXCERPT_BYTES = 4096;
