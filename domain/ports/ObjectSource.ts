/** Which stored object to read: the version when the notification named one. */
export interface ObjectRef {
  readonly bucket: string;
  readonly key: string;
  readonly versionId?: string;
}

/** An object opened for reading, or gone: deleted (or replaced) between its notification and the read. */
export type OpenedObject =
  | {
      readonly kind: 'found';
      /** The stored bytes as they arrive (compressed or not); read once, front to back. */
      readonly body: AsyncIterable<Uint8Array>;
      /** Stored size in bytes, when the store reports it. */
      readonly size?: number;
      /** When the store accepted the object; the arrival time for lag measurement. */
      readonly lastModified?: Date;
    }
  | { readonly kind: 'gone' };

/** Reads stored objects as byte streams. "Gone" is an expected outcome; other failures throw. */
export interface ObjectSource {
  open(ref: ObjectRef): Promise<OpenedObject>;
}

/** `s3://bucket/key` (and `?versionId=` when known): how evidence and rejections name their object. */
export function objectLabel(ref: ObjectRef): string {
  return `s3://${ref.bucket}/${ref.key}${ref.versionId ? `?versionId=${ref.versionId}` : ''}`;
}
