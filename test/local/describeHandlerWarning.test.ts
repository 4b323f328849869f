import { describe, expect, it } from 'vitest';
import { describeHandlerWarning } from '../../app/local/describeHandlerWarning';
import { LATE_MATCHES_WARNING, OBJECT_OVERFLOW_WARNING } from '../../domain/ingest/ingestObject';

describe("the local runner's line for a handler warning", () => {
  it('names the nodes whose matches one object dropped, a hostile name quoted', () => {
    const line = describeHandlerWarning({
      message: OBJECT_OVERFLOW_WARNING,
      object: 'raw/inbox/flood.ndjson',
      dropped: 7,
      byNode: [
        { node: 'EXCH01.corp.example.com', matches: 5 },
        { node: 'EXCH02\nforged line', matches: 2 },
      ],
      otherNodes: 3,
    });
    expect(line).toBe(
      'warning: raw/inbox/flood.ndjson: 7 matches dropped as state-overflow (the object\'s matches past --max-state-bytes, oldest first), by node: EXCH01.corp.example.com 5, "EXCH02\\u000aforged line" 2, and 3 more not named',
    );
  });

  it('names the node whose matches came too late', () => {
    expect(
      describeHandlerWarning({
        message: LATE_MATCHES_WARNING,
        object: 'raw/inbox/old.ndjson',
        node: 'EXCH03',
        late: 2,
      }),
    ).toMatch(/^warning: raw\/inbox\/old\.ndjson: 2 matches on EXCH03 came too late to correlate/);
  });

  it('leaves other warnings to the log file', () => {
    expect(describeHandlerWarning({ message: 'state item compacted to fit DynamoDB' })).toBeUndefined();
  });
});
