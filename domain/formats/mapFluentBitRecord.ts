import type { SourceLocation } from '../event/NormalisedEvent';
import type { RecordParseResult } from '../event/RecordRejection';
import { assembleEvent } from './assembleEvent';
import { createNamedData } from './createNamedData';
import type { JsonMapperOptions } from './JsonRecordMapper';
import type { JsonShape } from './JsonShape';
import { has, hasAny } from './json/markers';
import { readField } from './json/readField';
import { textOf } from './json/textOf';
import { normaliseEventLevel } from './normaliseEventLevel';
import { parseWindowsEventXml } from './parseWindowsEventXml';

/**
 * Maps a Fluent Bit Windows record as written by out_s3: `winevtlog` (Computer, ProviderName, TimeCreated
 * '%Y-%m-%d %H:%M:%S %z'), legacy `winlog` (ComputerName, SourceName, TimeGenerated) or `winevtlog` with
 * Render_Event_As_XML, where the whole event XML is in the `System` key. StringInserts become positional data.
 */
export function mapFluentBitRecord(
  record: Record<string, unknown>,
  source: SourceLocation,
  options: JsonMapperOptions,
): RecordParseResult {
  const positional = stringInserts(readField(record, 'StringInserts'));
  const systemXml = readField(record, 'System');
  if (typeof systemXml === 'string') {
    return mapXmlMode(systemXml, record, positional, source);
  }
  const legacy =
    readField(record, 'Computer') === undefined && readField(record, 'ComputerName') !== undefined;
  const names = legacy ? LEGACY_WINLOG_FIELDS : WINEVTLOG_FIELDS;
  return assembleEvent(
    {
      format: 'fluentbit',
      node: { field: names.node, value: readField(record, names.node) },
      eventId: { field: 'EventID', value: readField(record, 'EventID') },
      time: { field: names.time, value: readField(record, names.time) },
      timeZone: options.timeZone,
      channel: readField(record, 'Channel'),
      provider: readField(record, names.provider),
      recordId: readField(record, names.recordId),
      level: normaliseEventLevel(readField(record, names.level)),
      message: readField(record, 'Message'),
      data: { named: createNamedData(), positional },
    },
    source,
  );
}

/** Field names of the `winevtlog` input and of the legacy `winlog` input (in_winlog/pack.c). */
const WINEVTLOG_FIELDS = {
  node: 'Computer',
  time: 'TimeCreated',
  provider: 'ProviderName',
  recordId: 'EventRecordID',
  level: 'Level',
} as const;
const LEGACY_WINLOG_FIELDS = {
  node: 'ComputerName',
  time: 'TimeGenerated',
  provider: 'SourceName',
  recordId: 'RecordNumber',
  level: 'EventType',
} as const;

/** In XML mode the XML is authoritative; the record's Message and StringInserts fill in what the XML lacks. */
function mapXmlMode(
  xml: string,
  record: Record<string, unknown>,
  positional: readonly string[],
  source: SourceLocation,
): RecordParseResult {
  const result = parseWindowsEventXml(xml, source);
  if (result.kind === 'rejected') return result;
  const event = result.event;
  const message = readField(record, 'Message');
  const xmlHasData = Object.keys(event.data.named).length > 0 || event.data.positional.length > 0;
  return {
    kind: 'event',
    event: {
      ...event,
      format: 'fluentbit',
      ...(event.message === undefined && typeof message === 'string' && message !== '' ? { message } : {}),
      data: xmlHasData ? event.data : { named: event.data.named, positional },
    },
  };
}

/** Fluent Bit keeps insert types (numbers stay numbers); positions matter, so unusable values become ''. */
function stringInserts(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.map((item: unknown) => textOf(item) ?? '');
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

export const fluentBitShape: JsonShape = {
  name: 'fluentbit',
  recognise: isFluentBit,
  map: mapFluentBitRecord,
};
