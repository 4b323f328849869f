import type { SourceLocation } from '../event/NormalisedEvent';
import type { RecordParseResult } from '../event/RecordRejection';
import { assembleEvent } from './assembleEvent';
import { createNamedData } from './createNamedData';
import type { JsonMapperOptions } from './JsonRecordMapper';
import type { JsonShape } from './JsonShape';
import { firstPresentField } from './json/firstPresentField';
import { has, hasAny } from './json/markers';
import { readField } from './json/readField';
import { textOf } from './json/textOf';
import { normaliseEventLevel } from './normaliseEventLevel';

/** Fields the export script writes about the event itself; every other key is one of the event's data values. */
const ENVELOPE_FIELDS: ReadonlySet<string> = new Set([
  'Message',
  'EventID',
  'SourceName',
  'Source',
  'TimeCreated',
  'Hostname',
  'Task',
  'Level',
  'Keywords',
  'Channel',
  'ProviderGuid',
  'RecordNumber',
  'EventRecordID',
  '@timestamp',
  '@version',
  'tags',
]);

/**
 * Maps a JSON line of the Security-Datasets (Mordor) export script: Get-WinEvent fields flattened with the event
 * data. TimeCreated is UTC ISO ("2020-10-23T02:36:40.671Z") in some datasets and zone-less local time
 * ("2020-10-19 03:30:41.104", read in `options.timeZone`) in others; Level is a numeric string and may be absent;
 * some records name the provider `Source`. A Sysmon `EventType` here is event data, not a level.
 */
export function mapExportWinEventsRecord(
  record: Record<string, unknown>,
  source: SourceLocation,
  options: JsonMapperOptions,
): RecordParseResult {
  const named = createNamedData();
  for (const [key, value] of Object.entries(record)) {
    const text = textOf(value);
    if (text !== undefined && !ENVELOPE_FIELDS.has(key)) named[key] = text;
  }
  return assembleEvent(
    {
      format: 'export-winevents',
      node: firstPresentField(record, [['Hostname']]),
      eventId: firstPresentField(record, [['EventID']]),
      time: firstPresentField(record, [['TimeCreated']]),
      timeZone: options.timeZone,
      referenceTimes: [firstPresentField(record, [['@timestamp']])],
      channel: readField(record, 'Channel'),
      provider: firstPresentField(record, [['SourceName'], ['Source']]).value,
      recordId: firstPresentField(record, [['RecordNumber'], ['EventRecordID']]).value,
      level: normaliseEventLevel(readField(record, 'Level')),
      message: readField(record, 'Message'),
      data: { named, positional: [] },
    },
    source,
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

export const exportWinEventsShape: JsonShape = {
  name: 'export-winevents',
  recognise: isExportWinEvents,
  map: mapExportWinEventsRecord,
};
