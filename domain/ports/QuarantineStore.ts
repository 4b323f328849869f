import type { ObjectRef } from './ObjectSource';

/** Rejected records of one read of one object (one attempt, or one segment of a resumed read). */
export interface QuarantineBatch {
  readonly source: ObjectRef;
  /** Decompressed offset the read started at (0, or where a continuation resumed). */
  readonly startByte: number;
  /** JSON lines, one per rejected record (see `toQuarantineLines`). */
  readonly lines: readonly string[];
}

/**
 * Keeps what could not be processed, with the reason, where an operator can find and replay it. One
 * object per batch under a deterministic name, so a retried read overwrites instead of duplicating.
 */
export interface QuarantineStore {
  put(batch: QuarantineBatch): Promise<{ readonly location: string }>;
}
