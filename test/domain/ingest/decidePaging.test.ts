import { describe, expect, it } from 'vitest';
import { decidePaging } from '../../../domain/ingest/decidePaging';
import type { NodeMute } from '../../../domain/ports/MuteStore';

const DAY_MS = 86_400_000;
const DETECTED = Date.parse('2026-06-01T12:00:00Z');
const live = { pageWithinMs: DAY_MS };
const mute: NodeMute = {
  nodeKey: 'exch01',
  node: 'EXCH01',
  reason: 'patching',
  mutedAt: '2026-06-01T11:00:00.000Z',
  until: '2026-06-01T13:00:00.000Z',
};

describe('decidePaging', () => {
  it('pages an incident whose last event is exactly pageWithin old', () => {
    expect(decidePaging(DETECTED - DAY_MS, DETECTED, live, undefined)).toBeUndefined();
  });

  it('holds back as historical an incident one millisecond older', () => {
    expect(decidePaging(DETECTED - DAY_MS - 1, DETECTED, live, undefined)).toEqual({
      historical: true,
      muted: null,
    });
  });

  it('pages incidents of any age when pageWithin is off', () => {
    expect(decidePaging(0, DETECTED, { pageWithinMs: undefined }, undefined)).toBeUndefined();
  });

  it('pages an event dated after detection (clock skew within bounds)', () => {
    expect(decidePaging(DETECTED + 60_000, DETECTED, live, undefined)).toBeUndefined();
  });

  it('holds back a live incident on a muted node, with the reason and end of the mute', () => {
    expect(decidePaging(DETECTED - 60_000, DETECTED, live, mute)).toEqual({
      historical: false,
      muted: { reason: 'patching', until: '2026-06-01T13:00:00.000Z' },
    });
  });

  it('records both reasons when an old incident arrives on a muted node', () => {
    expect(decidePaging(DETECTED - 2 * DAY_MS, DETECTED, live, mute)).toEqual({
      historical: true,
      muted: { reason: 'patching', until: '2026-06-01T13:00:00.000Z' },
    });
  });
});
