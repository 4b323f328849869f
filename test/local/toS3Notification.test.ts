import { describe, expect, it } from 'vitest';
import { toS3Notification } from '../../adapters/local/toS3Notification';
import { parseIngestMessage } from '../../domain/ingest/parseIngestMessage';

const filter = { bucket: 'fleet-winlogs', prefix: 'raw/', region: 'eu-west-1', configurationId: 'ingest' };

/** An event as s3rver 3 emits it for a PUT. */
function s3rverPut(bucket: string, key: string, eventName = 'ObjectCreated:Put') {
  return {
    Records: [
      {
        eventVersion: '2.0',
        eventSource: 'aws:s3',
        awsRegion: 'us-east-1',
        eventTime: '2024-03-14T02:20:01.123Z',
        eventName,
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'testConfigId',
          bucket: {
            name: bucket,
            ownerIdentity: { principalId: 'A3NL1KOZZKE' },
            arn: `arn:aws:s3: : :${bucket}`,
          },
          object: { key, sequencer: '18E3B1F0A2C', size: 42, eTag: '0123456789abcdef0123456789abcdef' },
        },
      },
    ],
  };
}

describe('S3 notifications from s3rver events', () => {
  it('form-encodes the key as S3 does, so the handler decodes it back to the uploaded key', () => {
    const key = 'raw/EXCH 01/a+b (1).xml';
    const notification = toS3Notification(s3rverPut('fleet-winlogs', key), filter);

    const record = notification?.Records[0];
    expect(record?.s3.object.key).toBe('raw/EXCH+01/a%2Bb+%281%29.xml');
    expect(record?.s3.bucket.arn).toBe('arn:aws:s3:::fleet-winlogs');
    expect(record?.awsRegion).toBe('eu-west-1');
    expect(record?.eventVersion).toBe('2.1');
    const parsed = parseIngestMessage(JSON.stringify(notification));
    expect(parsed.kind === 'work' && parsed.items[0]).toMatchObject({
      bucket: 'fleet-winlogs',
      key,
      size: 42,
    });
  });

  it('sends nothing for other buckets, keys outside the raw prefix, or deletions, as the stack filter', () => {
    expect(toS3Notification(s3rverPut('winlog-audit', 'raw/a.xml'), filter)).toBeUndefined();
    expect(toS3Notification(s3rverPut('fleet-winlogs', 'quarantine/a.jsonl'), filter)).toBeUndefined();
    expect(
      toS3Notification(s3rverPut('fleet-winlogs', 'raw/a.xml', 'ObjectRemoved:Delete'), filter),
    ).toBeUndefined();
  });
});
