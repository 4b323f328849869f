import type { S3Event, S3EventRecord } from 'aws-lambda';
import type { S3rverEvent } from './stand-ins/startLocalS3';

/** Which events S3 sends to the ingest queue: the stack's notification configuration on the raw bucket. */
export interface S3NotificationFilter {
  readonly bucket: string;
  /** Only keys under this prefix (the stack filters on the raw prefix). */
  readonly prefix: string;
  readonly region: string;
  /** The notification's configuration id (a name the stack gives it). */
  readonly configurationId: string;
}

/**
 * Turns an event s3rver emitted into the S3 event notification S3 would deliver to the ingest queue for
 * the stack's `OBJECT_CREATED` + prefix filter, or `undefined` when S3 would send nothing. s3rver's shape
 * differs from S3's in ways the ingest handler notices: its keys are not form-URL-encoded (S3 writes a
 * space as '+', a '+' as '%2B'), its bucket ARN has spaces, and its region is fixed.
 */
export function toS3Notification(event: S3rverEvent, filter: S3NotificationFilter): S3Event | undefined {
  const records = event.Records.flatMap((record): S3EventRecord[] => {
    const r = record as S3EventRecord;
    if (typeof r?.eventName !== 'string' || !r.eventName.startsWith('ObjectCreated:')) return [];
    if (r.s3?.bucket?.name !== filter.bucket) return [];
    const key = r.s3.object?.key;
    if (typeof key !== 'string' || !key.startsWith(filter.prefix)) return [];
    return [
      {
        ...r,
        eventVersion: '2.1',
        awsRegion: filter.region,
        s3: {
          ...r.s3,
          configurationId: filter.configurationId,
          bucket: { ...r.s3.bucket, arn: `arn:aws:s3:::${filter.bucket}` },
          object: { ...r.s3.object, key: formEncodeKey(key) },
        },
      },
    ];
  });
  return records.length > 0 ? { Records: records } : undefined;
}

/** Encodes a key as S3 notifications do: like a form value, but keeping '/'. */
export function formEncodeKey(key: string): string {
  return encodeURIComponent(key)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+')
    .replace(/%2F/g, '/');
}
