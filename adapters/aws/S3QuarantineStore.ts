import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { shortHash } from '../../domain/correlation/matchKey';
import type { QuarantineBatch, QuarantineStore } from '../../domain/ports/QuarantineStore';
import { createS3Client } from './createS3Client';

const MAX_KEY_BYTES = 1024;

/**
 * Writes rejected records as JSON lines to `<prefix><source key>/<version>.from-<startByte>.rejected.jsonl`
 * in the given bucket (the raw bucket: the CDK stack grants PutObject under the quarantine prefix only).
 * The name depends only on the object, its version and where the read started, so a retried read
 * overwrites its own quarantine object. Keys too long for S3 fall back to a hash of the source key.
 */
export class S3QuarantineStore implements QuarantineStore {
  constructor(
    private readonly bucket: string,
    private readonly prefix: string,
    private readonly client: S3Client = createS3Client(),
  ) {}

  async put(batch: QuarantineBatch): Promise<{ location: string }> {
    const key = this.keyFor(batch);
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: `${batch.lines.join('\n')}\n`,
        ContentType: 'application/x-ndjson',
        Metadata: { 'source-bucket': batch.source.bucket, 'source-key-hash': shortHash(batch.source.key) },
      }),
    );
    return { location: `s3://${this.bucket}/${key}` };
  }

  private keyFor(batch: QuarantineBatch): string {
    const version = batch.source.versionId ?? 'current';
    const name = `${version}.from-${batch.startByte}.rejected.jsonl`;
    const key = `${this.prefix}${batch.source.bucket}/${batch.source.key}/${name}`;
    if (Buffer.byteLength(key) <= MAX_KEY_BYTES) return key;
    return `${this.prefix}${batch.source.bucket}/long-keys/${shortHash(batch.source.key)}/${name}`;
  }
}
