const ZERO = 0x30;
const NINE = 0x39;

/**
 * Finds whether a byte range of a buffer contains any of a few short needles, scanning each needle once
 * per buffer (ranges are asked in increasing order), so deciding that a record is irrelevant costs close
 * to nothing per record. A needle of digits (an event id) counts only as a whole number: `7031` in
 * `2107031` or in a record id is no event id, and such chance hits would otherwise send one record in
 * twenty of a busy fleet to a full parse. Leading zeros (`07031`) still count, as the parsers read them.
 */
export class NeedleSet {
  private readonly needles: Buffer[];
  private readonly numeric: boolean[];
  private readonly next: number[];
  private data: Buffer = Buffer.alloc(0);

  constructor(needles: readonly string[]) {
    this.needles = [...new Set(needles)].filter((n) => n.length > 0).map((n) => Buffer.from(n, 'utf8'));
    this.numeric = this.needles.map((needle) => needle.every(isDigit));
    this.next = this.needles.map(() => -1);
  }

  /** True when a range of `data` between `start` and `end` (exclusive) holds a whole needle. */
  anyWithin(data: Buffer, start: number, end: number): boolean {
    if (data !== this.data) {
      this.data = data;
      this.next.fill(-1);
    }
    for (let i = 0; i < this.needles.length; i++) {
      const needle = this.needles[i] as Buffer;
      let at = this.next[i] as number;
      if (at !== Number.POSITIVE_INFINITY && at < start) {
        at = this.find(data, needle, start, this.numeric[i] === true);
        this.next[i] = at;
      }
      if (at + needle.length <= end) return true;
    }
    return false;
  }

  private find(data: Buffer, needle: Buffer, from: number, wholeNumber: boolean): number {
    for (let at = data.indexOf(needle, from); at !== -1; at = data.indexOf(needle, at + 1)) {
      if (!wholeNumber || standsAlone(data, at, needle.length)) return at;
    }
    return Number.POSITIVE_INFINITY;
  }
}

function standsAlone(data: Buffer, at: number, length: number): boolean {
  let before = at - 1;
  while (before >= 0 && data[before] === ZERO) before--;
  const after = data[at + length];
  return !(before >= 0 && isDigit(data[before] as number)) && !(after !== undefined && isDigit(after));
}

function isDigit(byte: number): boolean {
  return byte >= ZERO && byte <= NINE;
}
