import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { AuditEntry } from '../../domain/audit/toAuditRecords';
import type { AuditTrail } from '../../domain/ports/AuditTrail';
import { createS3Client } from './createS3Client';

/**
 * Writes each audit record as a one-line JSON object to
 * `<prefix>dt=<YYYY-MM-DD of recorded_at>/<kind>/<incident_id>-<identity>.json`, the layout the Glue
 * table's `dt` partition projection reads. The key is fixed by the record's content identity and its
 * `recorded_at`, so a retry overwrites the record with itself.
 */
export class S3AuditTrail implements AuditTrail {
  constructor(
    private readonly bucket: string,
    private readonly prefix: string,
    private readonly client: S3Client = createS3Client(),
  ) {}

  async write(entries: readonly AuditEntry[]): Promise<void> {
    await Promise.all(
      entries.map((entry) =>
        this.client.send(
          new PutObjectCommand({
            Bucket: this.bucket,
            Key: auditRecordKey(this.prefix, entry),
            Body: `${JSON.stringify(entry.record)}\n`,
            ContentType: 'application/x-ndjson',
          }),
        ),
      ),
    );
  }
}

export function auditRecordKey(prefix: string, entry: AuditEntry): string {
  const { record } = entry;
  return `${auditDayPrefix(prefix, record.recorded_at.slice(0, 10))}${record.kind}/${record.incident_id}-${entry.identity}.json`;
}

/** Where the records of one UTC day (`YYYY-MM-DD`) are written: the `dt=` partition the Glue table projects. */
export function auditDayPrefix(prefix: string, day: string): string {
  return `${prefix}dt=${day}/`;
}
