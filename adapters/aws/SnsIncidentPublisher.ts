import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { nodeKey } from '../../domain/event/NormalisedEvent';
import { safeNodeLabel } from '../../domain/incident/safeNodeLabel';
import type { IncidentNotification, IncidentPublisher } from '../../domain/ports/IncidentPublisher';

/**
 * SNS accepts 256 KiB of UTF-8 per message, attributes included; the envelope holds the email text twice.
 * Counted in bytes of the envelope as sent: a cap of 100 Ki characters let a Chinese-locale server's
 * messages (three bytes a character) through at 600 KiB, which SNS refused on every retry.
 */
const MAX_ENVELOPE_BYTES = 248 * 1024;
const CUT_NOTE = '\n[message cut to fit the SNS size limit]\n';

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
    const response = await this.client.send(
      new PublishCommand({
        TopicArn: this.destination,
        Subject: notification.subject,
        MessageStructure: 'json',
        Message: envelope(notification.email, notification.sms),
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

/** The JSON message structure, its email text cut (and marked) until the whole fits `MAX_ENVELOPE_BYTES`. */
export function envelope(email: string, sms: string): string {
  let text = email;
  for (;;) {
    const json = JSON.stringify({ default: text, email: text, sms });
    const bytes = Buffer.byteLength(json, 'utf8');
    if (bytes <= MAX_ENVELOPE_BYTES) return json;
    // Shrink in proportion to the excess, and a little more, so that the next pass is nearly always the last.
    const keep = Math.floor(text.length * (MAX_ENVELOPE_BYTES / bytes) * 0.95) - CUT_NOTE.length;
    text = `${withoutHalfPair(email.slice(0, Math.max(0, keep)))}${CUT_NOTE}`;
  }
}

/** A cut between the two halves of a surrogate pair would leave half a character. */
function withoutHalfPair(text: string): string {
  const last = text.charCodeAt(text.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? text.slice(0, -1) : text;
}
