import type { AuditRecord } from '../audit/toAuditRecords';

/** A stored audit record that could not be read as one, with where it is and why. */
export interface UnreadableAuditRecord {
  readonly location: string;
  readonly reason: string;
}

/** Everything the audit trail holds for one UTC day (one `dt=` partition). */
export interface AuditDay {
  readonly records: readonly AuditRecord[];
  readonly unreadable: readonly UnreadableAuditRecord[];
}

/** Reads the audit trail one day partition at a time (see `AuditTrail` for how it is written). */
export interface AuditTrailReader {
  /** `day` is `YYYY-MM-DD`, the UTC day of the records' `recorded_at`. */
  readDay(day: string): Promise<AuditDay>;
}
