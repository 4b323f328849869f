import { describe, expect, it } from 'vitest';
import { boundEvidence, evidenceBytes } from '../../../domain/correlation/boundEvidence';
import { Correlator } from '../../../domain/correlation/Correlator';
import { MAX_LISTED_EVIDENCE } from '../../../domain/correlation/listedEvidence';
import type { NormalisedEvent } from '../../../domain/event/NormalisedEvent';
import type { IncidentReport } from '../../../domain/incident/IncidentReport';
import { toIncidentReport } from '../../../domain/incident/IncidentReport';
import { mailStartFailure, serviceCrash } from '../../support/buildEvents';
import { kbRules } from './correlate';

const MIB = 1024 * 1024;

function run(events: Iterable<NormalisedEvent>, maxStateBytes = 64 * MIB) {
  const incidents: IncidentReport[] = [];
  const correlator = new Correlator(kbRules, { allowedLatenessMs: 86_400_000, maxStateBytes }, (i, r) =>
    incidents.push(toIncidentReport(i, r)),
  );
  let peakBytes = 0;
  for (const event of events) {
    correlator.accept(event);
    peakBytes = Math.max(peakBytes, correlator.stateBytes);
  }
  correlator.finish();
  return { incidents, counters: correlator.counters, peakBytes, overflowByNode: correlator.overflowByNode };
}

const at = (base: string, offsetMs: number): string => new Date(Date.parse(base) + offsetMs).toISOString();

describe('correlation limits', () => {
  it("keeps a node's pending crash when another node's clock runs far ahead", () => {
    const events: NormalisedEvent[] = [
      serviceCrash({ node: 'Z', at: '2025-06-01T00:00:00Z' }),
      serviceCrash({ node: 'A', at: '2024-03-14T02:00:00Z' }),
    ];
    // Enough matches elsewhere to trigger any periodic eviction.
    for (let i = 0; i < 600; i++)
      events.push(serviceCrash({ node: `N${i}`, at: at('2024-03-14T02:00:00Z', i * 1000) }));
    events.push(mailStartFailure({ node: 'A', at: '2024-03-14T02:00:30Z' }));

    const { incidents, counters } = run(events);

    expect(incidents.map((i) => i.node)).toEqual(['A']);
    expect(counters.late).toBe(0);
  });

  it('drops the oldest pending matches when the state budget is full, counts them, and still alerts after', () => {
    const big = 'x'.repeat(900 * 1024);
    function* flood(): Generator<NormalisedEvent> {
      for (let i = 0; i < 3000; i++)
        yield serviceCrash({ node: `host-${i}`, at: at('2024-03-14T00:00:00Z', i * 1000), message: big });
      yield serviceCrash({ node: 'EXCH09', at: '2024-03-14T01:00:00Z' });
      yield mailStartFailure({ node: 'EXCH09', at: '2024-03-14T01:00:20Z' });
    }

    const { incidents, counters, peakBytes, overflowByNode } = run(flood(), 4 * MIB);

    expect(incidents.map((i) => i.node)).toEqual(['EXCH09']);
    expect(counters.stateOverflow).toBeGreaterThan(0);
    expect(peakBytes).toBeLessThanOrEqual(4 * MIB + 64 * 1024);
    // Oldest first: the first hosts lost their one match each, and each is named.
    expect(overflowByNode).toHaveLength(counters.stateOverflow);
    expect(overflowByNode.slice(0, 2)).toEqual([
      { node: 'host-0', matches: 1 },
      { node: 'host-1', matches: 1 },
    ]);
  });

  it('counts exactly what it still holds once incidents are finalised, with no recount', () => {
    const correlator = new Correlator(
      kbRules,
      { allowedLatenessMs: 3_600_000, maxStateBytes: 64 * MIB },
      () => {},
    );
    for (const node of ['A', 'B']) {
      correlator.accept(serviceCrash({ node, at: '2024-03-14T02:00:00Z' }));
      correlator.accept(mailStartFailure({ node, at: '2024-03-14T02:00:20Z' }));
    }
    // Past window + lateness + window on A only: A's incident is final, B's still held.
    const later = serviceCrash({ node: 'A', at: '2024-03-14T06:00:00Z' });
    correlator.accept(later);
    const heldOnB = [
      serviceCrash({ node: 'B', at: '2024-03-14T02:00:00Z' }),
      mailStartFailure({ node: 'B', at: '2024-03-14T02:00:20Z' }),
    ];
    const expected = [later, ...heldOnB].reduce((sum, event) => sum + evidenceBytes(boundEvidence(event)), 0);
    expect(correlator.stateBytes).toBe(expected);
  });

  it('keeps an incident through a flood of matching pairs on one node to a bounded list, counting the rest', () => {
    const events = Array.from({ length: 5000 }, (_, i) => {
      const shape = { node: 'EXCH01', at: at('2024-03-14T00:00:00Z', i * 5000), recordId: i + 1 };
      return i % 2 === 0 ? serviceCrash(shape) : mailStartFailure(shape);
    });

    const { incidents, peakBytes } = run(events);

    expect(incidents).toHaveLength(1);
    const [incident] = incidents as [IncidentReport];
    expect(incident.evidence).toHaveLength(MAX_LISTED_EVIDENCE);
    expect(incident.omittedEvidence).toBe(5000 - MAX_LISTED_EVIDENCE);
    // The opening sequence and the newest matches are the ones listed.
    expect(incident.evidence.slice(0, 2).map((e) => e.recordId)).toEqual([1, 2]);
    expect(incident.evidence.at(-1)?.recordId).toBe(5000);
    expect(incident.lastEventAt).toBe(events.at(-1)?.time);
    // Before the bound, every match stayed in the incident: 5000 of them held 4.6 MB.
    expect(peakBytes).toBeLessThan(MIB / 2);
  });

  it.each([
    [MAX_LISTED_EVIDENCE, 0],
    [MAX_LISTED_EVIDENCE + 1, 1],
  ])('lists all of %i matching events but the %i past the bound', (count, omitted) => {
    const events = Array.from({ length: count }, (_, i) => {
      const shape = { node: 'EXCH02', at: at('2024-03-14T00:00:00Z', i * 5000), recordId: i + 1 };
      return i % 2 === 0 ? serviceCrash(shape) : mailStartFailure(shape);
    });
    const [incident] = run(events).incidents;
    expect(incident?.evidence).toHaveLength(count - omitted);
    expect(incident?.omittedEvidence).toBe(omitted);
  });

  it('keeps the cost per match flat when thousands of crashes wait on one node', () => {
    const count = 8000;
    const crashes = (nodes: number) =>
      Array.from({ length: count }, (_, i) =>
        serviceCrash({ node: `node-${i % nodes}`, at: at('2024-03-14T00:00:00Z', i * 2000) }),
      );
    const timed = (events: NormalisedEvent[]): number => {
      const started = performance.now();
      run(events);
      return performance.now() - started;
    };
    const spread = crashes(200);
    const flood = crashes(1);
    timed(crashes(200)); // warm-up
    // Before the index, one node's 8000 pending crashes took minutes (cubic); spread over 200 nodes, a second.
    expect(timed(flood)).toBeLessThan(4 * timed(spread) + 500);
  });
});
