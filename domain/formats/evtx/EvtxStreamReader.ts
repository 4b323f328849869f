import {
  EVTX_FILE_HEADER_BYTES,
  EVTX_FILE_MAGIC,
  type EvtxFileHeader,
  readEvtxFileHeader,
  startsWithEvtxMagic,
} from './EvtxFileHeader';
import type { EvtxDamageReason, EvtxReadListener } from './EvtxRecord';
import { EVTX_CHUNK_BYTES, readEvtxChunk } from './readEvtxChunk';

const NOT_EVTX = 'no .evtx file signature (ElfFile)';

/**
 * Reads a .evtx file fed in pieces of any size: the 4 KiB file header, then one 64 KiB chunk at a time,
 * each read as soon as it is complete. It holds one chunk at most (none when a piece holds whole chunks),
 * whatever the file's size. Chunks are taken wherever their signature is, not by the header's count,
 * which is stale in dirty files; a file that ends inside a chunk keeps the records before the cut.
 */
export class EvtxStreamReader {
  private readonly pending = new Uint8Array(EVTX_CHUNK_BYTES);
  private pendingBytes = 0;
  private header: EvtxFileHeader | undefined;
  private failed = false;
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
    if (this.failed || this.pendingBytes === 0) return;
    const rest = this.pending.subarray(0, this.pendingBytes);
    this.pendingBytes = 0;
    if (this.header === undefined) {
      if (rest.every((byte, i) => i >= EVTX_FILE_MAGIC.length || byte === EVTX_FILE_MAGIC[i])) {
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
    if (!startsWithEvtxMagic(bytes)) {
      this.failed = true;
      this.damaged('corrupt-evtx-chunk', NOT_EVTX, 0);
      return;
    }
    this.header = readEvtxFileHeader(bytes);
  }

  private readChunk(bytes: Uint8Array): void {
    const header = this.header;
    if (header === undefined) return;
    const index = this.nextChunk++;
    const offset = this.chunkOffset(index);
    if (offset + EVTX_CHUNK_BYTES <= this.resumeAtByte) return;
    const place = { file: header, offset, inUse: index < header.chunkCount, resumeAtByte: this.resumeAtByte };
    this.listener.chunk?.({
      wrapped: index < header.oldestChunk,
      firstRecordNumber: bytes.length >= 16 ? Number(readUint64(bytes, 8)) : 0,
    });
    readEvtxChunk(bytes, place, this.listener);
  }

  /** Offset of a chunk slot in the file. */
  private chunkOffset(index: number): number {
    return EVTX_FILE_HEADER_BYTES + index * EVTX_CHUNK_BYTES;
  }

  private damaged(reason: EvtxDamageReason, detail: string, byteOffset: number): void {
    this.listener.damaged({ reason, detail, byteOffset });
  }
}

function readUint64(bytes: Uint8Array, at: number): bigint {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(at, true);
}
