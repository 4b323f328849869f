import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { ContinuationRequest } from '../../domain/ingest/parseIngestMessage';

/**
 * Re-enqueues the rest of an object that one invocation could not finish: a message
 * `{ "continuation": { bucket, key, versionId, resumeAtByte } }` to the ingest queue itself.
 * `useQueueUrlAsEndpoint` is off so the client's endpoint (AWS_ENDPOINT_URL_SQS locally) is used as is.
 */
export class SqsContinuationQueue {
  constructor(
    private readonly queueUrl: string,
    private readonly client: SQSClient = new SQSClient({ useQueueUrlAsEndpoint: false }),
  ) {}

  async enqueue(continuation: ContinuationRequest): Promise<void> {
    await this.client.send(
      new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify({ continuation }) }),
    );
  }
}
