import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { GetObjectCommand, ListObjectsCommand, type S3Client } from '@aws-sdk/client-s3';
import { parseAuditRecord } from '../../domain/audit/parseAuditRecord';
import type { AuditRecord } from '../../domain/audit/toAuditRecords';
import type { AuditDay, AuditTrailReader, UnreadableAuditRecord } from '../../domain/ports/AuditTrailReader';
import { createS3Client } from './createS3Client';
import { auditDayPrefix } from './S3AuditTrail';

/** Objects fetched at the same time within one day. */
const GET_CONCURRENCY = 16;

/**
 * Reads the audit trail `S3AuditTrail` writes: lists `<prefix>dt=<day>/` (every kind below it) and reads
 * each object as JSON lines, streamed. An object deleted between the listing and the read (a lifecycle
 * rule) is skipped; a line that is not an audit record is reported with its location, not thrown.
 */
export class S3AuditTrailReader implements AuditTrailReader {
  constructor(
    private readonly bucket: string,
    private readonly prefix: string,
    private readonly client: S3Client = createS3Client(),
    /** Keys per listing request (S3's maximum is 1000). */
    private readonly pageSize = 1000,
  ) {}

  async readDay(day: string): Promise<AuditDay> {
    const keys = await this.list(auditDayPrefix(this.prefix, day));
    const records: AuditRecord[] = [];
    const unreadable: UnreadableAuditRecord[] = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < keys.length) {
        const key = keys[next++] as string;
        const read = await this.readObject(key);
        records.push(...read.records);
        unreadable.push(...read.unreadable);
      }
    };
    await Promise.all(Array.from({ length: Math.min(GET_CONCURRENCY, keys.length) }, worker));
    return { records, unreadable };
  }

  /**
   * ListObjects (version 1) paged by marker, the last key seen: s3rver, the local stand-in, cannot make
   * version 2 continuation tokens on OpenSSL 3 (it encrypts them with DES) and fails any truncated
   * version 2 listing. Same permission (s3:ListBucket), same results on AWS.
   */
  private async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let marker: string | undefined;
    for (;;) {
      const page = await this.client.send(
        new ListObjectsCommand({
          Bucket: this.bucket,
          Prefix: prefix,
          Marker: marker,
          MaxKeys: this.pageSize,
        }),
      );
      for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
      if (!page.IsTruncated) return keys;
      const next = page.NextMarker ?? keys[keys.length - 1];
      if (next === undefined || next === marker) return keys;
      marker = next;
    }
  }

  private async readObject(key: string): Promise<AuditDay> {
    let body: unknown;
    try {
      ({ Body: body } = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key })));
    } catch (error) {
      if ((error as Error).name === 'NoSuchKey') return { records: [], unreadable: [] };
      throw error;
    }
    const location = `s3://${this.bucket}/${key}`;
    if (!(body instanceof Readable)) {
      return { records: [], unreadable: [{ location, reason: 'no body stream' }] };
    }
    const records: AuditRecord[] = [];
    const unreadable: UnreadableAuditRecord[] = [];
    let lineNumber = 0;
    for await (const line of createInterface({ input: body, crlfDelay: Number.POSITIVE_INFINITY })) {
      lineNumber++;
      if (line.trim() === '') continue;
      const parsed = parseAuditRecord(line);
      if (parsed.kind === 'record') records.push(parsed.record);
      else unreadable.push({ location: `${location} line ${lineNumber}`, reason: parsed.reason });
    }
    return { records, unreadable };
  }
}
