import type { FormatName, SourceLocation } from '../event/NormalisedEvent';
import type { RecordParseResult } from '../input/RecordRejection';
import type { JsonMapperOptions, JsonRecordMapper } from './JsonRecordMapper';
import { isJsonObject } from './json/isJsonObject';
import { readField } from './json/readField';
import { mapEcsRecord } from './mapEcsRecord';
import { mapEvtxDumpRecord } from './mapEvtxDumpRecord';
import { mapExportWinEventsRecord } from './mapExportWinEventsRecord';
import { mapFluentBitRecord } from './mapFluentBitRecord';
import { mapKinesisAgentRecord } from './mapKinesisAgentRecord';
import { mapNxlogRecord } from './mapNxlogRecord';
import { mapPowerShellRecord } from './mapPowerShellRecord';
import { mapWazuhRecord } from './mapWazuhRecord';
import { rejectRecord } from './rejectRecord';

export type JsonFormatName = Exclude<FormatName, 'xml' | 'evtx' | 'cwl'>;

/**
 * Which shipper wrote a JSON record, judged by several marker fields together: single fields are shared between
 * shippers (`EventID`, `TimeCreated`, `Channel`, `Hostname`) and drift between versions of one shipper, so no
 * format is ever chosen on one field alone. Undefined when no format's markers are all there.
 */
export function detectJsonRecordFormat(record: Record<string, unknown>): JsonFormatName | undefined {
  if (!isJsonObject(record)) return undefined;
  if (isEcs(record)) return 'ecs';
  if (isFluentBit(record)) return 'fluentbit';
  if (isNxlog(record)) return 'nxlog';
  if (isExportWinEvents(record)) return 'export-winevents';
  if (isKinesisAgent(record)) return 'kinesis';
  if (isPowerShell(record)) return 'powershell';
  if (isEvtxDump(record)) return 'evtx-json';
  if (isWazuh(record)) return 'wazuh';
  return undefined;
}

function has(record: unknown, ...path: readonly string[]): boolean {
  const value = readField(record, ...path);
  return value !== undefined && value !== null;
}

function hasAny(record: unknown, keys: readonly string[]): boolean {
  return keys.some((key) => has(record, key));
}

function countPresent(record: unknown, keys: readonly string[]): number {
  return keys.filter((key) => has(record, key)).length;
}

/** Winlogbeat 7.x/8.x (`winlog.*`), 8.x with only ECS fields, or the flat 5.x/6.x schema. */
function isEcs(record: Record<string, unknown>): boolean {
  const winlog = readField(record, 'winlog');
  if (isJsonObject(winlog)) {
    return (
      countPresent(winlog, ['computer_name', 'event_id', 'channel', 'provider_name', 'record_id', 'api']) >= 2
    );
  }
  if (readField(record, 'agent', 'type') === 'winlogbeat' && has(record, 'event', 'code')) return true;
  return (
    has(record, 'computer_name') &&
    has(record, 'event_id') &&
    hasAny(record, ['source_name', 'log_name', 'record_number'])
  );
}

function isFluentBit(record: Record<string, unknown>): boolean {
  const system = readField(record, 'System');
  if (typeof system === 'string') {
    return system.trimStart().startsWith('<') && hasAny(record, ['Message', 'StringInserts', 'date']);
  }
  const winevtlog =
    has(record, 'Computer') &&
    has(record, 'EventID') &&
    hasAny(record, ['ProviderName', 'EventRecordID', 'TimeCreated']);
  const winlog =
    has(record, 'ComputerName') &&
    has(record, 'SourceName') &&
    hasAny(record, ['TimeGenerated', 'RecordNumber', 'EventType']);
  return winevtlog || winlog;
}

function isNxlog(record: Record<string, unknown>): boolean {
  return (
    has(record, 'EventTime') &&
    has(record, 'Hostname') &&
    hasAny(record, [
      'SourceModuleType',
      'SourceModuleName',
      'SeverityValue',
      'Severity',
      'EventReceivedTime',
      'EventType',
    ])
  );
}

/** The Security-Datasets export script: Get-WinEvent's TimeCreated with NXLog-like names, never EventTime. */
function isExportWinEvents(record: Record<string, unknown>): boolean {
  return (
    has(record, 'TimeCreated') &&
    has(record, 'Hostname') &&
    has(record, 'EventID') &&
    hasAny(record, ['SourceName', 'Source', 'Channel']) &&
    !has(record, 'EventTime')
  );
}

/** KinesisTap EventInfo: `EventId` (not `EventID`) with `MachineName` and the rendered fields. */
function isKinesisAgent(record: Record<string, unknown>): boolean {
  return (
    has(record, 'EventId') &&
    has(record, 'MachineName') &&
    hasAny(record, ['LogName', 'LevelDisplayName', 'Description', 'ProviderName'])
  );
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

/** The `evtx` crate's JSON: the event XML's tree under `Event`, `System` holding the event id and computer. */
function isEvtxDump(record: Record<string, unknown>): boolean {
  const system = readField(record, 'Event', 'System');
  return isJsonObject(system) && hasAny(system, ['EventID', 'EventID_attributes']) && has(system, 'Computer');
}

/** Wazuh eventchannel: `win.system` (agent) or `data.win.system` (manager archives and alerts). */
function isWazuh(record: Record<string, unknown>): boolean {
  const system = readField(record, 'win', 'system') ?? readField(record, 'data', 'win', 'system');
  return (
    isJsonObject(system) &&
    has(system, 'eventID') &&
    hasAny(system, ['computer', 'systemTime', 'providerName'])
  );
}

const MAPPERS: Readonly<Record<JsonFormatName, JsonRecordMapper>> = {
  ecs: mapEcsRecord,
  nxlog: mapNxlogRecord,
  fluentbit: mapFluentBitRecord,
  kinesis: mapKinesisAgentRecord,
  'export-winevents': mapExportWinEventsRecord,
  powershell: mapPowerShellRecord,
  'evtx-json': mapEvtxDumpRecord,
  wazuh: mapWazuhRecord,
};
const MAX_KEYS_SHOWN = 15;
const MAX_KEY_LENGTH = 40;
const MAX_DETAIL_LENGTH = 300;

/**
 * Detects a JSON record's shipper format and maps it. A JSON object of no known shape is rejected as
 * 'unknown-shape' (it parsed, but is not a Windows event we read); anything else that is no object as 'unknown-format'.
 * `forcedFormat` (the operator's `--format`) skips detection when it names a JSON format; 'xml' and 'cwl' are ignored.
 */
export function mapJsonRecord(
  record: Record<string, unknown>,
  source: SourceLocation,
  options: JsonMapperOptions,
  forcedFormat?: FormatName,
): RecordParseResult {
  if (!isJsonObject(record)) {
    return rejectRecord(
      'unknown-format',
      `record is ${Array.isArray(record) ? 'an array' : 'not a JSON object'}`,
    );
  }
  const format = jsonShapeOf(record, forcedFormat);
  return format === undefined ? unknownShape(record) : MAPPERS[format](record, source, options);
}

/** The shape a JSON record is read as: the forced format, else the one detected; undefined when none. */
export function jsonShapeOf(
  record: Record<string, unknown>,
  forcedFormat?: FormatName,
): JsonFormatName | undefined {
  return isJsonFormatName(forcedFormat) ? forcedFormat : detectJsonRecordFormat(record);
}

/** The rejection of a record of no known shape, naming its top-level keys. */
export function unknownShape(record: Record<string, unknown>): RecordParseResult {
  return rejectRecord(
    'unknown-shape',
    `no known Windows event shape; top-level keys: ${describeKeys(record)}`,
  );
}

function describeKeys(record: Record<string, unknown>): string {
  const keys = Object.keys(record);
  if (keys.length === 0) return '(none)';
  let shown = keys
    .slice(0, MAX_KEYS_SHOWN)
    .map((key) => (key.length > MAX_KEY_LENGTH ? `${key.slice(0, MAX_KEY_LENGTH)}…` : key))
    .join(', ');
  if (shown.length > MAX_DETAIL_LENGTH) shown = `${shown.slice(0, MAX_DETAIL_LENGTH)}…`;
  return keys.length > MAX_KEYS_SHOWN ? `${shown} … (${keys.length} keys)` : shown;
}

function isJsonFormatName(format: FormatName | undefined): format is JsonFormatName {
  return format !== undefined && format !== 'xml' && format !== 'evtx' && format !== 'cwl';
}
