import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { PublishCommandInput, SNSClient } from '@aws-sdk/client-sns';
import type { SentNotification } from '../../domain/ports/IncidentPublisher';
import { UNFINISHED_SUFFIX, writeFileWhole } from '../node/writeFileWhole';

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
  /** Notification ids of every message in the folder, from earlier runs too, with when each was written. */
  private readonly sentIds = new Map<string, SentNotification>();

  constructor(
    readonly directory: string,
    private readonly onMessage?: (entry: OutboxEntry) => void,
  ) {}

  /** Messages written so far, oldest first. */
  get entries(): readonly OutboxEntry[] {
    return this.written;
  }

  /**
   * Creates the folder and learns which alerts it already holds. Returns the files it could not read
   * (an interrupted write): the alerts in them are not known as sent, so they may be sent again.
   */
  async open(): Promise<string[]> {
    await mkdir(this.directory, { recursive: true });
    const unreadable: string[] = [];
    const names = (await readdir(this.directory)).sort();
    for (const name of names.filter((n) => n.endsWith(UNFINISHED_SUFFIX))) {
      // A run killed while writing: the alert is not known as sent; the file is named, then cleared away.
      unreadable.push(join(this.directory, name));
      await rm(join(this.directory, name), { force: true });
    }
    for (const name of names.filter((n) => n.endsWith('.json'))) {
      const message = await readFile(join(this.directory, name), 'utf8')
        .then((text) => JSON.parse(text) as OutboxMessage)
        .catch(() => undefined);
      if (message) this.remember(message, name);
      else unreadable.push(join(this.directory, name));
    }
    return unreadable;
  }

  /** The alert with this notification id, if this folder holds it: it was sent, by this run or an earlier one. */
  sent(notificationId: string): SentNotification | undefined {
    return this.sentIds.get(notificationId);
  }

  private remember(message: OutboxMessage, file: string): void {
    const incidentId = message.messageAttributes?.incidentId?.StringValue;
    const kind = message.messageAttributes?.notificationKind?.StringValue;
    if (!incidentId || !kind) return;
    this.sentIds.set(`${incidentId}#${kind}`, {
      messageId: `outbox:${file}`,
      destination: message.topicArn ?? '',
      sentAt: new Date().toISOString(),
    });
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
    await writeFileWhole(file, `${JSON.stringify(message, null, 2)}\n`);
    const entry = { file, message };
    this.written.push(entry);
    this.remember(message, name);
    this.onMessage?.(entry);
  }
}
