import { describe, expect, it } from 'vitest';
import { decodeFormKey, parseIngestMessage } from '../../domain/ingest/parseIngestMessage';
import { notificationFixture } from '../support/lambdaEvents';

describe('parseIngestMessage', () => {
  it('reads bucket, key, version, size and event time from an S3 ObjectCreated:Put notification', () => {
    expect(parseIngestMessage(notificationFixture('s3-object-created-put'))).toEqual({
      kind: 'work',
      ignored: [],
      items: [
        {
          kind: 'object-created',
          bucket: 'fleet-winlogs',
          key: '2024/03/14/02/winlogs-1-2024-03-14-02-15-00-1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d.gz',
          versionId: '3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY',
          size: 48213,
          eventTime: '2024-03-14T02:20:01.123Z',
          sequencer: '0065F25E0912345678',
        },
      ],
    });
  });

  it('decodes form-encoded keys: + is a space, %2B a plus, %3A a colon', () => {
    const parsed = parseIngestMessage(notificationFixture('s3-object-created-encoded-key'));
    expect(parsed.kind === 'work' && parsed.items[0]?.key).toBe(
      'raw/site A/EXCH01:2024-03-14T02:17:46/log+1 2.gz',
    );
  });

  it('ignores the s3:TestEvent sent when the notification is configured', () => {
    expect(parseIngestMessage(notificationFixture('s3-test-event'))).toEqual({
      kind: 'ignored',
      reason: 's3:TestEvent',
    });
  });

  it('ignores events other than ObjectCreated', () => {
    expect(parseIngestMessage(notificationFixture('s3-object-removed'))).toMatchObject({ kind: 'ignored' });
  });

  it('unwraps an S3 notification delivered through SNS', () => {
    const parsed = parseIngestMessage(notificationFixture('sns-wrapped-s3-notification'));
    expect(parsed).toMatchObject({
      kind: 'work',
      items: [
        { kind: 'object-created', bucket: 'fleet-winlogs', key: '2024/03/14/02/winlogs 2.gz', size: 48213 },
      ],
    });
  });

  it('reads an EventBridge Object Created event, with hyphenated field names', () => {
    expect(parseIngestMessage(notificationFixture('eventbridge-object-created'))).toEqual({
      kind: 'work',
      ignored: [],
      items: [
        {
          kind: 'object-created',
          bucket: 'fleet-winlogs',
          key: 'fluent-bit-logs/winevt/2024/03/14/02/17/46/AbCdEfGh.gz',
          versionId: 'Vb4tW.y0Q3kC5Tz0aJgFcd1yQZp2iXbE',
          size: 1048576,
          eventTime: '2024-03-14T02:20:01Z',
          sequencer: '0064D3901D00059242',
        },
      ],
    });
  });

  it('keeps the undecoded EventBridge key as a fallback when decoding changed it', () => {
    const event = JSON.parse(notificationFixture('eventbridge-object-created'));
    event.detail.object.key = 'raw/EXCH01+2024-03-14T02:17:46.gz';
    const parsed = parseIngestMessage(JSON.stringify(event));
    expect(parsed).toMatchObject({
      kind: 'work',
      items: [
        { key: 'raw/EXCH01 2024-03-14T02:17:46.gz', undecodedKey: 'raw/EXCH01+2024-03-14T02:17:46.gz' },
      ],
    });
  });

  it('ignores EventBridge S3 events other than Object Created', () => {
    const event = JSON.parse(notificationFixture('eventbridge-object-created'));
    event['detail-type'] = 'Object Deleted';
    expect(parseIngestMessage(JSON.stringify(event))).toEqual({
      kind: 'ignored',
      reason: 'EventBridge Object Deleted',
    });
  });

  it("reads the function's own continuation message", () => {
    const body = JSON.stringify({
      continuation: { bucket: 'fleet-winlogs', key: 'raw/a b.xml', resumeAtByte: 1048576 },
    });
    expect(parseIngestMessage(body)).toEqual({
      kind: 'work',
      ignored: [],
      items: [
        {
          kind: 'continuation',
          bucket: 'fleet-winlogs',
          key: 'raw/a b.xml',
          versionId: undefined,
          resumeAtByte: 1048576,
        },
      ],
    });
  });

  it('rejects a continuation without a whole resume offset', () => {
    const body = JSON.stringify({
      continuation: { bucket: 'fleet-winlogs', key: 'raw/a.xml', resumeAtByte: '12' },
    });
    expect(parseIngestMessage(body)).toMatchObject({ kind: 'invalid' });
  });

  it('calls a body that is not JSON invalid', () => {
    expect(parseIngestMessage('Records: none')).toEqual({
      kind: 'invalid',
      reason: 'body is not a JSON object',
    });
  });

  it('calls a JSON body of an unknown shape invalid', () => {
    expect(parseIngestMessage('{"hello":"world"}')).toMatchObject({ kind: 'invalid' });
  });

  it('leaves a key with a malformed escape as it was delivered', () => {
    expect(decodeFormKey('raw/100%.gz')).toBe('raw/100%.gz');
  });
});
