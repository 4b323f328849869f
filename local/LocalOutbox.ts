import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PublishCommandInput, SNSClient } from '@aws-sdk/client-sns';

/** One published SNS message as sent: the PublishCommand input, keys in camel case. */
export interface OutboxMessage {
  readonly topicArn: string | undefined;
  readonly subject: string | undefined;
  readonly message: string | undefined;
  readonly messageStructure: string | undefined;
  readonly messageAttributes: PublishCommandInput['MessageAttributes'];
}

/** A message written to the outbox, and where. */
export interface OutboxEntry {
  readonly file: string;
  readonly message: OutboxMessage;
}

/**
 * Keeps every message an SNS client publishes, one JSON file per message in `directory`, named
 * `<UTC time>-<sequence>-<incidentId>-<notificationKind>.json` so that name order is publication order. Attached as SDK
 * middleware, so it sees exactly what the adapter sends and only what SNS accepted.
 */
export class LocalOutbox {
  private sequence = 0;
  private readonly written: OutboxEntry[] = [];

  constructor(
    readonly directory: string,
    private readonly onMessage?: (entry: OutboxEntry) => void,
  ) {}

  /** Messages written so far, oldest first. */
  get entries(): readonly OutboxEntry[] {
    return this.written;
  }

  async open(): Promise<void> {
    await mkdir(this.directory, { recursive: true });
  }

  /** Records every successful Publish of this client from now on. */
  attach(client: SNSClient): void {
    const write = (input: PublishCommandInput): Promise<void> => this.write(input);
    client.middlewareStack.add(
      (next, context) =>
        async function recordPublishInOutbox(args) {
          const result = await next(args);
          if (context.commandName === 'PublishCommand') await write(args.input as PublishCommandInput);
          return result;
        },
      { step: 'initialize', name: 'localOutbox', override: true },
    );
  }

  private async write(input: PublishCommandInput): Promise<void> {
    const message: OutboxMessage = {
      topicArn: input.TopicArn,
      subject: input.Subject,
      message: input.Message,
      messageStructure: input.MessageStructure,
      messageAttributes: input.MessageAttributes,
    };
    this.sequence += 1;
    const time = new Date().toISOString().replace(/[:.]/g, '-');
    const label = [input.MessageAttributes?.incidentId, input.MessageAttributes?.notificationKind]
      .flatMap((attribute) => (attribute?.StringValue ? [attribute.StringValue] : []))
      .map((part) => `-${part.replace(/[^A-Za-z0-9_-]/g, '_')}`)
      .join('');
    const name = `${time}-${String(this.sequence).padStart(6, '0')}${label}.json`;
    const file = join(this.directory, name);
    await writeFile(file, `${JSON.stringify(message, null, 2)}\n`);
    const entry = { file, message };
    this.written.push(entry);
    this.onMessage?.(entry);
  }
}
