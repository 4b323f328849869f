import { describe, expect, it } from 'vitest';
import { boundName, MAX_NAME_CHARS } from '../../../domain/event/boundName';
import { nodeKey } from '../../../domain/event/NormalisedEvent';

describe('a name from a record, bounded', () => {
  const long = (tail: string) => `exch-${'a'.repeat(50_000)}${tail}.corp.example.com`;

  it('keeps a name up to the bound as it is', () => {
    const name = `n${'x'.repeat(MAX_NAME_CHARS - 1)}`;
    expect(boundName(name)).toBe(name);
  });

  it('cuts a name one character past the bound', () => {
    const name = `n${'x'.repeat(MAX_NAME_CHARS)}`;
    expect(boundName(name)).toHaveLength(MAX_NAME_CHARS);
    expect(boundName(name)).not.toBe(name.slice(0, MAX_NAME_CHARS));
  });

  it('cuts a longer name to the bound, keeping its start', () => {
    const bounded = boundName(long('1'));
    expect(bounded).toHaveLength(MAX_NAME_CHARS);
    expect(long('1').startsWith(bounded.slice(0, MAX_NAME_CHARS - 20))).toBe(true);
  });

  it('keeps long names that differ only past the bound apart, and those that differ only in case together', () => {
    expect(boundName(long('1'))).not.toBe(boundName(long('2')));
    expect(nodeKey(boundName(long('X')))).toBe(nodeKey(boundName(long('x'))));
  });
});
