import type { XmlElement } from '../xml/XmlElement';
import type { BinXmlChunk } from './BinXmlChunk';
import type { BinXmlNode } from './BinXmlNode';
import { crc32 } from './crc32';
import { type EvtxFileHeader, startsWithChunkMagic } from './EvtxFileHeader';
import { EvtxFormatError } from './EvtxFormatError';
import type { EvtxDamageReason, EvtxReadListener, EvtxRecord } from './EvtxRecord';
import { instantiateBinXml } from './instantiateBinXml';
import { createBinXmlChunk, parseFragment } from './parseBinXml';
import { peekEventId } from './peekEventId';

export const EVTX_CHUNK_BYTES = 65536;
/** Chunk header and its string and template tables: records start after them. */
const CHUNK_HEADER_BYTES = 512;
const CHUNK_FLAG_NO_CRC32 = 0x4;
/** `**\0\0`, then the record size, record id and written time; the size again in the last 4 bytes. */
const RECORD_SIGNATURE = 0x00002a2a;
const RECORD_HEADER_BYTES = 24;
const RECORD_MIN_BYTES = RECORD_HEADER_BYTES + 4 + 4;

export interface EvtxChunkPlace {
  /** The file header the chunk belongs to. */
  readonly file: EvtxFileHeader;
  /** Offset of the chunk in the file. */
  readonly offset: number;
  /** Inside the header's chunk count: a chunk that is not there is damage, not unused space. */
  readonly inUse: boolean;
  /** Records starting before this file offset were read before (a resumed read): skipped, their damage too. */
  readonly resumeAtByte: number;
}

/**
 * Reads the records of one chunk (`bytes`, a whole chunk unless the file ends inside it). A chunk with no
 * signature is damage when the header counts it or it holds anything but zeros, and unused space
 * otherwise. Checksums are checked unless the file has none; a mismatch rejects the chunk of a cleanly
 * closed file, while in a dirty file, where Windows had not yet rewritten the checksums of the chunk it
 * was writing, each record is checked on its own. Records that do not parse are rejected one by one and
 * the walk resumes at the next record signature.
 */
export function readEvtxChunk(bytes: Uint8Array, place: EvtxChunkPlace, listener: EvtxReadListener): void {
  const length = bytes.length;
  const damaged = (reason: EvtxDamageReason, detail: string) => {
    if (place.offset >= place.resumeAtByte) listener.damaged({ reason, detail, byteOffset: place.offset });
  };
  if (!startsWithChunkMagic(bytes)) {
    if (place.inUse) {
      damaged('corrupt-evtx-chunk', 'no chunk signature (ElfChnk) where the file header counts a chunk');
    } else if (bytes.some((byte) => byte !== 0)) {
      damaged(
        'corrupt-evtx-chunk',
        'no chunk signature (ElfChnk) in bytes after the chunks the file header counts',
      );
    }
    return;
  }
  if (length < CHUNK_HEADER_BYTES) {
    damaged('truncated-record', `the file ends ${length} bytes into a chunk header`);
    return;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, length);
  const freeSpace = view.getUint32(48, true);
  const checksums = place.file.checksums && (view.getUint32(120, true) & CHUNK_FLAG_NO_CRC32) === 0;
  const headerIntact =
    !checksums || view.getUint32(124, true) === crc32(bytes, 128, 512, crc32(bytes, 0, 120));
  const plausibleFreeSpace = freeSpace >= CHUNK_HEADER_BYTES && freeSpace <= EVTX_CHUNK_BYTES;
  const recordsIntact =
    !checksums ||
    !plausibleFreeSpace ||
    freeSpace > length ||
    view.getUint32(52, true) === crc32(bytes, CHUNK_HEADER_BYTES, freeSpace);
  const strict = !place.file.dirty;
  const problem = !headerIntact
    ? 'chunk header checksum mismatch'
    : !recordsIntact
      ? 'event records checksum mismatch'
      : !plausibleFreeSpace && checksums
        ? `free space offset ${freeSpace} is outside the chunk`
        : undefined;
  if (problem !== undefined && (strict || !plausibleFreeSpace)) {
    damaged('corrupt-evtx-chunk', problem);
    return;
  }
  const end = Math.min(plausibleFreeSpace ? freeSpace : EVTX_CHUNK_BYTES, length);
  new RecordWalk(bytes, view, place, listener).walk(end, plausibleFreeSpace ? freeSpace : end);
}

class RecordWalk {
  readonly chunk: BinXmlChunk;
  /** Records starting before this offset in the chunk were read before. */
  private readonly skipBefore: number;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly view: DataView,
    readonly place: EvtxChunkPlace,
    private readonly listener: EvtxReadListener,
  ) {
    this.chunk = createBinXmlChunk(bytes, bytes.length);
    this.skipBefore = place.resumeAtByte - place.offset;
  }

  /** Records in `[512, end)`; `recordsEnd` is where the chunk header says they end (past `end` if cut off). */
  walk(end: number, recordsEnd: number): void {
    let at = CHUNK_HEADER_BYTES;
    while (at < end) {
      const size = this.recordSizeAt(at);
      if (size === 'cut') {
        this.damaged(at, 'truncated-record', 'the file ends inside this event record');
        return;
      }
      if (typeof size === 'string') {
        const next = this.nextRecord(at + 1, end);
        const skipped =
          next === -1 ? 'no event record follows in the chunk' : `the next one starts ${next - at} bytes on`;
        this.damaged(at, 'corrupt-evtx-record', `${size}; ${skipped}`);
        if (next === -1) return;
        at = next;
        continue;
      }
      if (at >= this.skipBefore) this.read(at, size);
      at += size;
    }
    if (end < recordsEnd) {
      this.damaged(
        at,
        'truncated-record',
        'the file ends inside this chunk; its later event records are cut off',
      );
    }
  }

  private read(at: number, size: number): void {
    let nodes: BinXmlNode[];
    try {
      nodes = parseFragment(this.chunk, at + RECORD_HEADER_BYTES, at + size - 4, 0);
    } catch (error) {
      this.damaged(at, 'corrupt-evtx-record', describe(error));
      return;
    }
    const recordId = this.view.getUint32(at + 8, true) + this.view.getUint32(at + 12, true) * 0x1_0000_0000;
    this.listener.record(new ChunkRecord(this, at, recordId, nodes));
  }

  /** The record's elements; undefined, and reported, when its values do not fit its template. */
  expand(at: number, nodes: readonly BinXmlNode[]): XmlElement[] | undefined {
    try {
      return instantiateBinXml(this.chunk, nodes);
    } catch (error) {
      this.damaged(at, 'corrupt-evtx-record', describe(error));
      return undefined;
    }
  }

  /**
   * The size of the record at `at` when a whole one is there; 'cut' when the bytes end inside it; else
   * what is wrong. Records written only in part (a dirty file's last ones) lack the size copy at the end.
   */
  private recordSizeAt(at: number): number | string {
    const length = this.bytes.length;
    if (at + 8 > length) return 'cut';
    if (this.view.getUint32(at, true) !== RECORD_SIGNATURE) return 'no event record signature';
    const size = this.view.getUint32(at + 4, true);
    if (size < RECORD_MIN_BYTES || at + size > EVTX_CHUNK_BYTES) {
      return `event record size ${size} does not fit in the chunk`;
    }
    if (at + size > length) return 'cut';
    return this.view.getUint32(at + size - 4, true) === size
      ? size
      : 'event record written only in part (its size is not repeated at its end)';
  }

  private nextRecord(from: number, end: number): number {
    for (let at = from; at + RECORD_MIN_BYTES <= end; at++) {
      if (
        this.bytes[at] === 0x2a &&
        this.bytes[at + 1] === 0x2a &&
        typeof this.recordSizeAt(at) === 'number'
      ) {
        return at;
      }
    }
    return -1;
  }

  private damaged(at: number, reason: EvtxDamageReason, detail: string): void {
    if (at >= this.skipBefore) this.listener.damaged({ reason, detail, byteOffset: this.place.offset + at });
  }
}

class ChunkRecord implements EvtxRecord {
  readonly byteOffset: number;
  readonly eventId: number | undefined;

  constructor(
    private readonly walk: RecordWalk,
    private readonly at: number,
    readonly recordId: number,
    private readonly nodes: readonly BinXmlNode[],
  ) {
    this.byteOffset = walk.place.offset + at;
    this.eventId = peekEventId(walk.chunk, nodes);
  }

  elements(): readonly XmlElement[] | undefined {
    return this.walk.expand(this.at, this.nodes);
  }
}

function describe(error: unknown): string {
  return error instanceof EvtxFormatError ? error.message : `unreadable BinXML: ${String(error)}`;
}
