/** Where a record came from: enough for an operator to find it again and for quarantine to replay it. */
export interface SourceLocation {
  /** Object key (`s3://bucket/key`) or file path. */
  readonly object: string;
  /** 1-based line number of the record's first byte, for line-framed input. */
  readonly line?: number;
  /** Byte offset of the record's first byte in the decompressed stream. */
  readonly byteOffset: number;
  /** Index of the inner record inside an envelope (CloudWatch Logs `logEvents[i]`). */
  readonly innerIndex?: number;
}

export type FormatName =
  | 'xml'
  | 'evtx'
  | 'ecs'
  | 'nxlog'
  | 'fluentbit'
  | 'kinesis'
  | 'cwl'
  | 'export-winevents'
  | 'powershell'
  | 'evtx-json'
  | 'wazuh';

export type EventLevel =
  | 'critical'
  | 'error'
  | 'warning'
  | 'information'
  | 'verbose'
  | 'audit-success'
  | 'audit-failure';

/** Event data as shippers deliver it: named (`param1`, `ServiceName`) and positional (classic unnamed `<Data>`). */
export interface EventData {
  readonly named: Readonly<Record<string, string>>;
  readonly positional: readonly string[];
}

/** One Windows event, whatever format it arrived in. */
export interface NormalisedEvent {
  /** Computer name as logged (case preserved); compare with `nodeKey`. */
  readonly node: string;
  readonly channel: string;
  readonly provider: string;
  /** Low 16 bits of the event id (qualifiers stripped). */
  readonly eventId: number;
  readonly recordId?: number;
  /** Event time in UTC, ISO 8601 with the source's fraction digits (up to 9). */
  readonly time: string;
  /** Event time as epoch milliseconds, for ordering and windows. */
  readonly timeMs: number;
  readonly level?: EventLevel;
  readonly message?: string;
  readonly data: EventData;
  readonly format: FormatName;
  readonly source: SourceLocation;
  /** The record as it arrived; kept only for events a rule matched (evidence for the audit trail). */
  readonly raw?: string;
}

/** Case-insensitive node identity used for grouping and comparison. */
export function nodeKey(node: string): string {
  return node.trim().toLowerCase();
}
