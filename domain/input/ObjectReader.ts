import type { SourceLocation } from '../event/NormalisedEvent';
import type { RejectReason } from '../event/RecordRejection';
import type { ZoneMismatch } from '../formats/ZoneMismatch';
import type { ObjectEncoding } from './decodeObjectStream';
import type { Framing } from './sniffFraming';

/** What `readEventsFromObject` needs of a reader of one object's decoded bytes (text or `.evtx`). */
export interface ObjectReader {
  readonly framing: Framing | 'evtx' | undefined;
  /** What the bytes are when they are no decoded text (`.evtx`'s binary XML); undefined for text. */
  readonly encoding?: ObjectEncoding;
  readonly stoppedAt: number | undefined;
  readonly counts: { events: number; candidates: number; rejected: number; controlMessages: number };
  readonly zoneMismatch: ZoneMismatch | undefined;
  push(bytes: Uint8Array): void;
  /** The bytes before and after this point do not belong to one record (damage was cut out between). */
  breakRecord(): void;
  end(): void;
  stop(): void;
  reject(reason: RejectReason, detail: string, source: SourceLocation, record: string): void;
}
