import { describe, expect, it } from 'vitest';
import { evidenceBytes } from '../../../domain/correlation/boundEvidence';
import { matchRules } from '../../../domain/correlation/matchRules';
import { halves, inSlices, MatchGroups } from '../../../domain/ingest/MatchGroups';
import type { MatchGroup } from '../../../domain/ingest/settleMatches';
import { serviceCrash } from '../../support/buildEvents';
import { kbRules } from '../correlation/correlate';

const START = Date.UTC(2024, 2, 14, 2, 0, 0);
const crashAt = (second: number, node = 'EXCH01') =>
  matchRules(serviceCrash({ node, at: new Date(START + second * 1000).toISOString() }), kbRules);

describe('the matches one object brought, within their budget', () => {
  const size = evidenceBytes(crashAt(0)[0]?.match.event ?? serviceCrash({ at: '2024-03-14T02:00:00Z' }));

  it('keeps every match while they fit the budget exactly', () => {
    const groups = new MatchGroups(10 * size);
    for (let s = 0; s < 10; s++) for (const { rule, match } of crashAt(s)) groups.add(rule, match);
    expect(groups.dropped).toBe(0);
    expect(groups.list().flatMap((g) => g.matches)).toHaveLength(10);
  });

  it('drops the oldest matches of all nodes first, and counts them, once the budget is passed', () => {
    const groups = new MatchGroups(10 * size);
    for (let s = 0; s < 11; s++)
      for (const { rule, match } of crashAt(s, s % 2 === 0 ? 'EXCH01' : 'EXCH02')) groups.add(rule, match);
    const kept = groups.list().flatMap((g) => g.matches.map((m) => m.event.timeMs));
    expect(groups.dropped).toBeGreaterThan(0);
    expect(groups.dropped).toBe(11 - kept.length);
    expect(Math.min(...kept)).toBe(START + groups.dropped * 1000);
    // Seconds 0, 2, 4... are EXCH01's and 1, 3, 5... EXCH02's: the oldest go first, one node then the other.
    const dropped = groups.dropped;
    expect(groups.droppedByNode()).toEqual(
      [
        { node: 'EXCH01', matches: Math.ceil(dropped / 2) },
        { node: 'EXCH02', matches: Math.floor(dropped / 2) },
      ].filter((count) => count.matches > 0),
    );
  });
});

describe('a group settled in slices', () => {
  const groupOf = (seconds: number[]) => {
    const groups = new MatchGroups(Number.POSITIVE_INFINITY);
    for (const s of seconds) for (const { rule, match } of crashAt(s)) groups.add(rule, match);
    const [group] = groups.list();
    if (!group) throw new Error('no group');
    return group;
  };

  it('cuts a large group into slices of at most the limit, in time order, every match once', () => {
    const seconds = Array.from({ length: 1001 }, (_, i) => (i * 7919) % 1001);
    const slices = inSlices(groupOf(seconds), 500);
    expect(slices.map((slice) => slice.matches.length)).toEqual([500, 500, 1]);
    const times = slices.flatMap((slice) => slice.matches.map((m) => (m.event.timeMs - START) / 1000));
    expect(times).toEqual([...seconds].sort((a, b) => a - b));
  });

  it('halves a slice too large for one save, keeping time order', () => {
    const [whole] = inSlices(groupOf([4, 0, 2, 1, 3]), 5);
    if (!whole) throw new Error('no slice');
    const seconds = (slice: MatchGroup) => slice.matches.map((m) => (m.event.timeMs - START) / 1000);
    expect(halves(whole).map(seconds)).toEqual([
      [0, 1, 2],
      [3, 4],
    ]);
  });

  it('leaves a group within the limit in one slice, in time order', () => {
    const slices = inSlices(groupOf([3, 1, 2]), 3);
    expect(slices.map((slice) => slice.matches.map((m) => (m.event.timeMs - START) / 1000))).toEqual([
      [1, 2, 3],
    ]);
  });
});
