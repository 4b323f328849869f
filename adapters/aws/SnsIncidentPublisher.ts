import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { nodeKey } from '../../domain/event/NormalisedEvent';
import { safeNodeLabel } from '../../domain/incident/safeNodeLabel';
import type { IncidentNotification, IncidentPublisher } from '../../domain/ports/IncidentPublisher';

/** SNS accepts 256 KiB per message; the JSON envelope repeats the email text, so it gets at most this much. */
const MAX_EMAIL_CHARS = 100 * 1024;

/**
 * Publishes alerts to an SNS topic with `MessageStructure: 'json'`: email subscribers get the full text,
 * SMS subscribers the one-segment text, anything else (SQS, HTTPS) the full text as `default`. Message
 * attributes `ruleId`, `node`, `severity`, `incidentId`, `notificationKind` (incident | resolved) and
 * `kind` (alert | resolution, what the stack's SMS filter policy matches) let subscriptions filter;
 * the node is reduced to a plain lower-case host name, since it comes from log content.
 */
export class SnsIncidentPublisher implements IncidentPublisher {
  constructor(
    readonly destination: string,
    private readonly client: SNSClient = new SNSClient({}),
  ) {}

  async publish(notification: IncidentNotification): Promise<{ messageId: string }> {
    const email = cutToSize(notification.email, MAX_EMAIL_CHARS);
    const response = await this.client.send(
      new PublishCommand({
        TopicArn: this.destination,
        Subject: notification.subject,
        MessageStructure: 'json',
        Message: JSON.stringify({ default: email, email, sms: notification.sms }),
        MessageAttributes: {
          ruleId: { DataType: 'String', StringValue: notification.ruleId },
          node: { DataType: 'String', StringValue: nodeKey(safeNodeLabel(notification.node, 253)) },
          severity: { DataType: 'String', StringValue: notification.severity },
          incidentId: { DataType: 'String', StringValue: notification.incidentId },
          notificationKind: { DataType: 'String', StringValue: notification.kind },
          kind: {
            DataType: 'String',
            StringValue: notification.kind === 'resolved' ? 'resolution' : 'alert',
          },
        },
      }),
    );
    if (!response.MessageId) throw new Error(`SNS Publish to ${this.destination} returned no MessageId`);
    return { messageId: response.MessageId };
  }
}

function cutToSize(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 40)}\n[message cut to fit the SNS size limit]\n`;
}
