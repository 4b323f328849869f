/**
 * Receives one record: bytes `data[start, end)` whose first byte is at `byteOffset` in the decoded
 * stream, the 1-based line of that byte (0 when the framer does not count lines) and flags. Plain
 * arguments, not an object: this runs once per record on the hot path.
 */
export type RecordEmitter = (
  data: Buffer,
  start: number,
  end: number,
  byteOffset: number,
  line: number,
  flags: number,
) => void;

/** The stream ended inside this record (no closing delimiter). */
export const UNTERMINATED = 1;
/** The record was longer than the cap: `data[start, end)` holds only its beginning. */
export const OVERLONG = 2;

/** Splits decoded text bytes into records without holding more than one record beyond the current chunk. */
export interface RecordFramer {
  push(chunk: Buffer, emit: RecordEmitter): void;
  end(emit: RecordEmitter): void;
}

export const OVERLONG_EXCERPT_BYTES = 4096;
