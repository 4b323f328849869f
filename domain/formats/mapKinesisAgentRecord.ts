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

/**
 * Maps a Kinesis Agent for Windows (KinesisTap) `json` EventInfo record. TimeCreated is UTC ISO; LevelDisplayName
 * is the .NET StandardEventLevel name ("Informational", "LogAlways"); EventData (when enabled) is positional.
 */
export function mapKinesisAgentRecord(
  record: Record<string, unknown>,
  source: SourceLocation,
  options: JsonMapperOptions,
): RecordParseResult {
  const eventData = readField(record, 'EventData');
  const positional = Array.isArray(eventData) ? eventData.map((item: unknown) => textOf(item) ?? '') : [];
  return assembleEvent(
    {
      format: 'kinesis',
      node: { field: 'MachineName', value: readField(record, 'MachineName') },
      eventId: { field: 'EventId', value: readField(record, 'EventId') },
      time: { field: 'TimeCreated', value: readField(record, 'TimeCreated') },
      timeZone: options.timeZone,
      channel: readField(record, 'LogName'),
      provider: readField(record, 'ProviderName'),
      recordId: readField(record, 'Index'),
      level: normaliseEventLevel(readField(record, 'LevelDisplayName')),
      message: readField(record, 'Description'),
      data: { named: createNamedData(), positional },
    },
    source,
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

export const kinesisAgentShape: JsonShape = {
  name: 'kinesis',
  recognise: isKinesisAgent,
  map: mapKinesisAgentRecord,
};
