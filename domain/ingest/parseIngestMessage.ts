/** One object to read, as a notification named it (key already decoded). */
export interface ObjectCreated {
  readonly kind: 'object-created';
  readonly bucket: string;
  readonly key: string;
  /**
   * The key exactly as delivered, when decoding changed it and the delivery's encoding is uncertain
   * (EventBridge): read this one if the decoded key is not found.
   */
  readonly undecodedKey?: string;
  readonly versionId?: string;
  readonly size?: number;
  readonly eventTime?: string;
  readonly sequencer?: string;
}

/** The rest of an object an earlier invocation stopped reading (our own message to the ingest queue). */
export interface ContinuationRequest {
  readonly bucket: string;
  readonly key: string;
  readonly versionId?: string;
  readonly resumeAtByte: number;
}

export type IngestWorkItem = ObjectCreated | ({ readonly kind: 'continuation' } & ContinuationRequest);

export type ParsedIngestMessage =
  | { readonly kind: 'work'; readonly items: readonly IngestWorkItem[]; readonly ignored: readonly string[] }
  /** Nothing to do, on purpose: a test event, a non-create event. */
  | { readonly kind: 'ignored'; readonly reason: string }
  /** Not a shape this function understands: a fault (the message goes to the dead-letter queue). */
  | { readonly kind: 'invalid'; readonly reason: string };

/**
 * Understands every body the ingest queue receives: an S3 event notification (`Records[]`), the
 * `s3:TestEvent` sent when a notification is configured, either of those wrapped in an SNS envelope, an
 * EventBridge "Object Created" event, and this function's own continuation messages. S3 notification
 * keys are form-URL-encoded (`+` for spaces), so they are decoded here, once.
 */
export function parseIngestMessage(body: string): ParsedIngestMessage {
  const value = parseJson(body);
  if (!isRecord(value)) return { kind: 'invalid', reason: 'body is not a JSON object' };
  return parseValue(value, 0);
}

function parseValue(value: Record<string, unknown>, depth: number): ParsedIngestMessage {
  if (value.Event === 's3:TestEvent') return { kind: 'ignored', reason: 's3:TestEvent' };
  if (Array.isArray(value.Records)) return parseS3Notification(value.Records);
  if (value.Type === 'Notification' && typeof value.Message === 'string' && depth === 0) {
    const inner = parseJson(value.Message);
    if (!isRecord(inner)) return { kind: 'invalid', reason: 'SNS Message is not a JSON object' };
    return parseValue(inner, depth + 1);
  }
  if (value.source === 'aws.s3' && typeof value['detail-type'] === 'string') return parseEventBridge(value);
  if (isRecord(value.continuation)) return parseContinuation(value.continuation);
  return { kind: 'invalid', reason: 'not an S3 notification, EventBridge S3 event or continuation' };
}

function parseS3Notification(records: readonly unknown[]): ParsedIngestMessage {
  const items: IngestWorkItem[] = [];
  const ignored: string[] = [];
  for (const record of records) {
    if (!isRecord(record) || !isRecord(record.s3))
      return { kind: 'invalid', reason: 'Records[] entry without s3' };
    const eventName = text(record.eventName) ?? '';
    const bucket = isRecord(record.s3.bucket) ? text(record.s3.bucket.name) : undefined;
    const object = isRecord(record.s3.object) ? record.s3.object : undefined;
    const rawKey = object ? text(object.key) : undefined;
    if (!bucket || !object || rawKey === undefined) {
      return { kind: 'invalid', reason: 'Records[].s3 without bucket.name or object.key' };
    }
    if (!eventName.startsWith('ObjectCreated:')) {
      ignored.push(`${eventName || 'unnamed event'} for ${rawKey}`);
      continue;
    }
    items.push({
      kind: 'object-created',
      bucket,
      key: decodeFormKey(rawKey),
      versionId: text(object.versionId),
      size: typeof object.size === 'number' ? object.size : undefined,
      eventTime: text(record.eventTime),
      sequencer: text(object.sequencer),
    });
  }
  if (items.length === 0) return { kind: 'ignored', reason: ignored.join('; ') || 'no records' };
  return { kind: 'work', items, ignored };
}

function parseEventBridge(value: Record<string, unknown>): ParsedIngestMessage {
  const detailType = value['detail-type'];
  if (detailType !== 'Object Created')
    return { kind: 'ignored', reason: `EventBridge ${String(detailType)}` };
  const detail = isRecord(value.detail) ? value.detail : undefined;
  const bucket = detail && isRecord(detail.bucket) ? text(detail.bucket.name) : undefined;
  const object = detail && isRecord(detail.object) ? detail.object : undefined;
  const rawKey = object ? text(object.key) : undefined;
  if (!bucket || !object || rawKey === undefined) {
    return { kind: 'invalid', reason: 'EventBridge detail without bucket.name or object.key' };
  }
  const key = decodeFormKey(rawKey);
  return {
    kind: 'work',
    ignored: [],
    items: [
      {
        kind: 'object-created',
        bucket,
        key,
        ...(key === rawKey ? {} : { undecodedKey: rawKey }),
        versionId: text(object['version-id']),
        size: typeof object.size === 'number' ? object.size : undefined,
        eventTime: text(value.time),
        sequencer: text(object.sequencer),
      },
    ],
  };
}

function parseContinuation(value: Record<string, unknown>): ParsedIngestMessage {
  const bucket = text(value.bucket);
  const key = text(value.key);
  const resumeAtByte = value.resumeAtByte;
  if (
    !bucket ||
    key === undefined ||
    typeof resumeAtByte !== 'number' ||
    !Number.isSafeInteger(resumeAtByte)
  ) {
    return { kind: 'invalid', reason: 'continuation needs bucket, key and a whole resumeAtByte' };
  }
  return {
    kind: 'work',
    ignored: [],
    items: [{ kind: 'continuation', bucket, key, versionId: text(value.versionId), resumeAtByte }],
  };
}

/** S3 notification keys are form-encoded: `+` is a space and `%2B` a plus. Malformed escapes stay as they are. */
export function decodeFormKey(key: string): string {
  try {
    return decodeURIComponent(key.replace(/\+/g, '%20'));
  } catch {
    return key;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
