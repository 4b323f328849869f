const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const COLON = 0x3a;
const EVENT = Buffer.from('Event', 'utf8');
const PLAIN_EVENT_OPEN = Buffer.from('<Event', 'utf8');
const PREFIXED_EVENT_OPEN = Buffer.from(':Event', 'utf8');
const EVENT_ID = Buffer.from('EventID', 'utf8');
const NOT_FOUND = Number.POSITIVE_INFINITY;
const MAX_PREFIX_BYTES = 32;
/** Event ids are 16-bit: written plainly they are one to five decimal digits. */
const MAX_PLAIN_ID_DIGITS = 5;
const MAX_16_BIT = 0xffff;
/** `plainEventId` of a record whose event id only a parse can read. */
export const UNUSUAL_EVENT_ID = -1;
/** `plainEventId` of a record without an `EventID` element (the parser rejects it if ever asked). */
export const NO_EVENT_ID = -2;

/**
 * Finds the parts of framed XML event records that the reader checks before parsing: where the
 * `<Event>` element starts, whether the record ends with its closing tag, and whether the event id is
 * written plainly. Element names may carry a namespace prefix (`<e:Event>`). Searches remember their
 * last hit per buffer, so records asked in increasing order cost one scan of the buffer in all.
 */
export class XmlRecordScanner {
  private readonly plainOpen = new CachedSearch(PLAIN_EVENT_OPEN);
  private readonly prefixedOpen = new CachedSearch(PREFIXED_EVENT_OPEN);
  private readonly eventId = new CachedSearch(EVENT_ID);

  /** Start of an `<Event` or `<prefix:Event` start tag (not `<Events>`) in `[start, end)`, or -1. */
  eventStart(data: Buffer, start: number, end: number): number {
    // Nearly every framed record is whitespace and then its event: no search needed.
    let first = start;
    while (first < end && isSpace(data[first])) first++;
    if (
      end - first > PLAIN_EVENT_OPEN.length &&
      bytesAt(data, first, PLAIN_EVENT_OPEN) &&
      endsStartTagName(data[first + PLAIN_EVENT_OPEN.length])
    ) {
      return first;
    }
    for (let at = this.plainOpen.next(data, start); at < end; at = this.plainOpen.next(data, at + 1)) {
      if (endsStartTagName(data[at + PLAIN_EVENT_OPEN.length])) return at;
    }
    for (let at = this.prefixedOpen.next(data, start); at < end; at = this.prefixedOpen.next(data, at + 1)) {
      if (!endsStartTagName(data[at + PREFIXED_EVENT_OPEN.length])) continue;
      const open = tagOpening(data, start, at + 1);
      if (open !== -1) return open;
    }
    return -1;
  }

  /** Whether `data[.., end)` ends with `</Event>` or `</prefix:Event>`. */
  endsWithEventClose(data: Buffer, start: number, end: number): boolean {
    if (data[end - 1] !== GT || end - 1 - EVENT.length < start) return false;
    if (!bytesAt(data, end - 1 - EVENT.length, EVENT)) return false;
    const name = end - 1 - EVENT.length;
    if (data[name - 1] === SLASH) return data[name - 2] === LT;
    if (data[name - 1] !== COLON) return false;
    let at = name - 2;
    while (at >= Math.max(start, name - MAX_PREFIX_BYTES) && isNameByte(data[at])) at--;
    return at < name - 2 && data[at] === SLASH && data[at - 1] === LT;
  }

  /**
   * The record's event id, read from its `EventID` element (System's, in every event the schema allows)
   * when written as a plain 16-bit decimal; `UNUSUAL_EVENT_ID` when written otherwise (a 32-bit id with
   * qualifiers, a character reference, spaces), which only a parse can read, or when the record holds a
   * second `EventID` element: an event cut off and run into the next one, whose id may be a rule's.
   * `NO_EVENT_ID` without one. The search for a second element goes on into the next record, where it
   * finds that record's element: asked in order, each record still costs one search.
   */
  plainEventId(data: Buffer, start: number, end: number): number {
    const at = this.nextEventIdTag(data, start, end);
    if (at === -1) return NO_EVENT_ID;
    let text = at + EVENT_ID.length;
    while (text < end && data[text] !== GT) text++;
    text++;
    let digit = text;
    let value = 0;
    while (digit < end && digit - text <= MAX_PLAIN_ID_DIGITS && isDigit(data[digit])) {
      value = value * 10 + ((data[digit] as number) - 0x30);
      digit++;
    }
    const digits = digit - text;
    const plain = digits >= 1 && digits <= MAX_PLAIN_ID_DIGITS && value <= MAX_16_BIT && data[digit] === LT;
    if (!plain) return UNUSUAL_EVENT_ID;
    // Past the name in `</EventID>`, which is no start tag: one search fewer per record.
    const afterClose = data[digit + 1] === SLASH ? digit + 2 + EVENT_ID.length : digit + 1;
    return this.nextEventIdTag(data, afterClose, end) === -1 ? value : UNUSUAL_EVENT_ID;
  }

  /** Where the element name of the next `EventID` start tag in `[from, end)` begins, or -1. */
  private nextEventIdTag(data: Buffer, from: number, end: number): number {
    for (let at = this.eventId.next(data, from); at < end; at = this.eventId.next(data, at + 1)) {
      const after = data[at + EVENT_ID.length];
      if ((after === GT || isSpace(after)) && tagOpening(data, from, at) !== -1) return at;
    }
    return -1;
  }
}

/** Whether `needle` is at `at` in `data`: a loop beats a native compare call on a few bytes. */
function bytesAt(data: Buffer, at: number, needle: Buffer): boolean {
  for (let i = 0; i < needle.length; i++) if (data[at + i] !== needle[i]) return false;
  return true;
}

function endsStartTagName(byte: number | undefined): boolean {
  return byte === GT || byte === SLASH || isSpace(byte);
}

/** Where the start tag whose element name begins at `name` opens (`<` or `<prefix:`), or -1. */
function tagOpening(data: Buffer, start: number, name: number): number {
  if (name - 1 < start) return -1;
  if (data[name - 1] === LT) return name - 1;
  if (data[name - 1] !== COLON) return -1;
  let at = name - 2;
  while (at >= Math.max(start, name - MAX_PREFIX_BYTES) && isNameByte(data[at])) at--;
  return at < name - 2 && at >= start && data[at] === LT ? at : -1;
}

/**
 * The next occurrence of a needle at or after a position, remembered per buffer: the hit found from one
 * position answers every later position up to it, and an earlier one is searched again.
 */
class CachedSearch {
  private data: Buffer | undefined;
  private searchedFrom = 0;
  private found = -1;

  constructor(private readonly needle: Buffer) {}

  next(data: Buffer, from: number): number {
    if (data !== this.data || from < this.searchedFrom) {
      this.data = data;
      this.found = -1;
    }
    if (this.found !== NOT_FOUND && this.found < from) {
      const at = data.indexOf(this.needle, from);
      this.searchedFrom = from;
      this.found = at === -1 ? NOT_FOUND : at;
    }
    return this.found;
  }
}

function isSpace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

function isDigit(byte: number | undefined): boolean {
  return byte !== undefined && byte >= 0x30 && byte <= 0x39;
}

function isNameByte(byte: number | undefined): boolean {
  return (
    byte !== undefined &&
    ((byte >= 0x61 && byte <= 0x7a) ||
      (byte >= 0x41 && byte <= 0x5a) ||
      isDigit(byte) ||
      byte === 0x2d ||
      byte === 0x5f ||
      byte === 0x2e)
  );
}
