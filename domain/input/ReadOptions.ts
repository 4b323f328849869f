import type { FormatName, NormalisedEvent } from '../event/NormalisedEvent';
import type { RecordRejection } from '../event/RecordRejection';
import type { RecordPrefilter } from './Prefilter';
import type { CreateRawInflater } from './RawInflater';

export type FormatChoice = 'auto' | FormatName;

export interface ReadOptions {
  readonly format: FormatChoice;
  /** IANA zone for shippers that write local times without an offset (NXLog CE). */
  readonly timeZone: string;
  readonly maxObjectBytes: number;
  readonly maxRecordBytes: number;
  /** Decides, before parsing, which records cannot match any rule; those are counted, not parsed. */
  readonly prefilter: RecordPrefilter;
  /** Inflate gzip on a worker thread: for large objects (see `decodeObjectStream`). */
  readonly inflateInWorker?: boolean;
  /** Node's zlib (`adapters/node/createRawInflater`): the domain reads gzip through it. */
  readonly createInflater: CreateRawInflater;
  /** Continue an earlier, interrupted read: records starting before this decompressed offset are skipped. */
  readonly resumeAtByte?: number;
  /**
   * Also parse one in this many records that no rule needs, and hand them to `sink.sampled`, so callers
   * learn which nodes are logging and how recent their events are without parsing everything.
   */
  readonly sampleEvery?: number;
  /**
   * A sample that does not read as an event is rejected with its reason, as a candidate would be (for
   * `check`, which samples every record); otherwise only a sample of no known shape is.
   */
  readonly rejectUnreadSamples?: boolean;
  /** Told after each chunk how far the read is, for progress displays. */
  readonly onProgress?: (progress: { readonly bytes: number; readonly events: number }) => void;
  /** Asked between chunks; when it answers true the read stops and reports where to resume. */
  readonly shouldStop?: (decompressedBytesRead: number) => boolean;
}

/** Receives what a read produces: candidate events (fully parsed) and rejected records. */
export interface RecordSink {
  event(event: NormalisedEvent): void;
  rejected(rejection: RecordRejection): void;
  /** A record no rule needs, parsed because it was due for sampling (see `ReadOptions.sampleEvery`). */
  sampled?(event: NormalisedEvent): void;
}
