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
 *
 * The native search stops at every occurrence of the key's first byte (forward) or of its last byte
 * (backward), so each key is searched from whichever of the two the object's first bytes hold fewer of:
 * `1036` stops less than half as often at its `6` as at its `1` in the benchmark's corpus.
 */
export class NeedleSet {
  private readonly keys: Buffer[];
  /** The needles each key stands for, and the number each stands for when it is one. */
  private readonly members: Buffer[][];
  private readonly numbers: (number | undefined)[][];
  /** Per key: whether it is searched backward; decided on the first buffer of some size. */
  private backward: boolean[] | undefined;
  /** Per key: the whole needles of the current buffer, as (start, end, member) in increasing order. */
  private readonly found: number[][];
  /** Per key: the index in `found` of the first needle at or after the last position asked. */
  private readonly cursor: number[];
  private data: Buffer = Buffer.alloc(0);
  private lastStart = 0;

  constructor(needles: readonly string[]) {
    const groups = new Map<string, Buffer[]>();
    for (const needle of new Set(needles)) {
      if (needle.length === 0) continue;
      const bytes = Buffer.from(needle, 'utf8');
      const key = bytes.subarray(0, SHARED_KEY_BYTES).toString('latin1');
      groups.set(key, [...(groups.get(key) ?? []), bytes]);
    }
    this.members = [...groups.values()];
    this.numbers = this.members.map((members) =>
      members.map((needle) => (needle.every(isDigit) ? Number(needle.toString('latin1')) : undefined)),
    );
    this.keys = this.members.map((members) =>
      members.length === 1 ? (members[0] as Buffer) : (members[0] as Buffer).subarray(0, SHARED_KEY_BYTES),
    );
    this.found = this.keys.map(() => []);
    this.cursor = this.keys.map(() => 0);
  }

  /** True when a range of `data` between `start` and `end` (exclusive) holds a whole needle. */
  anyWithin(data: Buffer, start: number, end: number): boolean {
    if (data !== this.data || start < this.lastStart) this.take(data);
    this.lastStart = start;
    for (let i = 0; i < this.keys.length; i++) {
      const found = this.found[i] as number[];
      let at = this.cursor[i] as number;
      while (at < found.length && (found[at] as number) < start) at += 3;
      this.cursor[i] = at;
      if (at < found.length && (found[at + 1] as number) <= end) return true;
    }
    return false;
  }

  /**
   * The numbers among the needles wholly within a range (a record's possible event ids); asked after
   * `anyWithin` for the same range.
   */
  numbersWithin(data: Buffer, start: number, end: number): number[] {
    if (data !== this.data || start < this.lastStart) this.take(data);
    const numbers: number[] = [];
    for (let i = 0; i < this.keys.length; i++) {
      const found = this.found[i] as number[];
      for (let at = this.cursor[i] as number; at < found.length; at += 3) {
        if ((found[at] as number) >= end) break;
        if ((found[at] as number) < start || (found[at + 1] as number) > end) continue;
        const number = this.numbers[i]?.[found[at + 2] as number];
        if (number !== undefined) numbers.push(number);
      }
    }
    return numbers;
  }

  private take(data: Buffer): void {
    this.data = data;
    this.lastStart = 0;
    if (this.backward === undefined && data.length >= DIRECTION_SAMPLE_BYTES) {
      this.backward = this.keys.map((key) => rarerAtEnd(data, key));
    }
    for (let i = 0; i < this.keys.length; i++) {
      this.cursor[i] = 0;
      this.found[i] = this.backward?.[i] === true ? this.findBackward(data, i) : this.findForward(data, i);
    }
  }

  private findForward(data: Buffer, index: number): number[] {
    const key = this.keys[index] as Buffer;
    const found: number[] = [];
    for (let at = data.indexOf(key); at !== -1; at = data.indexOf(key, at + 1))
      this.keep(data, index, at, found);
    return found;
  }

  private findBackward(data: Buffer, index: number): number[] {
    const key = this.keys[index] as Buffer;
    const starts: number[] = [];
    for (let at = data.lastIndexOf(key); at !== -1; at = at === 0 ? -1 : data.lastIndexOf(key, at - 1)) {
      starts.push(at);
    }
    const found: number[] = [];
    for (let i = starts.length - 1; i >= 0; i--) this.keep(data, index, starts[i] as number, found);
    return found;
  }

  /** Adds the whole needle the key found at `at`, if there is one, to `found`. */
  private keep(data: Buffer, index: number, at: number, found: number[]): void {
    const members = this.members[index] as Buffer[];
    const numbers = this.numbers[index] as (number | undefined)[];
    for (let m = 0; m < members.length; m++) {
      const needle = members[m] as Buffer;
      if (!bytesAt(data, at, needle)) continue;
      if (numbers[m] !== undefined && !standsAlone(data, at, needle.length)) continue;
      found.push(at, at + needle.length, m);
      return;
    }
  }
}

/** How much of an object's first buffer is counted to decide each key's direction. */
const DIRECTION_SAMPLE_BYTES = 16 * 1024;

/** Whether the key's last byte is rarer than its first in the buffer's first bytes. */
function rarerAtEnd(data: Buffer, key: Buffer): boolean {
  const first = key[0] as number;
  const last = key[key.length - 1] as number;
  if (first === last) return false;
  let firsts = 0;
  let lasts = 0;
  for (let i = 0; i < DIRECTION_SAMPLE_BYTES; i++) {
    const byte = data[i];
    if (byte === first) firsts++;
    else if (byte === last) lasts++;
  }
  return lasts < firsts;
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
