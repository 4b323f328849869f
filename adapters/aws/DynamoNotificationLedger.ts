import { randomUUID } from 'node:crypto';
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { SentNotification } from '../../domain/ports/IncidentPublisher';
import type { NotificationClaim, NotificationLedger } from '../../domain/ports/NotificationLedger';

/** Sent-alert records outlive any state item that could decide the same alert again. */
const PUBLISHED_RETENTION_SECONDS = 90 * 86_400;
const CLAIM_RETENTION_SECONDS = 15 * 86_400;
const CLAIM_ATTEMPTS = 3;

/**
 * The notification ledger in the state table, one item per alert: `pk = NOTIFY#<notificationId>`,
 * `sk = NOTIFY`, `status` claimed or published. A claim is a conditional put that succeeds only if no
 * record exists or the existing claim's lease has run out; publishing is recorded with the message id.
 */
export class DynamoNotificationLedger implements NotificationLedger {
  constructor(
    private readonly tableName: string,
    private readonly client: DynamoDBClient = new DynamoDBClient({}),
  ) {}

  async claim(notificationId: string, leaseMs: number, nowMs: number): Promise<NotificationClaim> {
    for (let attempt = 1; attempt <= CLAIM_ATTEMPTS; attempt++) {
      const token = randomUUID();
      try {
        await this.client.send(
          new PutItemCommand({
            TableName: this.tableName,
            Item: {
              ...this.key(notificationId),
              status: { S: 'claimed' },
              token: { S: token },
              leaseUntil: { N: String(nowMs + leaseMs) },
              expiresAt: { N: String(Math.ceil(nowMs / 1000) + CLAIM_RETENTION_SECONDS) },
            },
            ConditionExpression: 'attribute_not_exists(pk) OR (#status = :claimed AND #leaseUntil < :now)',
            ExpressionAttributeNames: { '#status': 'status', '#leaseUntil': 'leaseUntil' },
            ExpressionAttributeValues: { ':claimed': { S: 'claimed' }, ':now': { N: String(nowMs) } },
          }),
        );
        return { kind: 'claimed', token };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
      const { Item } = await this.client.send(
        new GetItemCommand({
          TableName: this.tableName,
          Key: this.key(notificationId),
          ConsistentRead: true,
        }),
      );
      if (!Item) continue; // released in between: claim again
      if (Item.status?.S === 'published') {
        return {
          kind: 'published',
          sent: {
            messageId: Item.messageId?.S ?? '',
            destination: Item.destination?.S ?? '',
            sentAt: Item.sentAt?.S ?? '',
          },
        };
      }
      const leaseUntilMs = Number(Item.leaseUntil?.N ?? '0');
      if (leaseUntilMs >= nowMs) return { kind: 'busy', leaseUntilMs };
    }
    return { kind: 'busy', leaseUntilMs: nowMs };
  }

  async markPublished(notificationId: string, _token: string, sent: SentNotification): Promise<void> {
    // Unconditional: even if this caller's lease ran out meanwhile, the alert did go out.
    await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: this.key(notificationId),
        UpdateExpression:
          'SET #status = :published, #messageId = :messageId, #destination = :destination, #sentAt = :sentAt, #expiresAt = :expiresAt REMOVE #leaseUntil',
        ExpressionAttributeNames: {
          '#status': 'status',
          '#messageId': 'messageId',
          '#destination': 'destination',
          '#sentAt': 'sentAt',
          '#expiresAt': 'expiresAt',
          '#leaseUntil': 'leaseUntil',
        },
        ExpressionAttributeValues: {
          ':published': { S: 'published' },
          ':messageId': { S: sent.messageId },
          ':destination': { S: sent.destination },
          ':sentAt': { S: sent.sentAt },
          ':expiresAt': {
            N: String(Math.ceil(Date.parse(sent.sentAt) / 1000) + PUBLISHED_RETENTION_SECONDS),
          },
        },
      }),
    );
  }

  async release(notificationId: string, token: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteItemCommand({
          TableName: this.tableName,
          Key: this.key(notificationId),
          ConditionExpression: '#status = :claimed AND #token = :token',
          ExpressionAttributeNames: { '#status': 'status', '#token': 'token' },
          ExpressionAttributeValues: { ':claimed': { S: 'claimed' }, ':token': { S: token } },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  private key(notificationId: string) {
    return { pk: { S: `NOTIFY#${notificationId}` }, sk: { S: 'NOTIFY' } };
  }
}
