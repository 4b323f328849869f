/** One framed record, built only for records that pass the cheap checks or need reporting. */
export interface RecordView {
  readonly data: Buffer;
  readonly start: number;
  readonly end: number;
  readonly byteOffset: number;
  /** 1-based line, or 0 when the framing does not count lines. */
  readonly line: number;
  readonly unterminated: boolean;
}

function isSpace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

export function skipWhitespace(data: Buffer, start: number, end: number): number {
  let at = start;
  while (at < end && isSpace(data[at])) at++;
  return at;
}

/** A UTF-8 BOM where concatenated files meet belongs to neither record. */
export function skipByteOrderMark(data: Buffer, start: number, end: number): number {
  return end - start >= 3 && data[start] === 0xef && data[start + 1] === 0xbb && data[start + 2] === 0xbf
    ? start + 3
    : start;
}

export function trimEnd(data: Buffer, start: number, end: number): number {
  let at = end;
  while (at > start && isSpace(data[at - 1])) at--;
  return at;
}
