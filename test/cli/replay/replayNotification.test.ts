import { describe, expect, it } from 'vitest';
import { replayNotification } from '../../../cli/replay/replayNotification';
import { parseIngestMessage } from '../../../domain/ingest/parseIngestMessage';

const lastModified = new Date('2024-03-14T02:00:05.123Z');

describe('a replayed object as an S3 event notification', () => {
  it.each([
    'raw/fluentbit/EXCH01/2024/03/14/system.json.gz',
    'raw/inbox/Event Log (copy) #2.xml',
    'raw/inbox/a+b=c&d%e.evtx',
    'raw/inbox/Ereignisprotokoll-Größe.xml',
  ])('is read back by the ingest function with the same bucket and key: %s', (key) => {
    const body = JSON.stringify(
      replayNotification('fleet-winlogs', 'eu-west-1', { key, size: 4096, lastModified }),
    );

    expect(parseIngestMessage(body)).toEqual({
      kind: 'work',
      ignored: [],
      items: [
        {
          kind: 'object-created',
          bucket: 'fleet-winlogs',
          key,
          size: 4096,
          eventTime: '2024-03-14T02:00:05.123Z',
          sequencer: expect.any(String),
          versionId: undefined,
        },
      ],
    });
  });

  it('carries one record, dated when the object arrived, named as a replay in its configuration id', () => {
    const { Records } = replayNotification('fleet-winlogs', 'eu-west-1', {
      key: 'raw/a.xml',
      size: 1,
      lastModified,
      eTag: '"0123abcd"',
    });
    expect(Records).toHaveLength(1);
    expect(Records[0]).toMatchObject({
      eventSource: 'aws:s3',
      eventName: 'ObjectCreated:Put',
      awsRegion: 'eu-west-1',
      eventTime: '2024-03-14T02:00:05.123Z',
      s3: {
        configurationId: 'winlog-correlator-replay',
        bucket: { name: 'fleet-winlogs', arn: 'arn:aws:s3:::fleet-winlogs' },
        object: { key: 'raw/a.xml', size: 1, eTag: '0123abcd' },
      },
    });
  });
});
