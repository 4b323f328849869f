import { describe, expect, it } from 'vitest';
import { objectPrefix } from '../../app/ingest/objectPrefix';

describe('objectPrefix', () => {
  it.each([
    ['raw/fluentbit/2024/03/14/part.gz', 'raw/', 'raw/fluentbit/'],
    ['raw/winlogbeat/ls.s3.1.txt', 'raw/', 'raw/winlogbeat/'],
    ['raw/object-at-the-root.json', 'raw/', 'raw/'],
    ['logs/windows/nxlog/a.json', 'logs/windows/', 'logs/windows/nxlog/'],
    ['nxlog/a.json', '', 'nxlog/'],
    ['a.json', '', '/'],
  ])('gives %s under %s the prefix %s', (key, rawKeyPrefix, expected) => {
    expect(objectPrefix(key, rawKeyPrefix)).toBe(expected);
  });
});
