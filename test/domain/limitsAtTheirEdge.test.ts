import { describe, expect, it } from 'vitest';
import { storageKeyOfNode } from '../../domain/correlation/storageKeyOfNode';
import type { NormalisedEvent } from '../../domain/event/NormalisedEvent';
import type { RecordRejection } from '../../domain/event/RecordRejection';
import { rejectFutureEvents } from '../../domain/input/rejectFutureEvents';
import { checkDuration, DURATION_LIMITS } from '../../domain/rules/parseDuration';
import { serviceCrash } from '../support/buildEvents';

const NOW = Date.parse('2026-11-30T12:00:00Z');
const HOUR = 3_600_000;

function throughClockGuard(event: NormalisedEvent) {
  const accepted: NormalisedEvent[] = [];
  const rejected: RecordRejection[] = [];
  const sink = rejectFutureEvents(
    { event: (e) => accepted.push(e), rejected: (r) => rejected.push(r), sampled: (e) => accepted.push(e) },
    () => NOW,
    HOUR,
  );
  sink.event(event);
  sink.sampled?.(event);
  return { accepted, rejected };
}

describe('limits at and past their edge', () => {
  it('accepts an event dated exactly the allowed clock skew ahead', () => {
    const { accepted, rejected } = throughClockGuard(
      serviceCrash({ at: new Date(NOW + HOUR).toISOString() }),
    );
    expect([accepted.length, rejected.length]).toEqual([2, 0]);
  });

  it('rejects an event one millisecond past the allowed clock skew, as a candidate and as a sample', () => {
    const event = serviceCrash({ at: new Date(NOW + HOUR + 1).toISOString() });
    const { accepted, rejected } = throughClockGuard(event);
    expect(accepted).toEqual([]);
    expect(rejected.map((r) => [r.reason, r.source])).toEqual([
      ['future-time', event.source],
      ['future-time', event.source],
    ]);
  });

  it.each([
    ['window', '7d', '7d1ms'],
    ['lateness', '30d', '30d1ms'],
    ['clockSkew', '7d', '168h1s'],
    ['publishLease', '15m', '901s'],
  ] as const)('accepts %s at %s and refuses it past', (setting, atEdge, past) => {
    expect(checkDuration(setting, atEdge)).toEqual({ ok: true, ms: DURATION_LIMITS[setting] });
    expect(checkDuration(setting, past)).toMatchObject({ ok: false });
  });

  it('keeps a 200-character node key as it is and hashes a 201-character one into a short, distinct key', () => {
    const at = 'n'.repeat(200);
    expect(storageKeyOfNode(at)).toBe(at);
    const past = `${at}a`;
    const other = `${at}b`;
    expect(storageKeyOfNode(past).length).toBeLessThan(100);
    expect(storageKeyOfNode(past)).not.toBe(storageKeyOfNode(other));
  });
});
