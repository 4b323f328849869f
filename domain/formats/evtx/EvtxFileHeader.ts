import { crc32 } from './crc32';

/** `ElfFile\0`: the first bytes of every .evtx file. */
export const EVTX_FILE_MAGIC: readonly number[] = [0x45, 0x6c, 0x66, 0x46, 0x69, 0x6c, 0x65, 0x00];
/** The file header block: the first chunk starts right after it. */
export const EVTX_FILE_HEADER_BYTES = 4096;

const CHECKSUMMED_BYTES = 120;
const FLAG_DIRTY = 0x1;
const FLAG_NO_CRC32 = 0x4;

/** What the reader needs from the file header (MS-EVEN6 has no header; libyal's EVTX notes describe it). */
export interface EvtxFileHeader {
  /**
   * The slot of the oldest chunk: not 0 once the chunk ring has wrapped, when the slots before it hold
   * the newest chunks.
   */
  readonly oldestChunk: number;
  /** Chunks in use, by the header; stale in dirty files, so chunks past it are still looked at. */
  readonly chunkCount: number;
  /** The log was not closed cleanly: checksums of the chunk being written may be stale. */
  readonly dirty: boolean;
  /** Format 3.2 files may carry no CRC32 checksums at all (flag 0x4). */
  readonly checksums: boolean;
}

/** `ElfChnk\0`: the first bytes of every chunk. */
export const EVTX_CHUNK_MAGIC: readonly number[] = [0x45, 0x6c, 0x66, 0x43, 0x68, 0x6e, 0x6b, 0x00];

/** What is assumed of a file whose header is missing or damaged: nothing in it is certain, as in a dirty one. */
export const UNKNOWN_EVTX_FILE_HEADER: EvtxFileHeader = {
  oldestChunk: 0,
  chunkCount: 0,
  dirty: true,
  checksums: true,
};

/** True when `bytes` start with the .evtx file signature. */
export function startsWithEvtxMagic(bytes: Uint8Array): boolean {
  return startsWith(bytes, EVTX_FILE_MAGIC);
}

/** True when `bytes`, from `at`, start with the chunk signature. */
export function startsWithChunkMagic(bytes: Uint8Array, at = 0): boolean {
  return startsWith(bytes, EVTX_CHUNK_MAGIC, at);
}

/**
 * Whether an object's first bytes are .evtx: a file signature, or a chunk signature where the first chunk
 * begins (a file whose header is damaged) or at the very start (chunks without their file header, as
 * carved out of a disk). Undefined while there are too few bytes to tell.
 */
export function looksLikeEvtx(head: Uint8Array): boolean | undefined {
  if (startsWithEvtxMagic(head) || startsWithChunkMagic(head)) return true;
  if (head.length < EVTX_FILE_HEADER_BYTES + EVTX_CHUNK_MAGIC.length) return undefined;
  return startsWithChunkMagic(head, EVTX_FILE_HEADER_BYTES);
}

function startsWith(bytes: Uint8Array, magic: readonly number[], at = 0): boolean {
  if (bytes.length < at + magic.length) return false;
  return magic.every((byte, i) => bytes[at + i] === byte);
}

/** Reads the file header from its first 4096 bytes (the caller has checked the signature). */
export function readEvtxFileHeader(bytes: Uint8Array): EvtxFileHeader {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const flags = view.getUint32(120, true);
  const checksums = (flags & FLAG_NO_CRC32) === 0;
  const intact = !checksums || view.getUint32(124, true) === crc32(bytes, 0, CHECKSUMMED_BYTES);
  return {
    oldestChunk: Number(view.getBigUint64(8, true)),
    chunkCount: view.getUint16(42, true),
    // A header whose checksum fails is read as dirty: nothing in it, the flags included, is certain.
    dirty: !intact || (flags & FLAG_DIRTY) !== 0,
    checksums: checksums || !intact,
  };
}
