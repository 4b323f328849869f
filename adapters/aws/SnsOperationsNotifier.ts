import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { OperationsMessage, OperationsNotifier } from '../../domain/ports/OperationsNotifier';

/** SNS's limit on a subject: printable ASCII, under 100 characters. */
const MAX_SUBJECT = 99;

/** Publishes operational messages to the operations topic, as plain text with a subject. */
export class SnsOperationsNotifier implements OperationsNotifier {
  constructor(
    private readonly topicArn: string,
    private readonly client: SNSClient = new SNSClient({}),
  ) {}

  async notify(message: OperationsMessage): Promise<void> {
    const subject = message.subject.replace(/[^\x20-\x7E]/g, '?');
    await this.client.send(
      new PublishCommand({
        TopicArn: this.topicArn,
        Subject: subject.length <= MAX_SUBJECT ? subject : `${subject.slice(0, MAX_SUBJECT - 3)}...`,
        Message: message.text,
      }),
    );
  }
}
