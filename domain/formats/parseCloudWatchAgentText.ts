import type { SourceLocation } from '../event/NormalisedEvent';
import type { RecordParseResult } from '../event/RecordRejection';
import { assembleEvent } from './assembleEvent';
import { createNamedData } from './createNamedData';
import { normaliseEventLevel } from './normaliseEventLevel';
import { parseWindowsEventXml } from './parseWindowsEventXml';
import { rejectRecord } from './rejectRecord';

const SEPARATOR = '] [';

interface TextFields {
  readonly channel: string;
  readonly level: string;
  readonly eventId: string;
  readonly provider: string;
  readonly computer: string;
  readonly message: string;
}

/**
 * Parses one CloudWatch Logs event message written by the CloudWatch agent for Windows events:
 * `[Channel] [LEVEL] [EventID] [Provider] [Computer] [Message]` (text format), or the Kinesis Agent for Windows
 * default text with a leading client id field. The message is the last field and may itself contain `[`, `]` and
 * newlines, so fields are split on `] [` only up to the computer. The text holds no time: `timestampMs` is the
 * CloudWatch event timestamp (TimeCreated in epoch ms). An XML message (agent `event_format: xml`) is parsed as XML.
 */
export function parseCloudWatchAgentText(
  message: string,
  timestampMs: number,
  source: SourceLocation,
): RecordParseResult {
  if (typeof message !== 'string') {
    return rejectRecord('unknown-format', 'CloudWatch log event message is not text');
  }
  const start = firstNonSpace(message);
  if (message[start] === '<') {
    const result = parseWindowsEventXml(message.slice(start), source);
    return result.kind === 'event' ? { kind: 'event', event: { ...result.event, format: 'cwl' } } : result;
  }
  const fields = message[start] === '[' ? splitFields(message, start + 1) : undefined;
  if (fields === undefined) {
    return rejectRecord(
      'unknown-format',
      `not CloudWatch agent text ([Channel] [Level] [EventID] [Provider] [Computer] [Message]): ${JSON.stringify(message.slice(0, 60))}`,
    );
  }
  const time =
    typeof timestampMs === 'number' && Number.isFinite(timestampMs) ? isoTime(timestampMs) : timestampMs;
  return assembleEvent(
    {
      format: 'cwl',
      node: { field: 'Computer', value: fields.computer },
      eventId: { field: 'EventID', value: fields.eventId },
      time: { field: 'timestamp', value: time },
      timeZone: 'UTC',
      channel: fields.channel,
      provider: fields.provider,
      level: normaliseEventLevel(fields.level),
      message: fields.message,
      data: { named: createNamedData(), positional: [] },
    },
    source,
  );
}

function splitFields(text: string, from: number): TextFields | undefined {
  const leading: string[] = [];
  let pos = from;
  for (let i = 0; i < 5; i += 1) {
    const end = text.indexOf(SEPARATOR, pos);
    if (end === -1) return undefined;
    leading.push(text.slice(pos, end));
    pos = end + SEPARATOR.length;
  }
  const [first = '', second = '', third = '', fourth = '', fifth = ''] = leading;
  if (isEventIdText(third)) {
    return {
      channel: first,
      level: second,
      eventId: third,
      provider: fourth,
      computer: fifth,
      message: lastField(text, pos),
    };
  }
  if (!isEventIdText(fourth)) return undefined;
  // Kinesis Agent for Windows: [client id] [LogName] [Level] [EventId] [Provider] [MachineName] [Description].
  const end = text.indexOf(SEPARATOR, pos);
  if (end === -1) return undefined;
  return {
    channel: second,
    level: third,
    eventId: fourth,
    provider: fifth,
    computer: text.slice(pos, end),
    message: lastField(text, end + SEPARATOR.length),
  };
}

/** The message runs to the closing `]`; a cut-off (truncated) message has none and is kept as it is. */
function lastField(text: string, from: number): string {
  let end = text.length;
  while (end > from && (text[end - 1] === '\n' || text[end - 1] === '\r')) end -= 1;
  return text[end - 1] === ']' && end > from ? text.slice(from, end - 1) : text.slice(from);
}

function isEventIdText(text: string): boolean {
  return /^\s*[0-9]{1,10}\s*$/.test(text);
}

function firstNonSpace(text: string): number {
  let pos = 0;
  while (pos < text.length && (text.charCodeAt(pos) === 0xfeff || /\s/.test(text.charAt(pos)))) pos += 1;
  return pos;
}

function isoTime(epochMs: number): string | number {
  const date = new Date(epochMs);
  return Number.isNaN(date.getTime()) ? epochMs : date.toISOString();
}
