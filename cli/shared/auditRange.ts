import { auditPartitionDays } from '../../domain/audit/auditPartitionDays';
import type { UnreadableAuditRecord } from '../../domain/ports/AuditTrailReader';
import { UsageError } from '../UsageError';
import type { CommandIo } from './CommandIo';

/** Day partitions one `audit` or `fleet` run reads at most, unless --max-days says otherwise. */
export const DEFAULT_MAX_DAYS = 366;
export function checkRange(sinceMs: number, untilMs: number, maxDays: number): void {
  if (sinceMs > untilMs) throw new UsageError('--since is after --until: the range is empty');
  const days = auditPartitionDays(sinceMs, untilMs);
  if (days.length > maxDays) {
    throw new UsageError(
      `--since/--until cover ${days.length} days (${days[0]}..${days[days.length - 1]}), more than the ${maxDays} day partitions one run reads: narrow the range or raise --max-days`,
    );
  }
}

export function reportUnreadable(
  io: CommandIo,
  command: string,
  unreadable: readonly UnreadableAuditRecord[],
): void {
  const shown = 5;
  for (const { location, reason } of unreadable.slice(0, shown))
    io.stderr.write(`${command}: skipped unreadable record ${location}: ${reason}\n`);
  if (unreadable.length > shown)
    io.stderr.write(`${command}: ...and ${unreadable.length - shown} more unreadable records\n`);
}
