import type { Severity } from '../rules/CompiledRule';

/** One alert, rendered once when it was decided, so that every retry sends the same text. */
export interface IncidentNotification {
  /** Deterministic: `<incidentId>#incident` or `<incidentId>#resolved`. The exactly-once key. */
  readonly notificationId: string;
  readonly kind: 'incident' | 'resolved';
  readonly incidentId: string;
  readonly ruleId: string;
  readonly node: string;
  readonly severity: Severity;
  readonly subject: string;
  readonly email: string;
  readonly sms: string;
}

/** Where and when an alert went out. */
export interface SentNotification {
  readonly messageId: string;
  readonly destination: string;
  readonly sentAt: string;
}

/** Sends alerts (SNS in AWS). Failures throw; the caller retries through its outbox. */
export interface IncidentPublisher {
  /** The topic (or other destination) alerts go to, recorded in the audit trail. */
  readonly destination: string;
  publish(notification: IncidentNotification): Promise<{ readonly messageId: string }>;
}
