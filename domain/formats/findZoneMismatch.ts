import type { FoundField } from './json/firstPresentField';
import { parseEventTime } from './parseEventTime';
import type { ZoneMismatch } from './ZoneMismatch';

/** Shipping delay stays well below this; a zone error is at least this large (except the rare :15/:30/:45 zones). */
export const ZONE_MISMATCH_THRESHOLD_MS = 30 * 60_000;
const QUARTER_HOUR_MINUTES = 15;
/** Real UTC offsets lie within -12:00 .. +14:00; a larger gap is late shipping, not a zone. */
const MAX_ZONE_OFFSET_MINUTES = 14 * 60;

/**
 * Compares a zone-less event time, read in `timeZone` as `eventTimeMs`, with the first absolute time among
 * `references` (zone-less references are ignored: they prove nothing). Undefined when they agree within 30 minutes.
 */
export function findZoneMismatch(
  eventTime: FoundField,
  eventTimeMs: number,
  timeZone: string,
  references: readonly FoundField[],
): ZoneMismatch | undefined {
  if (typeof eventTime.value !== 'string') return undefined;
  const reference = references
    .map((found) => ({
      found,
      parsed: typeof found.value === 'string' ? parseEventTime(found.value) : undefined,
    }))
    .find(({ parsed }) => parsed !== undefined && parsed.zoneLess === undefined);
  if (reference?.parsed === undefined) return undefined;
  if (Math.abs(eventTimeMs - reference.parsed.timeMs) <= ZONE_MISMATCH_THRESHOLD_MS) return undefined;
  const wallAsUtc = parseEventTime(eventTime.value, 'UTC');
  if (wallAsUtc === undefined) return undefined;
  const offsetMinutes =
    Math.round((wallAsUtc.timeMs - reference.parsed.timeMs) / 60_000 / QUARTER_HOUR_MINUTES) *
    QUARTER_HOUR_MINUTES;
  return {
    field: eventTime.field,
    value: eventTime.value,
    referenceField: reference.found.field,
    referenceValue: String(reference.found.value),
    timeZone,
    reconcilingOffsetMinutes: offsetMinutes,
    hint: hintFor(offsetMinutes),
  };
}

function hintFor(offsetMinutes: number): string {
  if (Math.abs(offsetMinutes) > MAX_ZONE_OFFSET_MINUTES) {
    return 'no time zone explains the gap: the absolute time is probably when late records were received';
  }
  const zone = `UTC${formatOffset(offsetMinutes)}`;
  const fixed =
    offsetMinutes % 60 === 0 && offsetMinutes !== 0
      ? ` (${etcZone(offsetMinutes)} for a fixed ${formatOffset(offsetMinutes)})`
      : offsetMinutes === 0
        ? ' (UTC)'
        : '';
  return `the shipper's clock reads ${zone}: set --timezone (scan, check) or the timeZone context key to its IANA zone${fixed}`;
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
}

/** IANA's Etc zones have POSIX signs: UTC+01:00 is Etc/GMT-1. */
function etcZone(offsetMinutes: number): string {
  const hours = offsetMinutes / 60;
  return `Etc/GMT${hours > 0 ? '-' : '+'}${Math.abs(hours)}`;
}
