import type { SentNotification } from '../../domain/ports/IncidentPublisher';
import type { NotificationClaim, NotificationLedger } from '../../domain/ports/NotificationLedger';

/**
 * The notification ledger, answered first from the local outbox folder: an alert whose file is there
 * was sent, whatever the DynamoDB stand-in's data says. So a damaged or reset data folder, or a kill
 * between SNS accepting an alert and the ledger recording it, cannot send an alert twice locally.
 */
export class OutboxCheckedLedger implements NotificationLedger {
  constructor(
    private readonly ledger: NotificationLedger,
    private readonly sent: (notificationId: string) => SentNotification | undefined,
  ) {}

  async claim(notificationId: string, leaseMs: number, nowMs: number): Promise<NotificationClaim> {
    const sent = this.sent(notificationId);
    if (sent) return { kind: 'published', sent };
    return this.ledger.claim(notificationId, leaseMs, nowMs);
  }

  markPublished(notificationId: string, token: string, sent: SentNotification): Promise<void> {
    return this.ledger.markPublished(notificationId, token, sent);
  }

  release(notificationId: string, token: string): Promise<void> {
    return this.ledger.release(notificationId, token);
  }
}
