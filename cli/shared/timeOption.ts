import { parseDuration } from '../../domain/rules/parseDuration';
import { UsageError } from '../UsageError';

const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const ZONED_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * A point in time on the command line: a UTC date (`2024-03-14`: its start, or with `endOfDay` its last
 * millisecond), a time with its zone (`2024-03-14T02:00:00Z`, `...+01:00`), or a duration back from
 * now (`7d`, `36h`).
 */
export function timeOption(name: string, text: string, nowMs: number, endOfDay = false): number {
  const trimmed = text.trim();
  const back = parseDuration(trimmed);
  if (back !== undefined) return nowMs - back;
  if (DATE.test(trimmed)) {
    const start = Date.parse(`${trimmed}T00:00:00Z`);
    if (!Number.isNaN(start)) return endOfDay ? start + DAY_MS - 1 : start;
  }
  if (ZONED_TIME.test(trimmed)) {
    const ms = Date.parse(trimmed);
    if (!Number.isNaN(ms)) return ms;
  }
  throw new UsageError(
    `${name}: '${text}' is not a time: give a UTC date (2024-03-14), a time with its zone (2024-03-14T02:00:00Z) or a duration back from now (7d, 36h)`,
  );
}
