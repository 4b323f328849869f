import { ListObjectsCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ListedObject } from './replayNotification';

export const MAX_PAGE_SIZE = 1000;

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
    const page = await s3.send(
      new ListObjectsCommand({
        Bucket: bucket,
        Prefix: prefix,
        Marker: marker,
        MaxKeys: options.pageSize ?? MAX_PAGE_SIZE,
      }),
    );
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
