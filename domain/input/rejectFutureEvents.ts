import type { NormalisedEvent } from '../event/NormalisedEvent';
import type { RecordSink } from './ReadOptions';

/**
 * A sink that turns away events dated more than `maxClockSkewMs` ahead of the processing clock, as
 * `future-time` rejections with their source. Correlation runs on event time, so one event stamped
 * 2099 would otherwise move its node's clock decades ahead and make every real match after it late.
 */
export function rejectFutureEvents(sink: RecordSink, now: () => number, maxClockSkewMs: number): RecordSink {
  const isFuture = (event: NormalisedEvent): boolean => event.timeMs > now() + maxClockSkewMs;
  const reject = (event: NormalisedEvent): void =>
    sink.rejected({
      reason: 'future-time',
      detail: `event time ${event.time} is more than ${Math.round(maxClockSkewMs / 60_000)} min ahead of the processing clock`,
      source: event.source,
      record: event.raw ?? JSON.stringify({ node: event.node, eventId: event.eventId, time: event.time }),
    });
  return {
    event: (event) => (isFuture(event) ? reject(event) : sink.event(event)),
    rejected: (rejection) => sink.rejected(rejection),
    sampled: sink.sampled && ((event) => (isFuture(event) ? reject(event) : sink.sampled?.(event))),
  };
}
