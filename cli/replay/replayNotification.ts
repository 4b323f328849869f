import type { S3Event } from 'aws-lambda';
import { formEncodeKey } from '../../adapters/local/toS3Notification';

/** What a listing says about one object, as much as a replayed notification carries. */
export interface ListedObject {
  readonly key: string;
  readonly size: number;
  readonly lastModified: Date;
  readonly eTag?: string;
}

/** The notification configuration id replayed messages carry, so logs tell them from live ones. */
export const REPLAY_CONFIGURATION_ID = 'winlog-correlator-replay';

/**
 * The S3 event notification S3 sends to the ingest queue when `object` is created, one record per
 * message as S3 sends it: key form-encoded, event time the object's LastModified (when it arrived).
 */
export function replayNotification(bucket: string, region: string, object: ListedObject): S3Event {
  const eventTime = object.lastModified.toISOString();
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: region,
        eventTime,
        eventName: 'ObjectCreated:Put',
        userIdentity: { principalId: 'winlog-correlator-replay' },
        requestParameters: { sourceIPAddress: '127.0.0.1' },
        responseElements: { 'x-amz-request-id': 'replay', 'x-amz-id-2': 'replay' },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: REPLAY_CONFIGURATION_ID,
          bucket: {
            name: bucket,
            ownerIdentity: { principalId: 'winlog-correlator-replay' },
            arn: `arn:aws:s3:::${bucket}`,
          },
          object: {
            key: formEncodeKey(object.key),
            size: object.size,
            eTag: (object.eTag ?? '').replace(/"/g, ''),
            sequencer: object.lastModified.getTime().toString(16).toUpperCase().padStart(16, '0'),
          },
        },
      },
    ],
  };
}
