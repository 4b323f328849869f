import type { SourceLocation } from '../event/NormalisedEvent';
import type { RecordParseResult } from '../event/RecordRejection';
import { assembleEvent } from './assembleEvent';
import { createNamedData } from './createNamedData';
import type { JsonMapperOptions } from './JsonRecordMapper';
import type { JsonShape } from './JsonShape';
import { isJsonObject } from './json/isJsonObject';
import { has, hasAny } from './json/markers';
import { readField } from './json/readField';
import { textOf } from './json/textOf';
import { normaliseEventLevel } from './normaliseEventLevel';

/** What `ConvertTo-Json` writes for an EventProperty below its depth limit (Windows PowerShell's default -Depth 2). */
const UNEXPANDED_PROPERTY = 'System.Diagnostics.Eventing.Reader.EventProperty';
const MICROSOFT_JSON_DATE = /^\/Date\((-?\d{1,15})([+-]\d{4})?\)\/$/;

/**
 * Maps `Get-WinEvent | ConvertTo-Json` (an EventLogRecord's properties). `TimeCreated` is written by Windows
 * PowerShell 5.1 as `"\/Date(ms)\/"` (ms since the epoch, UTC; any `+hhmm` suffix only says where it was
 * written), by PowerShell 7 as ISO 8601 with the machine's offset, and by versions before 7.2 for a DateTime
 * carrying extended properties as `{"value": …, "DisplayHint": …, "DateTime": …}`. `Properties` is
 * `[{"Value": …}]` in template order (positional data) from `-Depth 3` on; with the 5.1 default it holds only
 * type names, and the rule falls back to `Message`.
 */
export function mapPowerShellRecord(
  record: Record<string, unknown>,
  source: SourceLocation,
  options: JsonMapperOptions,
): RecordParseResult {
  return assembleEvent(
    {
      format: 'powershell',
      node: { field: 'MachineName', value: readField(record, 'MachineName') },
      eventId: { field: 'Id', value: readField(record, 'Id') },
      time: { field: 'TimeCreated', value: isoTimeOf(readField(record, 'TimeCreated')) },
      timeZone: options.timeZone,
      channel: readField(record, 'LogName') ?? readField(record, 'ContainerLog'),
      provider: readField(record, 'ProviderName'),
      recordId: readField(record, 'RecordId'),
      level:
        normaliseEventLevel(readField(record, 'Level')) ??
        normaliseEventLevel(readField(record, 'LevelDisplayName')),
      message: readField(record, 'Message'),
      data: { named: createNamedData(), positional: propertyValues(readField(record, 'Properties')) },
    },
    source,
  );
}

/** The time as ISO 8601 text, or the value unchanged (so an unusable one is reported as it was). */
function isoTimeOf(value: unknown): unknown {
  const inner = isJsonObject(value) ? readField(value, 'value') : value;
  if (typeof inner !== 'string') return inner;
  const match = MICROSOFT_JSON_DATE.exec(inner.trim());
  if (match === null) return inner;
  const date = new Date(Number(match[1]));
  return Number.isNaN(date.getTime()) ? inner : date.toISOString();
}

function propertyValues(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  if (value.every((item: unknown) => item === UNEXPANDED_PROPERTY)) return [];
  return value.map((item: unknown) => textOf(isJsonObject(item) ? item.Value : undefined) ?? '');
}

/** `Get-WinEvent | ConvertTo-Json`: EventLogRecord property names (`Id`, never KinesisTap's `EventId`). */
function isPowerShell(record: Record<string, unknown>): boolean {
  return (
    has(record, 'Id') &&
    has(record, 'MachineName') &&
    has(record, 'TimeCreated') &&
    hasAny(record, ['ProviderName', 'LogName', 'RecordId'])
  );
}

export const powerShellShape: JsonShape = {
  name: 'powershell',
  recognise: isPowerShell,
  map: mapPowerShellRecord,
};
