import type { SentNotification } from './IncidentPublisher';

/** The outcome of asking to send one notification. */
export type NotificationClaim =
  /** This caller may publish now; `token` proves the claim when marking or releasing it. */
  | { readonly kind: 'claimed'; readonly token: string }
  /** Someone published it already: do not send it again. */
  | { readonly kind: 'published'; readonly sent: SentNotification }
  /** Another caller holds an unexpired lease and is publishing it right now. */
  | { readonly kind: 'busy'; readonly leaseUntilMs: number };

/**
 * Remembers which notifications were sent, one record per notification id, so that an alert decided once
 * is published once: claim (conditional create, or take over an expired lease), publish, mark published.
 */
export interface NotificationLedger {
  claim(notificationId: string, leaseMs: number, nowMs: number): Promise<NotificationClaim>;
  markPublished(notificationId: string, token: string, sent: SentNotification): Promise<void>;
  /** Gives a claim back after a failed publish, so a retry need not wait for the lease to expire. */
  release(notificationId: string, token: string): Promise<void>;
}
