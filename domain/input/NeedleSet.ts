const ZERO = 0x30;
const NINE = 0x39;

/** Needles sharing this many first bytes are searched as one: `7031` and `7036` cost one pass, not two. */
const SHARED_KEY_BYTES = 3;

/**
 * Finds whether a byte range of a buffer contains any of a few short needles, scanning each search key once
 * per buffer (ranges are asked in increasing order), so deciding that a record is irrelevant costs close
 * to nothing per record. Needles with the same first bytes share one key: each pass over the buffer costs
 * about the same whatever the key, so fewer keys is what makes it cheaper. A needle of digits (an event
 * id) counts only as a whole number: `7031` in `2107031` or in a record id is no event id, and such chance
 * hits would otherwise send one record in twenty of a busy fleet to a full parse. Leading zeros (`07031`)
 * still count, as the parsers read them.
 */
export class NeedleSet {
  private readonly keys: Buffer[];
  /** The needles each key stands for, and whether each is a number. */
  private readonly members: Buffer[][];
  private readonly numeric: boolean[][];
  /** Per key: the start of its next whole needle at or after the last position asked, and its end. */
  private readonly next: number[];
  private readonly nextEnd: number[];
  private data: Buffer = Buffer.alloc(0);

  constructor(needles: readonly string[]) {
    const groups = new Map<string, Buffer[]>();
    for (const needle of new Set(needles)) {
      if (needle.length === 0) continue;
      const bytes = Buffer.from(needle, 'utf8');
      const key = bytes.subarray(0, SHARED_KEY_BYTES).toString('latin1');
      groups.set(key, [...(groups.get(key) ?? []), bytes]);
    }
    this.members = [...groups.values()];
    this.numeric = this.members.map((members) => members.map((needle) => needle.every(isDigit)));
    this.keys = this.members.map((members) =>
      members.length === 1 ? (members[0] as Buffer) : (members[0] as Buffer).subarray(0, SHARED_KEY_BYTES),
    );
    this.next = this.keys.map(() => -1);
    this.nextEnd = this.keys.map(() => -1);
  }

  /** True when a range of `data` between `start` and `end` (exclusive) holds a whole needle. */
  anyWithin(data: Buffer, start: number, end: number): boolean {
    if (data !== this.data) {
      this.data = data;
      this.next.fill(-1);
    }
    for (let i = 0; i < this.keys.length; i++) {
      if ((this.next[i] as number) < start) this.find(data, i, start);
      if ((this.nextEnd[i] as number) <= end) return true;
    }
    return false;
  }

  private find(data: Buffer, index: number, from: number): void {
    const key = this.keys[index] as Buffer;
    const members = this.members[index] as Buffer[];
    const numeric = this.numeric[index] as boolean[];
    for (let at = data.indexOf(key, from); at !== -1; at = data.indexOf(key, at + 1)) {
      for (let m = 0; m < members.length; m++) {
        const needle = members[m] as Buffer;
        if (!bytesAt(data, at, needle)) continue;
        if (numeric[m] === true && !standsAlone(data, at, needle.length)) continue;
        this.next[index] = at;
        this.nextEnd[index] = at + needle.length;
        return;
      }
    }
    this.next[index] = Number.POSITIVE_INFINITY;
    this.nextEnd[index] = Number.POSITIVE_INFINITY;
  }
}

function bytesAt(data: Buffer, at: number, needle: Buffer): boolean {
  for (let i = 0; i < needle.length; i++) if (data[at + i] !== needle[i]) return false;
  return true;
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
