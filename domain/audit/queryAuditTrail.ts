import { nodeKey } from '../event/NormalisedEvent';
import type { AuditTrailReader, UnreadableAuditRecord } from '../ports/AuditTrailReader';
import { auditPartitionDays } from './auditPartitionDays';
import type { AuditRecord } from './toAuditRecords';

/** Which audit records to read: written between `sinceMs` and `untilMs`, optionally narrowed. */
export interface AuditQuery {
  readonly sinceMs: number;
  readonly untilMs: number;
  /** Compared as `nodeKey` (case and surrounding spaces ignored). */
  readonly node?: string;
  /** Case ignored. */
  readonly ruleId?: string;
  readonly incidentId?: string;
}

export interface AuditQueryResult {
  readonly records: readonly AuditRecord[];
  /** The day partitions read, oldest first. */
  readonly days: readonly string[];
  readonly unreadable: readonly UnreadableAuditRecord[];
}

/** Day partitions read at the same time. */
const DAY_CONCURRENCY = 4;

/**
 * Reads the audit records a query asks for, touching only the day partitions its time range covers
 * (the trail is partitioned by the UTC day each record was written).
 */
export async function queryAuditTrail(
  reader: AuditTrailReader,
  query: AuditQuery,
): Promise<AuditQueryResult> {
  const days = auditPartitionDays(query.sinceMs, query.untilMs);
  const records: AuditRecord[] = [];
  const unreadable: UnreadableAuditRecord[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < days.length) {
      const day = await reader.readDay(days[next++] as string);
      records.push(...day.records.filter((record) => matches(record, query)));
      unreadable.push(...day.unreadable);
    }
  };
  await Promise.all(Array.from({ length: Math.min(DAY_CONCURRENCY, days.length) }, worker));
  return { records, days, unreadable };
}

function matches(record: AuditRecord, query: AuditQuery): boolean {
  const recordedMs = Date.parse(record.recorded_at);
  if (recordedMs < query.sinceMs || recordedMs > query.untilMs) return false;
  if (query.node !== undefined && nodeKey(record.node) !== nodeKey(query.node)) return false;
  if (query.ruleId !== undefined && record.rule_id.toLowerCase() !== query.ruleId.toLowerCase()) return false;
  if (query.incidentId !== undefined && record.incident_id !== query.incidentId) return false;
  return true;
}
