import { describeZoneMismatch } from '../../domain/formats/describeZoneMismatch';
import type { ZoneMismatch } from '../../domain/formats/ZoneMismatch';

/**
 * The runner's line for a handler warning an operator must act on (a shipper whose records are of no
 * shape we read, or whose zone is set wrong); undefined for the rest, which stay in the log file.
 */
export function describeHandlerWarning(entry: Readonly<Record<string, unknown>>): string | undefined {
  const object = String(entry.object ?? '(unknown object)');
  if (entry.message === 'records of unknown shape') {
    return `warning: ${object}: ${String(entry.count)} records of unknown shape (no Windows event format this pipeline reads); they are quarantined, not correlated`;
  }
  if (entry.message === 'zone-mismatch') {
    return `warning: ${describeZoneMismatch(object, entry as unknown as ZoneMismatch)}`;
  }
  return undefined;
}
