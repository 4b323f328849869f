import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { S3Event } from 'aws-lambda';
import type { S3rverEvent } from '../../adapters/local/stand-ins/startLocalS3';
import { type S3NotificationFilter, toS3Notification } from '../../adapters/local/toS3Notification';

/**
 * Plays the raw bucket's event notification: each matching S3 event becomes one message on the ingest
 * queue whose body is the notification JSON, as S3 delivers it to SQS. Sending is asynchronous; `settled`
 * waits for every send started so far.
 */
export class S3NotificationForwarder {
  private readonly inFlight = new Set<Promise<void>>();
  private sent = 0;

  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
    private readonly filter: S3NotificationFilter,
    private readonly listener: {
      forwarded?(notification: S3Event): void;
      failed?(error: Error): void;
    } = {},
  ) {}

  /** Messages sent to the queue so far. */
  get forwarded(): number {
    return this.sent;
  }

  /** Takes an s3rver event; call it from the server's event listener. */
  forward(event: S3rverEvent): void {
    const notification = toS3Notification(event, this.filter);
    if (!notification) return;
    const sending = this.sqs
      .send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(notification) }))
      .then(
        () => {
          this.sent += 1;
          this.listener.forwarded?.(notification);
        },
        (error: unknown) => this.listener.failed?.(error as Error),
      )
      .finally(() => this.inFlight.delete(sending));
    this.inFlight.add(sending);
  }

  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }
}
