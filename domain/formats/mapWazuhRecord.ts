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

/**
 * Maps a Wazuh agent eventchannel record (`{"win":{"system":{…},"eventdata":{…}}}`, as the agent sends it and
 * the manager decodes it), or the manager's archives/alerts JSON, which holds the same object under `data`.
 * Every value is a string; element names start lower case (`eventID`, `providerName`, `systemTime`); named
 * `<Data>` keep their names with the first letter lowered (`param1`, `serviceName`), `<Binary>` becomes
 * `binary`, and the unnamed `<Data>` of classic events are joined with ", " into one `data` value, so their
 * positions are lost and stay a named value. `message` is the rendered text wrapped in an extra pair of quotes.
 */
export function mapWazuhRecord(
  record: Record<string, unknown>,
  source: SourceLocation,
  options: JsonMapperOptions,
): RecordParseResult {
  const prefix = isJsonObject(readField(record, 'win')) ? 'win' : 'data.win';
  const win = prefix === 'win' ? readField(record, 'win') : readField(record, 'data', 'win');
  const system = readField(win, 'system');
  const named = createNamedData();
  const eventData = readField(win, 'eventdata');
  if (isJsonObject(eventData)) {
    for (const [key, value] of Object.entries(eventData)) {
      const text = textOf(value);
      if (text !== undefined) named[key] = text;
    }
  }
  return assembleEvent(
    {
      format: 'wazuh',
      node: { field: `${prefix}.system.computer`, value: readField(system, 'computer') },
      eventId: { field: `${prefix}.system.eventID`, value: readField(system, 'eventID') },
      time: { field: `${prefix}.system.systemTime`, value: readField(system, 'systemTime') },
      timeZone: options.timeZone,
      channel: readField(system, 'channel'),
      provider: readField(system, 'providerName') ?? readField(system, 'eventSourceName'),
      recordId: readField(system, 'eventRecordID'),
      level:
        normaliseEventLevel(readField(system, 'level')) ??
        normaliseEventLevel(readField(system, 'severityValue')),
      message: unquoted(readField(system, 'message')),
      data: { named, positional: [] },
    },
    source,
  );
}

function unquoted(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  return text.length >= 2 && text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1) : text;
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

export const wazuhShape: JsonShape = { name: 'wazuh', recognise: isWazuh, map: mapWazuhRecord };
