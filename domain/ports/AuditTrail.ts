import type { AuditEntry } from '../audit/toAuditRecords';

/**
 * Append-only record of what the correlator decided and sent. Writes are idempotent: an entry's batch
 * (or, without one, its identity) and `recorded_at` fix where it is stored, so writing it again replaces
 * it with itself. The entries of a batch are always written in one call, all of them.
 */
export interface AuditTrail {
  write(entries: readonly AuditEntry[]): Promise<void>;
}
