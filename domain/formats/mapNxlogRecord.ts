import type { EventLevel, SourceLocation } from '../event/NormalisedEvent';
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

/**
 * Fields NXLog (CE, EE 5, Agent 6) and the Logstash hop add around the event data. Everything else at the top
 * level is event data: NXLog writes named `<Data>` as top-level fields (`param1`, `ServiceName`…), or with
 * `AddPrefix` as `EventData.param1`.
 */
const NXLOG_FIELDS: ReadonlySet<string> = new Set([
  'EventTime',
  'EventReceivedTime',
  'Hostname',
  'Keywords',
  'EventType',
  'EventTypeOrignal',
  'SeverityValue',
  'Severity',
  'Level',
  'LevelValue',
  'EventID',
  'SourceName',
  'ProviderGuid',
  'Version',
  'Task',
  'TaskValue',
  'Opcode',
  'OpcodeValue',
  'RecordNumber',
  'ActivityID',
  'RelatedActivityID',
  'ProcessID',
  'ThreadID',
  'ExecutionProcessID',
  'ExecutionThreadID',
  'Channel',
  'FileName',
  'Category',
  'CategoryNumber',
  'Domain',
  'AccountName',
  'UserID',
  'AccountType',
  'Message',
  'EventXML',
  'ERROR_EVT_UNRESOLVED',
  'SourceModuleName',
  'SourceModuleType',
  '@timestamp',
  '@version',
  'tags',
  'host',
  'port',
  'type',
]);
const DATA_PREFIXES = ['EventData.', 'UserData.'];
/** NXLog SeverityValue: 1 DEBUG, 2 INFO, 3 WARNING, 4 ERROR, 5 CRITICAL. */
const SEVERITY_VALUES: readonly (EventLevel | undefined)[] = [
  undefined,
  'verbose',
  'information',
  'warning',
  'error',
  'critical',
];

/**
 * Maps an NXLog im_msvistalog / im_mseventlog record written by `to_json()`. EventTime is the agent's local time:
 * CE writes it without a zone (read in `options.timeZone`), EE/Agent with an offset.
 */
export function mapNxlogRecord(
  record: Record<string, unknown>,
  source: SourceLocation,
  options: JsonMapperOptions,
): RecordParseResult {
  return assembleEvent(
    {
      format: 'nxlog',
      node: firstPresentField(record, [['Hostname']]),
      eventId: firstPresentField(record, [['EventID']]),
      time: firstPresentField(record, [['EventTime']]),
      timeZone: options.timeZone,
      referenceTimes: [
        firstPresentField(record, [['EventReceivedTime']]),
        firstPresentField(record, [['@timestamp']]),
      ],
      channel: firstPresentField(record, [['Channel'], ['FileName']]).value,
      provider: readField(record, 'SourceName'),
      recordId: readField(record, 'RecordNumber'),
      level: nxlogLevel(record),
      message: readField(record, 'Message'),
      data: { named: nxlogEventData(record), positional: [] },
    },
    source,
  );
}

/**
 * EventType is the best level source (it alone says AUDIT_SUCCESS), but a Sysmon event's own `EventType` data
 * field ("SetValue", "CreateKey") overwrites it, so unrecognised values fall through to the other level fields.
 */
function nxlogLevel(record: Record<string, unknown>): EventLevel | undefined {
  const severityValue = readField(record, 'SeverityValue');
  return (
    normaliseEventLevel(readField(record, 'EventType')) ??
    normaliseEventLevel(readField(record, 'EventTypeOrignal')) ??
    normaliseEventLevel(readField(record, 'LevelValue')) ??
    normaliseEventLevel(readField(record, 'Level')) ??
    normaliseEventLevel(readField(record, 'Severity')) ??
    (typeof severityValue === 'number' && Number.isInteger(severityValue)
      ? SEVERITY_VALUES[severityValue]
      : undefined)
  );
}

function nxlogEventData(record: Record<string, unknown>): Record<string, string> {
  const named = createNamedData();
  // Prefixed names first: they are certainly event data, whereas a bare top-level name could be NXLog's own.
  for (const [key, value] of Object.entries(record)) {
    const prefix = DATA_PREFIXES.find((candidate) => key.startsWith(candidate));
    const text = textOf(value);
    if (prefix !== undefined && text !== undefined) {
      const name = key.slice(prefix.length);
      if (name !== '' && !Object.hasOwn(named, name)) named[name] = text;
    }
  }
  for (const [key, value] of Object.entries(record)) {
    const text = textOf(value);
    if (text === undefined || NXLOG_FIELDS.has(key) || Object.hasOwn(named, key)) continue;
    if (DATA_PREFIXES.some((prefix) => key.startsWith(prefix))) continue;
    named[key] = text;
  }
  return named;
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

export const nxlogShape: JsonShape = { name: 'nxlog', recognise: isNxlog, map: mapNxlogRecord };
