import type { SourceLocation } from '../event/NormalisedEvent';
import type { RecordParseResult } from '../event/RecordRejection';
import { assembleEvent } from './assembleEvent';
import { createNamedData } from './createNamedData';
import type { JsonMapperOptions } from './JsonRecordMapper';
import type { JsonShape } from './JsonShape';
import { addLeafFields } from './json/addLeafFields';
import { type FoundField, firstPresentField } from './json/firstPresentField';
import { isJsonObject } from './json/isJsonObject';
import { countPresent, has, hasAny } from './json/markers';
import { readField } from './json/readField';
import { normaliseEventLevel } from './normaliseEventLevel';

/**
 * Maps a Winlogbeat record (7.x/8.x ECS `winlog.*`, or the flat 5.x/6.x schema) as stored by Logstash json_lines or
 * output.file. `winlog.time_created` is the event's creation time; `@timestamp` is used only without it, because
 * before Elastic's ingest pipeline copies the creation time over it, `@timestamp` can be the time the agent read it. `winlog.computer_name` is preferred over `host.name`, which
 * add_host_metadata may have set to the shipper. Event data stays named (`param1`…, `Binary`), user data too.
 */
export function mapEcsRecord(
  record: Record<string, unknown>,
  source: SourceLocation,
  options: JsonMapperOptions,
): RecordParseResult {
  const named = createNamedData();
  addLeafFields(named, readField(record, 'winlog', 'event_data'));
  addLeafFields(named, readField(record, 'winlog', 'user_data'));
  addLeafFields(named, readField(record, 'event_data'));
  addLeafFields(named, readField(record, 'user_data'));
  return assembleEvent(
    {
      format: 'ecs',
      node: firstPresentField(record, [['winlog', 'computer_name'], ['computer_name'], ['host', 'name']]),
      eventId: firstPresentField(record, [['winlog', 'event_id'], ['event', 'code'], ['event_id']]),
      time: eventTimeField(record),
      timeZone: options.timeZone,
      channel: firstPresentField(record, [['winlog', 'channel'], ['log_name']]).value,
      provider: firstPresentField(record, [
        ['winlog', 'provider_name'],
        ['event', 'provider'],
        ['source_name'],
      ]).value,
      recordId: firstPresentField(record, [['winlog', 'record_id'], ['record_number']]).value,
      level: normaliseEventLevel(
        firstPresentField(record, [['log', 'level'], ['log.level'], ['level']]).value,
      ),
      message: readField(record, 'message'),
      data: { named, positional: [] },
    },
    source,
  );
}

/** `winlog.time_created` when present; otherwise `@timestamp`, which a rejection then names. */
function eventTimeField(record: Record<string, unknown>): FoundField {
  const created = firstPresentField(record, [['winlog', 'time_created']]);
  return created.value === undefined ? firstPresentField(record, [['@timestamp']]) : created;
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

const WINLOG_OBJECT = '"winlog":{';
const WINLOG_MARKERS = [
  '"computer_name":',
  '"event_id":',
  '"channel":',
  '"provider_name":',
  '"record_id":',
  '"api":',
] as const;

/**
 * Compact Winlogbeat 7.x/8.x text: a `winlog` object and two of its marker keys after its start (quotes
 * unescaped, so not inside a string). A record built to look like one, with those keys outside the
 * object, would pass too: only the records the prefilter already judged irrelevant are checked this way.
 */
function isEcsText(text: string): boolean {
  const winlogAt = text.indexOf(WINLOG_OBJECT);
  if (winlogAt < 0) return false;
  let found = 0;
  for (const marker of WINLOG_MARKERS) {
    if (text.includes(marker, winlogAt) && ++found === 2) return true;
  }
  return false;
}

export const ecsShape: JsonShape = {
  name: 'ecs',
  recognise: isEcs,
  recogniseText: isEcsText,
  map: mapEcsRecord,
};
