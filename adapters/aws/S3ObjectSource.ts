import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ObjectRef, ObjectSource, OpenedObject } from '../../domain/ports/ObjectSource';
import { createS3Client } from './createS3Client';

const GONE_CODES = new Set(['NoSuchKey', 'NoSuchVersion', 'NotFound']);

/**
 * Opens S3 objects as byte streams (GetObject body, never buffered). A key or version that no longer
 * exists is "gone". Note: without s3:ListBucket, S3 answers a missing key with 403 AccessDenied, which
 * is a fault here (it cannot be told apart from a real permission problem).
 */
export class S3ObjectSource implements ObjectSource {
  constructor(private readonly client: S3Client = createS3Client()) {}

  async open(ref: ObjectRef): Promise<OpenedObject> {
    try {
      const response = await this.client.send(
        new GetObjectCommand({ Bucket: ref.bucket, Key: ref.key, VersionId: ref.versionId }),
      );
      const body = response.Body as AsyncIterable<Uint8Array> | undefined;
      if (!body || !(Symbol.asyncIterator in body))
        throw new Error(`s3://${ref.bucket}/${ref.key}: no body stream`);
      return { kind: 'found', body, size: response.ContentLength, lastModified: response.LastModified };
    } catch (error) {
      if (isGone(error)) return { kind: 'gone' };
      throw error;
    }
  }
}

function isGone(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return GONE_CODES.has(error.name) || status === 404;
}
