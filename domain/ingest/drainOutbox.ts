import { type AuditEntry, withNotification } from '../audit/toAuditRecords';
import type { CorrelationOptions } from '../correlation/applyMatch';
import type { AuditTrail } from '../ports/AuditTrail';
import type { CorrelationStore, Outbox, StoredCorrelation } from '../ports/CorrelationStore';
import type { IncidentNotification, IncidentPublisher, SentNotification } from '../ports/IncidentPublisher';
import type { NotificationLedger } from '../ports/NotificationLedger';
import type { OperationalLog } from '../ports/OperationalLog';
import type { CompiledRule } from '../rules/CompiledRule';
import { retentionMs } from './settleMatches';

export interface DrainOptions {
  readonly store: CorrelationStore;
  readonly publisher: IncidentPublisher;
  readonly ledger: NotificationLedger;
  readonly auditTrail: AuditTrail;
  readonly correlation: CorrelationOptions;
  readonly clock: () => Date;
  readonly log: OperationalLog;
  /** How long a claim protects a publish in progress; far below the queue's visibility timeout. */
  readonly publishLeaseMs: number;
  readonly maxAttempts: number;
}

export interface DrainResult {
  /** Alerts this call sent. */
  readonly published: readonly IncidentNotification[];
  /** Alerts left in the outbox (another caller is sending them). */
  readonly left: number;
  /** The outbox was seen empty after this call's last save: its writer's mark may go. */
  readonly emptied: boolean;
}

/**
 * Carries out a state item's outbox: writes its audit records, then sends each alert once through the
 * ledger (claim, publish, mark published) and records it, then removes what was done from the item.
 * Every step is idempotent, so a crash anywhere is repaired by the next load of the same rule and node
 * (the retried message), with one exception, the at-least-once window:
 *
 *   a crash after SNS accepted a Publish and before `markPublished` stored that fact leaves a claim
 *   that was never marked; once its lease has expired, the retry claims it again and publishes the
 *   alert a second time. SNS standard topics (the only kind with email and SMS subscribers) have no
 *   publish idempotency key, so this window cannot be closed; it is as short as one DynamoDB write.
 *
 * A failed Publish releases the claim and throws, so the message is retried and nothing is lost.
 */
export async function drainOutbox(
  rule: CompiledRule,
  settled: StoredCorrelation,
  options: DrainOptions,
): Promise<DrainResult> {
  const { outbox } = settled;
  if (isEmpty(outbox)) return { published: [], left: 0, emptied: true };
  await options.auditTrail.write(outbox.audit);

  const published: IncidentNotification[] = [];
  const done = new Set<string>();
  const waiting = new Set<string>();
  for (const pending of outbox.notifications) {
    const { notification } = pending;
    // Never send an incident's resolution before its opening alert.
    if (waiting.has(notification.incidentId)) continue;
    const claim = await options.ledger.claim(
      notification.notificationId,
      options.publishLeaseMs,
      options.clock().getTime(),
    );
    if (claim.kind === 'busy') {
      waiting.add(notification.incidentId);
      options.log.info('alert is being sent by another invocation', {
        notificationId: notification.notificationId,
      });
      continue;
    }
    let sent: SentNotification;
    if (claim.kind === 'published') {
      sent = claim.sent;
    } else {
      let messageId: string;
      try {
        ({ messageId } = await options.publisher.publish(notification));
      } catch (error) {
        await options.ledger
          .release(notification.notificationId, claim.token)
          .catch((releaseError: unknown) => {
            options.log.warn('could not release alert claim; a retry waits for its lease', {
              notificationId: notification.notificationId,
              error: String(releaseError),
            });
          });
        throw error;
      }
      sent = { messageId, destination: options.publisher.destination, sentAt: options.clock().toISOString() };
      // At-least-once window (see above): a crash here publishes this alert again on retry.
      await options.ledger.markPublished(notification.notificationId, claim.token, sent);
      published.push(notification);
    }
    await options.auditTrail.write([withNotification(pending.audit, notification, sent)]);
    done.add(notification.notificationId);
  }

  const written = new Set(outbox.audit.map((entry) => entry.identity));
  const emptied = await removeDone(rule, settled, written, done, options);
  return { published, left: outbox.notifications.length - done.size, emptied };
}

/**
 * Removes finished work from the item; on conflict reloads and removes it there. Best effort: true when
 * the outbox it leaves is empty.
 */
async function removeDone(
  rule: CompiledRule,
  settled: StoredCorrelation,
  writtenAudit: ReadonlySet<string>,
  sentNotifications: ReadonlySet<string>,
  options: DrainOptions,
): Promise<boolean> {
  let current = settled;
  for (let attempt = 1; attempt <= options.maxAttempts; attempt++) {
    const outbox: Outbox = {
      audit: current.outbox.audit.filter((entry: AuditEntry) => !writtenAudit.has(entry.identity)),
      notifications: current.outbox.notifications.filter(
        (pending) => !sentNotifications.has(pending.notification.notificationId),
      ),
    };
    if (
      outbox.audit.length === current.outbox.audit.length &&
      outbox.notifications.length === current.outbox.notifications.length
    ) {
      return isEmpty(outbox);
    }
    const now = options.clock().getTime();
    const saved = await options.store.save(
      { state: current.state, outbox, expiresAtMs: now + retentionMs(rule, options.correlation, outbox) },
      current.version,
    );
    if (saved.kind === 'saved') return isEmpty(outbox);
    current = await options.store.load(rule.id, current.state.nodeKey, now);
  }
  options.log.warn(
    'outbox not cleared after concurrent changes; the next load repeats its (idempotent) work',
    {
      ruleId: rule.id,
      nodeKey: settled.state.nodeKey,
    },
  );
  return false;
}

function isEmpty(outbox: Outbox): boolean {
  return outbox.audit.length === 0 && outbox.notifications.length === 0;
}
