import {
  EVTX_FILE_HEADER_BYTES,
  EVTX_FILE_MAGIC,
  type EvtxFileHeader,
  readEvtxFileHeader,
  startsWithChunkMagic,
  startsWithEvtxMagic,
  UNKNOWN_EVTX_FILE_HEADER,
} from './EvtxFileHeader';
import type { EvtxDamageReason, EvtxReadListener } from './EvtxRecord';
import { EVTX_CHUNK_BYTES, readEvtxChunk } from './readEvtxChunk';

const NOT_EVTX = 'no .evtx file signature (ElfFile)';

/**
 * Reads a .evtx file fed in pieces of any size: the 4 KiB file header, then one 64 KiB chunk at a time,
 * each read as soon as it is complete. It holds one chunk at most (none when a piece holds whole chunks),
 * whatever the file's size. Chunks are taken wherever their signature is, not by the header's count,
 * which is stale in dirty files; a file that ends inside a chunk keeps the records before the cut.
 * Damage to the file header costs only the header: the chunks after it are read when the first one has
 * its signature, as are chunks without any file header, and files written one after the other.
 */
export class EvtxStreamReader {
  private readonly pending = new Uint8Array(EVTX_CHUNK_BYTES);
  private pendingBytes = 0;
  private header: EvtxFileHeader | undefined;
  /** The header had no signature: the first chunk slot tells whether this is .evtx at all. */
  private headerDamaged = false;
  private failed = false;
  /** Offset of the current file's first chunk slot. */
  private firstChunkAt = EVTX_FILE_HEADER_BYTES;
  private nextChunk = 0;

  constructor(
    private readonly listener: EvtxReadListener,
    /** Records starting before this offset were read before: they are skipped, their damage too. */
    private readonly resumeAtByte = 0,
  ) {}

  /** Offset of the first byte not yet read: where a read stopped between pieces can resume. */
  get readUpTo(): number {
    return this.header === undefined ? 0 : this.chunkOffset(this.nextChunk);
  }

  push(piece: Uint8Array): void {
    let at = 0;
    while (at < piece.length && !this.failed) {
      const unit = this.header === undefined ? EVTX_FILE_HEADER_BYTES : EVTX_CHUNK_BYTES;
      if (this.pendingBytes === 0 && piece.length - at >= unit) {
        this.readUnit(piece.subarray(at, at + unit));
        at += unit;
        continue;
      }
      const take = Math.min(unit - this.pendingBytes, piece.length - at);
      this.pending.set(piece.subarray(at, at + take), this.pendingBytes);
      this.pendingBytes += take;
      at += take;
      if (this.pendingBytes === unit) {
        this.pendingBytes = 0;
        this.readUnit(this.pending.subarray(0, unit));
      }
    }
  }

  end(): void {
    // A second file's header in the last bytes leaves the start of its first chunk pending: read that too.
    while (!this.failed && this.pendingBytes > 0) this.endUnit();
  }

  private endUnit(): void {
    const rest = this.pending.subarray(0, this.pendingBytes);
    this.pendingBytes = 0;
    if (this.header === undefined) {
      if (startsWithChunkMagic(rest)) {
        this.header = UNKNOWN_EVTX_FILE_HEADER;
        this.firstChunkAt = 0;
        this.readChunk(rest);
      } else if (isStartOfFileHeader(rest)) {
        this.damaged('truncated-record', `the file ends ${rest.length} bytes into its 4096-byte header`, 0);
      } else {
        this.damaged('corrupt-evtx-chunk', NOT_EVTX, 0);
      }
      return;
    }
    this.readChunk(rest);
  }

  private readUnit(bytes: Uint8Array): void {
    if (this.header !== undefined) {
      this.readChunk(bytes);
      return;
    }
    if (startsWithEvtxMagic(bytes)) {
      this.header = readEvtxFileHeader(bytes);
    } else if (startsWithChunkMagic(bytes)) {
      // Chunks without a file header: these bytes are the start of the first one.
      this.header = UNKNOWN_EVTX_FILE_HEADER;
      this.firstChunkAt = 0;
      this.holdAsChunkStart(bytes);
    } else {
      this.header = UNKNOWN_EVTX_FILE_HEADER;
      this.headerDamaged = true;
    }
  }

  private readChunk(bytes: Uint8Array): void {
    const header = this.header;
    if (header === undefined) return;
    if (this.headerDamaged) {
      this.headerDamaged = false;
      if (!startsWithChunkMagic(bytes)) {
        this.failed = true;
        this.damaged('corrupt-evtx-chunk', NOT_EVTX, 0);
        return;
      }
      this.damaged('corrupt-evtx-chunk', `${NOT_EVTX}: the chunks after the header are read`, 0);
    }
    const index = this.nextChunk++;
    const offset = this.chunkOffset(index);
    if (startsWithEvtxMagic(bytes)) {
      this.startNextFile(bytes, offset);
      return;
    }
    if (offset + EVTX_CHUNK_BYTES <= this.resumeAtByte) return;
    const place = { file: header, offset, inUse: index < header.chunkCount, resumeAtByte: this.resumeAtByte };
    this.listener.chunk?.({
      wrapped: index < header.oldestChunk,
      firstRecordNumber: bytes.length >= 16 ? Number(readUint64(bytes, 8)) : 0,
    });
    readEvtxChunk(bytes, place, this.listener);
  }

  /** Another .evtx file written after this one: its header, then its chunks, the first begun in `bytes`. */
  private startNextFile(bytes: Uint8Array, offset: number): void {
    if (bytes.length < EVTX_FILE_HEADER_BYTES) {
      this.damaged('truncated-record', `the file ends ${bytes.length} bytes into a 4096-byte header`, offset);
      return;
    }
    this.header = readEvtxFileHeader(bytes);
    this.firstChunkAt = offset + EVTX_FILE_HEADER_BYTES;
    this.nextChunk = 0;
    this.holdAsChunkStart(bytes.subarray(EVTX_FILE_HEADER_BYTES));
  }

  /** Keeps `bytes` as the beginning of the next chunk (they may lie in `pending` itself: `set` copies first). */
  private holdAsChunkStart(bytes: Uint8Array): void {
    this.pending.set(bytes);
    this.pendingBytes = bytes.length;
  }

  /** Offset of a chunk slot of the current file. */
  private chunkOffset(index: number): number {
    return this.firstChunkAt + index * EVTX_CHUNK_BYTES;
  }

  private damaged(reason: EvtxDamageReason, detail: string, byteOffset: number): void {
    // A resumed read passes damage it reported before, as it passes the records.
    if (byteOffset < this.resumeAtByte) return;
    this.listener.damaged({ reason, detail, byteOffset });
  }
}

function isStartOfFileHeader(bytes: Uint8Array): boolean {
  return bytes.every((byte, i) => i >= EVTX_FILE_MAGIC.length || byte === EVTX_FILE_MAGIC[i]);
}

function readUint64(bytes: Uint8Array, at: number): bigint {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(at, true);
}
