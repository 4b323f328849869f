import type { AuditEntry } from '../audit/toAuditRecords';

/**
 * Append-only record of what the correlator decided and sent. Writes are idempotent: an entry's
 * identity and `recorded_at` fix where it is stored, so writing it again replaces it with itself.
 */
export interface AuditTrail {
  write(entries: readonly AuditEntry[]): Promise<void>;
}
