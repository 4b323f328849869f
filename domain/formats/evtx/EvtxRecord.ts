import type { XmlElement } from '../xml/XmlElement';

/**
 * One event record whose BinXML was read but not yet expanded. `elements()` may only be called while the
 * listener that received the record runs: it reads the chunk's bytes, which are reused after that.
 */
export interface EvtxRecord {
  /** Offset of the record in the file. */
  readonly byteOffset: number;
  readonly recordId: number;
  /** The event id, when it can be read without expanding the event (templated records: nearly all). */
  readonly eventId: number | undefined;
  /** The event's elements; undefined when they cannot be built, which is then reported as damage. */
  elements(): readonly XmlElement[] | undefined;
}

export type EvtxDamageReason = 'corrupt-evtx-chunk' | 'corrupt-evtx-record' | 'truncated-record';

export interface EvtxDamage {
  readonly reason: EvtxDamageReason;
  readonly detail: string;
  /** Offset in the file of the damaged chunk or record. */
  readonly byteOffset: number;
}

/** Where a chunk stands in the log's order, told before its records. */
export interface EvtxChunkStart {
  /** The chunk sits before the oldest one in a wrapped file: its records are newer than all that follow. */
  readonly wrapped: boolean;
  /** The chunk header's first event record number (0 when the chunk has no header to read it from). */
  readonly firstRecordNumber: number;
}

export interface EvtxReadListener {
  chunk?(start: EvtxChunkStart): void;
  record(record: EvtxRecord): void;
  damaged(damage: EvtxDamage): void;
}
