import { describe, expect, it } from 'vitest';
import { recordStartsAfterCutOff } from '../../../domain/input/recordStartsAfterCutOff';

describe('where a record may start after a cut-off one on the same line', () => {
  it('tries where one record runs into the next before the objects nested in the cut-off one', () => {
    const line = '{"a":{"b":1},"c":"cut{"d":{"e":2}}';
    expect(recordStartsAfterCutOff(line)).toEqual([
      line.indexOf('{"d"'),
      line.indexOf('{"b"'),
      line.indexOf('{"e"'),
    ]);
  });

  it('reads a pathological line no more than eight times over, in at most 32 tries', () => {
    const deep = '{"a":'.repeat(20_000);
    const starts = recordStartsAfterCutOff(deep);
    expect(starts.length).toBeLessThanOrEqual(32);
    expect(starts.reduce((sum, at) => sum + deep.length - at, 0)).toBeLessThanOrEqual(8 * deep.length);
    expect(recordStartsAfterCutOff('{"a":{"b":'.repeat(3)).length).toBe(5);
  });
});
