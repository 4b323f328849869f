import type { SourceLocation } from './NormalisedEvent';

/** Why a record was not turned into an event. Stable codes: they appear in summaries, metrics and quarantine. */
export type RejectReason =
  | 'malformed-json'
  | 'malformed-xml'
  | 'xml-doctype'
  | 'truncated-record'
  | 'record-too-long'
  | 'object-too-large'
  | 'corrupt-compression'
  /** Bytes after the last gzip member that are not gzip (counted once per object). */
  | 'trailing-garbage'
  /** gzip nested deeper than the reader unwraps. */
  | 'too-deeply-compressed'
  | 'corrupt-evtx-chunk'
  | 'corrupt-evtx-record'
  | 'unknown-format'
  /** A well-formed record (a JSON object) that is no Windows event shape the product reads. */
  | 'unknown-shape'
  | 'missing-field'
  | 'invalid-field'
  | 'future-time';

/** A record the pipeline could not use, kept with where it came from and why. */
export interface RecordRejection {
  readonly reason: RejectReason;
  readonly detail: string;
  readonly source: SourceLocation;
  /** The record's bytes as text, cut to a bounded excerpt for over-long records. */
  readonly record: string;
}

/** Outcome of mapping one decoded record: an event, nothing relevant (skipped on purpose), or a rejection. */
export type RecordParseResult =
  | {
      readonly kind: 'event';
      readonly event: import('./NormalisedEvent').NormalisedEvent;
      /** Set when the record's zone-less event time disagrees with an absolute time it also carries. */
      readonly zoneMismatch?: import('../formats/ZoneMismatch').ZoneMismatch;
    }
  | { readonly kind: 'rejected'; readonly reason: RejectReason; readonly detail: string };
