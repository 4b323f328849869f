import { boundName } from '../event/boundName';
import type {
  EventData,
  EventLevel,
  FormatName,
  NormalisedEvent,
  SourceLocation,
} from '../event/NormalisedEvent';
import type { RecordParseResult } from '../event/RecordRejection';
import { findZoneMismatch } from './findZoneMismatch';
import type { FoundField } from './json/firstPresentField';
import { textOf } from './json/textOf';
import { parseEventTime } from './parseEventTime';
import { readEventId } from './readEventId';
import { readRecordId } from './readRecordId';
import { rejectRecord } from './rejectRecord';

/** The fields a mapper found in one record, before validation; values are as the record had them. */
export interface EventFields {
  readonly format: FormatName;
  readonly node: FoundField;
  readonly eventId: FoundField;
  readonly time: FoundField;
  /** Zone for zone-less times. */
  readonly timeZone: string;
  /** Absolute times the record also carries (a receive time, Logstash `@timestamp`), to check the zone against. */
  readonly referenceTimes?: readonly FoundField[];
  readonly channel?: unknown;
  readonly provider?: unknown;
  readonly recordId?: unknown;
  readonly level?: EventLevel | undefined;
  readonly message?: unknown;
  readonly data?: EventData;
}

const EMPTY_DATA: EventData = { named: {}, positional: [] };
const MAX_DETAIL_VALUE = 60;

/**
 * Validates and assembles one event, so that every format rejects the same way: a missing host, event id or time
 * is 'missing-field', an unusable event id or time is 'invalid-field', each naming the record's own field.
 */
export function assembleEvent(fields: EventFields, source: SourceLocation): RecordParseResult {
  const node = textOf(fields.node.value)?.trim();
  if (node === undefined || node === '') {
    return rejectRecord('missing-field', `no computer name (${fields.node.field})`);
  }
  const eventId = readEventId(fields.eventId.value);
  if (eventId.kind === 'missing') {
    return rejectRecord('missing-field', `no event id (${fields.eventId.field})`);
  }
  if (eventId.kind === 'invalid') {
    return rejectRecord(
      'invalid-field',
      `event id ${fields.eventId.field} is not a number: ${shown(fields.eventId.value)}`,
    );
  }
  if (fields.time.value === undefined || fields.time.value === null || fields.time.value === '') {
    return rejectRecord('missing-field', `no event time (${fields.time.field})`);
  }
  const time =
    typeof fields.time.value === 'string' ? parseEventTime(fields.time.value, fields.timeZone) : undefined;
  if (time === undefined) {
    return rejectRecord(
      'invalid-field',
      `event time ${fields.time.field} is not a valid time: ${shown(fields.time.value)}`,
    );
  }
  const recordId = readRecordId(fields.recordId);
  const message = typeof fields.message === 'string' && fields.message !== '' ? fields.message : undefined;
  const event: NormalisedEvent = {
    node: boundName(node),
    channel: boundName(textOf(fields.channel)?.trim() ?? ''),
    provider: boundName(textOf(fields.provider)?.trim() ?? ''),
    eventId: eventId.eventId,
    ...(recordId === undefined ? {} : { recordId }),
    time: time.time,
    timeMs: time.timeMs,
    ...(fields.level === undefined ? {} : { level: fields.level }),
    ...(message === undefined ? {} : { message }),
    data: fields.data ?? EMPTY_DATA,
    format: fields.format,
    source,
  };
  const zoneMismatch =
    time.zoneLess && fields.referenceTimes !== undefined
      ? findZoneMismatch(fields.time, time.timeMs, fields.timeZone, fields.referenceTimes)
      : undefined;
  return zoneMismatch === undefined ? { kind: 'event', event } : { kind: 'event', event, zoneMismatch };
}

function shown(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : (textOf(value) ?? typeof value);
  return text.length > MAX_DETAIL_VALUE ? `${text.slice(0, MAX_DETAIL_VALUE)}…` : text;
}
