import { describeZoneMismatch } from '../../domain/formats/describeZoneMismatch';
import type { ZoneMismatch } from '../../domain/formats/ZoneMismatch';
import { nodeInText } from '../../domain/incident/safeNodeLabel';
import { LATE_MATCHES_WARNING, OBJECT_OVERFLOW_WARNING } from '../../domain/ingest/ingestObject';

/**
 * The runner's line for a handler warning an operator must act on (a shipper whose records are of no
 * shape we read, or whose zone is set wrong; a node whose matches came too late); undefined for the rest,
 * which stay in the log file.
 */
export function describeHandlerWarning(entry: Readonly<Record<string, unknown>>): string | undefined {
  const object = String(entry.object ?? '(unknown object)');
  if (entry.message === 'records of unknown shape') {
    return `warning: ${object}: ${String(entry.count)} records of unknown shape (no Windows event format this pipeline reads); they are quarantined, not correlated`;
  }
  if (entry.message === LATE_MATCHES_WARNING) {
    return `warning: ${object}: ${String(entry.late)} matches on ${nodeInText(String(entry.node), 80)} came too late to correlate (a clock set back, or logs older than what was read before); counted as late, not correlated`;
  }
  if (entry.message === OBJECT_OVERFLOW_WARNING) {
    const nodes = (entry.byNode as { node: string; matches: number }[] | undefined) ?? [];
    const named = nodes.map(({ node, matches }) => `${nodeInText(node, 80)} ${matches}`).join(', ');
    const others = Number(entry.otherNodes ?? 0);
    return `warning: ${object}: ${String(entry.dropped)} matches dropped as state-overflow (the object's matches past --max-state-bytes, oldest first), by node: ${named}${others > 0 ? `, and ${others} more not named` : ''}`;
  }
  if (entry.message === 'zone-mismatch') {
    return `warning: ${describeZoneMismatch(object, entry as unknown as ZoneMismatch)}`;
  }
  return undefined;
}
