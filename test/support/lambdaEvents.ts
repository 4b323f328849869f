import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';

const NOTIFICATIONS = join(__dirname, '..', 'fixtures', 'notifications');

/** A notification fixture (copied from real deliveries, see formats README section 7) as text. */
export function notificationFixture(name: string): string {
  return readFileSync(join(NOTIFICATIONS, `${name}.json`), 'utf8');
}

/** S3 form-encodes keys in notifications: spaces become '+', a literal '+' becomes '%2B', '(' becomes '%28'. */
export function formEncodeKey(key: string): string {
  return encodeURIComponent(key)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+')
    .replace(/%2F/g, '/');
}

/** The real S3 ObjectCreated:Put notification fixture, pointed at another bucket and (decoded) key. */
export function s3ObjectCreated(bucket: string, key: string, size: number): string {
  const notification = JSON.parse(notificationFixture('s3-object-created-put'));
  const record = notification.Records[0];
  record.s3.bucket.name = bucket;
  record.s3.bucket.arn = `arn:aws:s3:::${bucket}`;
  record.s3.object.key = formEncodeKey(key);
  record.s3.object.size = size;
  record.s3.object.versionId = undefined;
  record.s3.object.eTag = createHash('md5').update(key).digest('hex');
  return JSON.stringify(notification);
}

/** SQS records as Lambda receives them from the ingest queue. */
export function sqsEvent(bodies: readonly string[]): SQSEvent {
  return { Records: bodies.map(sqsRecord) };
}

export function sqsRecord(body: string): SQSRecord {
  return {
    messageId: randomUUID(),
    receiptHandle: `AQEB${randomUUID().replace(/-/g, '')}`,
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: String(Date.now()),
      SenderId: 'AIDAIENQZJOLO23YVJ4VO',
      ApproximateFirstReceiveTimestamp: String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: createHash('md5').update(body).digest('hex'),
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:ingest',
    awsRegion: 'us-east-1',
  };
}

/** A Lambda context whose deadline is `remainingMs` from now. */
export function lambdaContext(remainingMs = 300_000): Context {
  const deadline = Date.now() + remainingMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'winlog-correlator-ingest',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:winlog-correlator-ingest',
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: '/aws/lambda/winlog-correlator-ingest',
    logStreamName: '2024/03/14/[$LATEST]0123456789abcdef',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
