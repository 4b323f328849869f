import type { SourceLocation } from '../event/NormalisedEvent';
import type { RecordParseResult } from '../event/RecordRejection';
import { mapJsonRecord } from '../formats/detectJsonRecordFormat';
import { isJsonObject } from '../formats/json/isJsonObject';
import { parseCloudWatchAgentText } from '../formats/parseCloudWatchAgentText';
import { parseWindowsEventXml } from '../formats/parseWindowsEventXml';
import type { RecordOutcomes } from './RecordOutcomes';
import { xmlPrefilterText } from './xmlPrefilterText';

const CLOUDWATCH_DATA = 'DATA_MESSAGE';
const CLOUDWATCH_CONTROL = 'CONTROL_MESSAGE';
/** In the raw text of every envelope: records holding it are parsed, never counted on the fast path. */
export const CLOUDWATCH_ENVELOPE_FIELD = '"logEvents"';

/** A CloudWatch Logs subscription batch, as Firehose delivers it: `messageType` and `logEvents`. */
export function isCloudWatchEnvelope(value: Record<string, unknown>): boolean {
  return Array.isArray(value.logEvents) && typeof value.messageType === 'string';
}

/**
 * One envelope: control messages are counted and skipped; each log event of a data message is an
 * event, its message read as Event XML, JSON or the CloudWatch agent's text, by its first character.
 */
export function readCloudWatchEnvelope(
  outcomes: RecordOutcomes,
  envelope: Record<string, unknown>,
  source: SourceLocation,
  text: string,
): void {
  if (envelope.messageType === CLOUDWATCH_CONTROL) {
    outcomes.counts.controlMessages++;
    return;
  }
  if (envelope.messageType !== CLOUDWATCH_DATA) {
    outcomes.reject(
      'invalid-field',
      `messageType: unknown value ${JSON.stringify(envelope.messageType)}`,
      source,
      text,
    );
    return;
  }
  const logEvents = envelope.logEvents as unknown[];
  logEvents.forEach((logEvent, innerIndex) => {
    const inner: SourceLocation = { ...source, innerIndex };
    const message = isJsonObject(logEvent) ? logEvent.message : undefined;
    const timestamp = isJsonObject(logEvent) ? logEvent.timestamp : undefined;
    if (typeof message !== 'string' || typeof timestamp !== 'number') {
      outcomes.reject(
        'missing-field',
        'logEvents[]: needs a string message and a numeric timestamp',
        inner,
        JSON.stringify(logEvent),
      );
      return;
    }
    outcomes.counts.events++;
    // An XML message is seen as the XML reader sees it: references decoded, a qualified id as 16 bits.
    const prefilterText = message.trimStart().startsWith('<') ? xmlPrefilterText(message) : message;
    if (!outcomes.prefilter.admits(prefilterText)) {
      const check = outcomes.nextCheck();
      if (check !== 'skip') {
        outcomes.onChecked(parseMessage(message, timestamp, inner, outcomes.timeZone), check, inner, message);
      }
      return;
    }
    outcomes.counts.candidates++;
    outcomes.deliver(parseMessage(message, timestamp, inner, outcomes.timeZone), inner, message);
  });
}

function parseMessage(
  message: string,
  timestampMs: number,
  source: SourceLocation,
  timeZone: string,
): RecordParseResult {
  const trimmed = message.trim();
  if (trimmed.startsWith('<')) return parseWindowsEventXml(trimmed, source);
  if (trimmed.startsWith('{')) {
    try {
      const value: unknown = JSON.parse(trimmed);
      if (isJsonObject(value)) return mapJsonRecord(value, source, { timeZone });
    } catch {
      return { kind: 'rejected', reason: 'malformed-json', detail: 'log event message is not valid JSON' };
    }
  }
  return parseCloudWatchAgentText(trimmed, timestampMs, source);
}
