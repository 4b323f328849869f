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

  it('tries 32 starts at most, even where trying more would stay within eight reads of the line', () => {
    const starts = (count: number) => `{"x${'x'.repeat(10_000)}${'x{"y"'.repeat(count)}`;
    expect(recordStartsAfterCutOff(starts(32))).toHaveLength(32);
    expect(recordStartsAfterCutOff(starts(33))).toHaveLength(32);
  });
});
