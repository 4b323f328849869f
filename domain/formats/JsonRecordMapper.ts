import type { SourceLocation } from '../event/NormalisedEvent';
import type { RecordParseResult } from '../event/RecordRejection';

export interface JsonMapperOptions {
  /** IANA zone for zone-less times (NXLog CE, export-winevents); 'UTC' when the operator gives none. */
  readonly timeZone: string;
}

/** Maps one decoded JSON record of a known shipper format; never throws, whatever the record holds. */
export type JsonRecordMapper = (
  record: Record<string, unknown>,
  source: SourceLocation,
  options: JsonMapperOptions,
) => RecordParseResult;
