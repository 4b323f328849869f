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

const TEXT = '#text';
const ATTRIBUTES = '#attributes';

/**
 * Maps one event as the Rust `evtx` crate serialises it to JSON (evtx_dump `-o json`/`-o jsonl`, Chainsaw's
 * dump and search output): the event XML as `{"Event":{"System":{…},"EventData":{…}}}`, attributes under
 * `#attributes` (or beside the element as `Provider_attributes` with `--separate-json-attributes`), an element
 * that has attributes and text as `{"#attributes":…,"#text":…}` (every SCM 7031 `EventID`, which has
 * Qualifiers). Named `<Data>` become keys; the unnamed `<Data>` of classic events become `"Data"`, a value or
 * `{"#text": [...]}`. No rendered message is stored in .evtx files. SystemTime is UTC.
 */
export function mapEvtxDumpRecord(
  record: Record<string, unknown>,
  source: SourceLocation,
  options: JsonMapperOptions,
): RecordParseResult {
  const event = readField(record, 'Event');
  const system = readField(event, 'System');
  const { named, positional } = eventDataOf(event);
  return assembleEvent(
    {
      format: 'evtx-json',
      node: { field: 'Event.System.Computer', value: textNode(readField(system, 'Computer')) },
      eventId: { field: 'Event.System.EventID', value: textNode(readField(system, 'EventID')) },
      time: {
        field: 'Event.System.TimeCreated.SystemTime',
        value: attribute(system, 'TimeCreated', 'SystemTime'),
      },
      timeZone: options.timeZone,
      channel: textNode(readField(system, 'Channel')),
      provider: attribute(system, 'Provider', 'Name') ?? attribute(system, 'Provider', 'EventSourceName'),
      recordId: textNode(readField(system, 'EventRecordID')),
      level: normaliseEventLevel(textNode(readField(system, 'Level'))),
      data: { named, positional },
    },
    source,
  );
}

/** An element's text: the value itself, or `#text` when the element also has attributes. */
function textNode(value: unknown): unknown {
  return isJsonObject(value) ? value[TEXT] : value;
}

function attribute(parent: unknown, element: string, name: string): unknown {
  return readField(parent, element, ATTRIBUTES, name) ?? readField(parent, `${element}_attributes`, name);
}

function eventDataOf(event: unknown): { named: Record<string, string>; positional: string[] } {
  const named = createNamedData();
  const positional: string[] = [];
  const eventData = readField(event, 'EventData');
  if (isJsonObject(eventData)) {
    for (const [key, value] of Object.entries(eventData)) {
      if (key === 'Data') {
        positional.push(...dataValues(textNode(value)));
      } else if (!key.startsWith('#') && !key.endsWith('_attributes')) {
        const text = textOf(textNode(value));
        if (text !== undefined && !Object.hasOwn(named, key)) named[key] = text;
      }
    }
  }
  // UserData holds one provider-defined element whose children are the parameters.
  const userData = readField(event, 'UserData');
  const userRoot = isJsonObject(userData)
    ? Object.entries(userData).find(([key]) => !key.startsWith('#') && !key.endsWith('_attributes'))?.[1]
    : undefined;
  if (isJsonObject(userRoot)) {
    for (const [key, value] of Object.entries(userRoot)) {
      const text = textOf(textNode(value));
      if (text !== undefined && !key.startsWith('#') && !Object.hasOwn(named, key)) named[key] = text;
    }
  }
  return { named, positional };
}

function dataValues(value: unknown): string[] {
  if (Array.isArray(value)) return value.map((item: unknown) => textOf(item) ?? '');
  const text = textOf(value);
  return text === undefined ? [] : [text];
}

/** The `evtx` crate's JSON: the event XML's tree under `Event`, `System` holding the event id and computer. */
function isEvtxDump(record: Record<string, unknown>): boolean {
  const system = readField(record, 'Event', 'System');
  return isJsonObject(system) && hasAny(system, ['EventID', 'EventID_attributes']) && has(system, 'Computer');
}

export const evtxDumpShape: JsonShape = { name: 'evtx-json', recognise: isEvtxDump, map: mapEvtxDumpRecord };
