import type { SourceLocation } from '../event/NormalisedEvent';
import type { RecordParseResult, RejectReason } from '../event/RecordRejection';
import type { RecordPrefilter } from './Prefilter';
import type { RecordView } from './RecordView';

/** What a record no rule needs gets: nothing, a shape check, or a shape check and a heartbeat sample. */
export type Check = 'skip' | 'shape' | 'sample';

export interface ReaderCounts {
  events: number;
  candidates: number;
  rejected: number;
  controlMessages: number;
}

/**
 * What the reader of one kind of record (XML events, CloudWatch Logs envelopes) may do with a record:
 * count it, have it checked when it is due, deliver it, or reject it. `ObjectRecordReader` provides it,
 * so every kind follows the same counting, sampling and reporting.
 */
export interface RecordOutcomes {
  readonly counts: ReaderCounts;
  readonly prefilter: RecordPrefilter;
  /** The ids the rules name, as numbers. */
  readonly ruleIds: ReadonlySet<number>;
  readonly timeZone: string;
  locate(record: RecordView, byteOffset?: number): SourceLocation;
  /** Whether a record no rule needs is parsed now: the object's first records, then one in a thousand. */
  nextCheck(): Check;
  /** A checked record: a known event (noted, maybe sampled) or, of no known shape, a rejection. */
  onChecked(result: RecordParseResult, check: Check, source: SourceLocation, raw: string): void;
  /** A candidate: its event goes to the sink, or its rejection is reported. */
  deliver(result: RecordParseResult, source: SourceLocation, raw: string): void;
  reject(reason: RejectReason, detail: string, source: SourceLocation, record: string): void;
}
