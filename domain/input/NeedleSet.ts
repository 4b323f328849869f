/**
 * Finds whether a byte range of a buffer contains any of a few short needles, scanning each needle once
 * per buffer (ranges are asked in increasing order), so deciding that a record is irrelevant costs close
 * to nothing per record.
 */
export class NeedleSet {
  private readonly needles: Buffer[];
  private readonly next: number[];
  private data: Buffer = Buffer.alloc(0);

  constructor(needles: readonly string[]) {
    this.needles = [...new Set(needles)].filter((n) => n.length > 0).map((n) => Buffer.from(n, 'utf8'));
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
        at = data.indexOf(needle, start);
        if (at === -1) at = Number.POSITIVE_INFINITY;
        this.next[i] = at;
      }
      if (at + needle.length <= end) return true;
    }
    return false;
  }
}
