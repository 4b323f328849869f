/**
 * A record whose zone-less event time (NXLog CE `EventTime`, an export's `TimeCreated`) disagrees with an absolute
 * time the same record carries (Logstash `@timestamp`, `EventReceivedTime` with an offset): the zone the zone-less
 * time was read in is probably not the shipper's.
 */
export interface ZoneMismatch {
  /** The zone-less field and its text as logged. */
  readonly field: string;
  readonly value: string;
  /** The absolute time it was compared with. */
  readonly referenceField: string;
  readonly referenceValue: string;
  /** The zone the zone-less time was read in (`--timezone`, `timeZone`). */
  readonly timeZone: string;
  /** UTC offset in minutes (east positive) at which the zone-less time agrees with the reference, to 15 minutes. */
  readonly reconcilingOffsetMinutes: number;
  /** What to set, for the operator. */
  readonly hint: string;
}
