import { ListObjectsCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ListedObject } from './replayNotification';
import { MAX_PAGE_SIZE } from './replayUsage';

/** A listing request failed (no such bucket, access denied, wrong credentials): the message says which. */
export class ObjectListingError extends Error {
  readonly code = 'OBJECT_LISTING_FAILED';
  constructor(bucket: string, prefix: string, cause: unknown) {
    const e = cause as { name?: string; message?: string };
    super(`cannot list s3://${bucket}/${prefix}: ${[e.name, e.message].filter(Boolean).join(': ')}`, {
      cause,
    });
    this.name = 'ObjectListingError';
  }
}

/**
 * The objects under `prefix` in key order, one listing page at a time, starting after `afterKey`.
 * ListObjects version 1 paged by marker (the last key seen): s3rver, the local stand-in, fails any
 * truncated version 2 listing (see S3AuditTrailReader), and a marker is also exactly where a resumed
 * replay starts. Same permission (s3:ListBucket), same order on AWS.
 */
export async function* listObjectsInKeyOrder(
  s3: S3Client,
  bucket: string,
  prefix: string,
  options: { readonly afterKey?: string; readonly pageSize?: number; readonly onPage?: () => void } = {},
): AsyncGenerator<ListedObject> {
  let marker = options.afterKey;
  for (;;) {
    const page = await s3
      .send(
        new ListObjectsCommand({
          Bucket: bucket,
          Prefix: prefix,
          Marker: marker,
          MaxKeys: options.pageSize ?? MAX_PAGE_SIZE,
        }),
      )
      .catch((error: unknown) => {
        throw new ObjectListingError(bucket, prefix, error);
      });
    options.onPage?.();
    let last: string | undefined;
    for (const object of page.Contents ?? []) {
      if (object.Key === undefined) continue;
      last = object.Key;
      yield {
        key: object.Key,
        size: object.Size ?? 0,
        lastModified: object.LastModified ?? new Date(0),
        eTag: object.ETag,
      };
    }
    if (!page.IsTruncated) return;
    const next = page.NextMarker ?? last;
    if (next === undefined || next === marker) return;
    marker = next;
  }
}
