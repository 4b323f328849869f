import type { FormatName, SourceLocation } from '../event/NormalisedEvent';
import type { RecordParseResult } from '../event/RecordRejection';
import type { JsonMapperOptions } from './JsonRecordMapper';
import type { JsonFormatName, JsonShape } from './JsonShape';
import { isJsonObject } from './json/isJsonObject';
import { JSON_SHAPES } from './jsonShapes';
import { rejectRecord } from './rejectRecord';

/** Which shipper wrote a JSON record: the first registered shape whose markers are all there, if any. */
export function detectJsonRecordFormat(record: Record<string, unknown>): JsonFormatName | undefined {
  if (!isJsonObject(record)) return undefined;
  return JSON_SHAPES.find((shape) => shape.recognise(record))?.name;
}

const SHAPES_BY_NAME: ReadonlyMap<JsonFormatName, JsonShape> = new Map(
  JSON_SHAPES.map((shape) => [shape.name, shape]),
);
const MAX_KEYS_SHOWN = 15;
const MAX_KEY_LENGTH = 40;
const MAX_DETAIL_LENGTH = 300;

/**
 * Detects a JSON record's shipper format and maps it. A JSON object of no known shape is rejected as
 * 'unknown-shape' (it parsed, but is not a Windows event we read); anything else that is no object as 'unknown-format'.
 * `forcedFormat` (the operator's `--format`) skips detection when it names a JSON format; 'xml' and 'cwl' are ignored.
 */
export function mapJsonRecord(
  record: Record<string, unknown>,
  source: SourceLocation,
  options: JsonMapperOptions,
  forcedFormat?: FormatName,
): RecordParseResult {
  if (!isJsonObject(record)) {
    return rejectRecord(
      'unknown-format',
      `record is ${Array.isArray(record) ? 'an array' : 'not a JSON object'}`,
    );
  }
  const format = jsonShapeOf(record, forcedFormat);
  const shape = format === undefined ? undefined : SHAPES_BY_NAME.get(format);
  return shape === undefined ? unknownShape(record) : shape.map(record, source, options);
}

/** The shape a JSON record is read as: the forced format, else the one detected; undefined when none. */
export function jsonShapeOf(
  record: Record<string, unknown>,
  forcedFormat?: FormatName,
): JsonFormatName | undefined {
  return isJsonFormatName(forcedFormat) ? forcedFormat : detectJsonRecordFormat(record);
}

/** The rejection of a record of no known shape, naming its top-level keys. */
export function unknownShape(record: Record<string, unknown>): RecordParseResult {
  return rejectRecord(
    'unknown-shape',
    `no known Windows event shape; top-level keys: ${describeKeys(record)}`,
  );
}

function describeKeys(record: Record<string, unknown>): string {
  const keys = Object.keys(record);
  if (keys.length === 0) return '(none)';
  let shown = keys
    .slice(0, MAX_KEYS_SHOWN)
    .map((key) => (key.length > MAX_KEY_LENGTH ? `${key.slice(0, MAX_KEY_LENGTH)}…` : key))
    .join(', ');
  if (shown.length > MAX_DETAIL_LENGTH) shown = `${shown.slice(0, MAX_DETAIL_LENGTH)}…`;
  return keys.length > MAX_KEYS_SHOWN ? `${shown} … (${keys.length} keys)` : shown;
}

function isJsonFormatName(format: FormatName | undefined): format is JsonFormatName {
  return format !== undefined && format !== 'xml' && format !== 'evtx' && format !== 'cwl';
}
