import { describe, expect, it } from 'vitest';
import { BUNDLED_RULES_PATH } from '../../adapters/node/loadRules';
import { IngestConfigError, readIngestConfig } from '../../app/ingest/IngestConfig';

const complete = {
  RAW_BUCKET_NAME: 'fleet-winlogs',
  RAW_KEY_PREFIX: 'raw/',
  QUARANTINE_PREFIX: 'quarantine/',
  AUDIT_BUCKET_NAME: 'winlog-audit',
  AUDIT_PREFIX: 'audit/',
  STATE_TABLE_NAME: 'correlation-state',
  INCIDENT_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:incidents',
  INGEST_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/ingest',
};

function problemsOf(env: Record<string, string | undefined>): readonly string[] {
  try {
    readIngestConfig(env);
  } catch (error) {
    if (error instanceof IngestConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('readIngestConfig', () => {
  it('reads the CDK stack contract and applies the documented defaults', () => {
    expect(readIngestConfig(complete)).toEqual({
      rawBucketName: 'fleet-winlogs',
      rawKeyPrefix: 'raw/',
      quarantinePrefix: 'quarantine/',
      auditBucketName: 'winlog-audit',
      auditPrefix: 'audit/',
      stateTableName: 'correlation-state',
      incidentTopicArn: 'arn:aws:sns:eu-west-1:123456789012:incidents',
      ingestQueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/ingest',
      rulesPath: BUNDLED_RULES_PATH,
      correlationWindowMs: undefined,
      allowedLatenessMs: 86_400_000,
      maxClockSkewMs: 3_600_000,
      publishLeaseMs: 60_000,
      maxStateBytes: 64 * 1024 ** 2,
      maxObjectBytes: 8 * 1024 ** 3,
      maxRecordBytes: 1024 ** 2,
      timeZone: 'UTC',
      pageWithinMs: 86_400_000,
    });
  });

  it('reads PAGE_WITHIN as a duration, or off to page incidents of any age', () => {
    expect(readIngestConfig({ ...complete, PAGE_WITHIN: '2h' }).pageWithinMs).toBe(7_200_000);
    expect(readIngestConfig({ ...complete, PAGE_WITHIN: 'off' }).pageWithinMs).toBeUndefined();
    expect(problemsOf({ ...complete, PAGE_WITHIN: '31d' })).toEqual([
      "PAGE_WITHIN: '31d' is longer than the most allowed, 30d, or 'off'",
    ]);
    expect(problemsOf({ ...complete, PAGE_WITHIN: 'never' })).toEqual([
      "PAGE_WITHIN: 'never' is not a duration such as 90s, 60m, 1h30m or 24h, or 'off'",
    ]);
  });

  it('names every missing required variable at once', () => {
    expect(problemsOf({ RAW_BUCKET_NAME: 'fleet-winlogs' })).toEqual([
      'QUARANTINE_PREFIX is required',
      'AUDIT_BUCKET_NAME is required',
      'AUDIT_PREFIX is required',
      'STATE_TABLE_NAME is required',
      'INCIDENT_TOPIC_ARN is required',
      'INGEST_QUEUE_URL is required',
    ]);
  });

  it('rejects durations, sizes and zones it cannot read', () => {
    const problems = problemsOf({
      ...complete,
      CORRELATION_WINDOW: 'an hour',
      ALLOWED_LATENESS: '-1h',
      MAX_OBJECT_BYTES: '8GB',
      TIME_ZONE: 'Mars/Olympus',
    });
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/CORRELATION_WINDOW.*ALLOWED_LATENESS.*MAX_OBJECT_BYTES.*TIME_ZONE/s);
  });

  it.each([
    ['CORRELATION_WINDOW', '8d'],
    ['CORRELATION_WINDOW', `${'9'.repeat(400)}d`],
    ['ALLOWED_LATENESS', '31d'],
    ['MAX_CLOCK_SKEW', '8d'],
  ])('refuses %s=%s, past its bound', (name, value) => {
    expect(problemsOf({ ...complete, [name]: value })).toEqual([
      expect.stringMatching(new RegExp(`^${name}: .* is longer than the most allowed`)),
    ]);
  });

  it('reads the optional window override and lateness', () => {
    const config = readIngestConfig({ ...complete, CORRELATION_WINDOW: '90m', ALLOWED_LATENESS: '2h' });
    expect([config.correlationWindowMs, config.allowedLatenessMs]).toEqual([5_400_000, 7_200_000]);
  });

  it('rejects a raw prefix inside the quarantine prefix, which would feed quarantine back into ingestion', () => {
    expect(problemsOf({ ...complete, RAW_KEY_PREFIX: 'quarantine/raw/' })).toEqual([
      'RAW_KEY_PREFIX must not lie under QUARANTINE_PREFIX',
    ]);
  });
});
