import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { AuditEntry } from '../../domain/audit/toAuditRecords';
import type { AuditTrail } from '../../domain/ports/AuditTrail';
import { createS3Client } from './createS3Client';

/**
 * Writes audit records as JSON lines under `<prefix>dt=<YYYY-MM-DD of recorded_at>/<kind>/`, the layout
 * the Glue table's `dt` and `kind` partition projection reads: the records of one batch (one state save)
 * in one object per day and kind, `batch-<batch>.json`, and a record without a batch alone, in
 * `<incident_id>-<identity>.json`. Keys and contents are fixed by the entries, so a retry overwrites
 * each object with itself.
 */
export class S3AuditTrail implements AuditTrail {
  constructor(
    private readonly bucket: string,
    private readonly prefix: string,
    private readonly client: S3Client = createS3Client(),
  ) {}

  async write(entries: readonly AuditEntry[]): Promise<void> {
    const objects = new Map<string, string>();
    for (const entry of entries) {
      const key = auditObjectKey(this.prefix, entry);
      objects.set(key, `${objects.get(key) ?? ''}${JSON.stringify(entry.record)}\n`);
    }
    await Promise.all(
      [...objects].map(([key, body]) =>
        this.client.send(
          new PutObjectCommand({
            Bucket: this.bucket,
            Key: key,
            Body: body,
            ContentType: 'application/x-ndjson',
          }),
        ),
      ),
    );
  }
}

/** Where an entry is stored: with its batch's records of the same day and kind, or alone. */
export function auditObjectKey(prefix: string, entry: AuditEntry): string {
  const { record, batch } = entry;
  const name = batch === undefined ? `${record.incident_id}-${entry.identity}` : `batch-${batch}`;
  return `${auditDayPrefix(prefix, record.recorded_at.slice(0, 10))}${record.kind}/${name}.json`;
}

/** Where the records of one UTC day (`YYYY-MM-DD`) are written: the `dt=` partition the Glue table projects. */
export function auditDayPrefix(prefix: string, day: string): string {
  return `${prefix}dt=${day}/`;
}
