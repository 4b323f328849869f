import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSMessageAttributes, SQSRecord } from 'aws-lambda';
import { createLambdaContext, type LocalFunctionSettings } from './createLambdaContext';

export type SqsTriggeredHandler = (
  event: SQSEvent,
  context: Context,
) => Promise<SQSBatchResponse | undefined>;

/** What happened to one batch. */
export interface BatchReport {
  readonly records: readonly SQSRecord[];
  /** Message ids left on the queue for redelivery (after the visibility timeout). */
  readonly failedIds: ReadonlySet<string>;
  /** Set when the invocation itself failed: every message of the batch is delivered again. */
  readonly invocationError?: Error;
  readonly durationMs: number;
}

export interface SqsEventSourceOptions {
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly handler: SqsTriggeredHandler;
  readonly function: LocalFunctionSettings;
  /** @default 10, the stack's batch size */
  readonly batchSize?: number;
  /** Long-poll wait of each receive; also how long `stop` may take. @default 1 */
  readonly waitTimeSeconds?: number;
  readonly onBatch?: (report: BatchReport) => void;
  readonly onError?: (error: Error) => void;
}

/**
 * Does locally what Lambda's SQS event source mapping does with `reportBatchItemFailures`: receives up to
 * `batchSize` messages, invokes the handler with them as an SQSEvent and a context whose deadline is the
 * function's timeout, deletes the messages that succeeded, and leaves the ones named in
 * `batchItemFailures` (all of them when the invocation throws) to come back after the visibility
 * timeout; the queue's redrive policy moves a message to the dead-letter queue after its last receive.
 * One batch at a time (Lambda may run several concurrently).
 */
export class SqsEventSource {
  private running = false;
  private loop: Promise<void> | undefined;
  private abort = new AbortController();

  constructor(private readonly options: SqsEventSourceOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.abort = new AbortController();
    this.loop = this.poll();
  }

  /** Stops receiving and waits for the batch in progress, if any, to finish. */
  async stop(): Promise<void> {
    this.running = false;
    this.abort.abort();
    await this.loop;
  }

  private async poll(): Promise<void> {
    const { sqs, queueUrl } = this.options;
    while (this.running) {
      let messages: Message[];
      try {
        const response = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: this.options.batchSize ?? 10,
            WaitTimeSeconds: this.options.waitTimeSeconds ?? 1,
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
          { abortSignal: this.abort.signal },
        );
        messages = response.Messages ?? [];
      } catch (error) {
        if (!this.running) return;
        this.options.onError?.(error as Error);
        await new Promise((resolve) => setTimeout(resolve, 1000));
        continue;
      }
      if (messages.length > 0) await this.invoke(messages);
    }
  }

  private async invoke(messages: readonly Message[]): Promise<void> {
    const records = messages.map((m) => toSqsRecord(m, this.options.queueArn, this.options.function.region));
    const startedAt = Date.now();
    let failedIds: Set<string>;
    let invocationError: Error | undefined;
    try {
      const response = await this.options.handler(
        { Records: records },
        createLambdaContext(this.options.function),
      );
      failedIds = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
      // Lambda fails the whole batch when a reported id is not one of the batch's messages.
      if ([...failedIds].some((id) => !records.some((r) => r.messageId === id))) {
        failedIds = new Set(records.map((r) => r.messageId));
      }
    } catch (error) {
      invocationError = error as Error;
      failedIds = new Set(records.map((r) => r.messageId));
    }
    const succeeded = records.filter((r) => !failedIds.has(r.messageId));
    if (succeeded.length > 0) {
      try {
        await this.options.sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: this.options.queueUrl,
            Entries: succeeded.map((r, i) => ({ Id: String(i), ReceiptHandle: r.receiptHandle })),
          }),
        );
      } catch (error) {
        this.options.onError?.(error as Error);
      }
    }
    this.options.onBatch?.({ records, failedIds, invocationError, durationMs: Date.now() - startedAt });
  }
}

function toSqsRecord(message: Message, queueArn: string, region: string): SQSRecord {
  const attributes = message.Attributes ?? {};
  const messageAttributes: SQSMessageAttributes = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    messageAttributes[name] = {
      dataType: value.DataType ?? 'String',
      stringValue: value.StringValue,
      binaryValue: value.BinaryValue ? Buffer.from(value.BinaryValue).toString('base64') : undefined,
      stringListValues: [],
      binaryListValues: [],
    };
  }
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
      SenderId: attributes.SenderId ?? 'AIDAIENQZJOLO23YVJ4VO',
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    },
    messageAttributes,
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}
