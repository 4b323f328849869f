import { type AuditEntry, auditBatch, toAuditRecords } from '../audit/toAuditRecords';
import type { CorrelationOptions } from '../correlation/applyMatch';
import { applyMatches } from '../correlation/applyMatches';
import type { CorrelationState, IncidentState, RuleMatch } from '../correlation/CorrelationState';
import type {
  CorrelationStore,
  Outbox,
  PendingNotification,
  StoredCorrelation,
} from '../ports/CorrelationStore';
import type { MuteReader, NodeMute } from '../ports/MuteStore';
import type { OperationalLog } from '../ports/OperationalLog';
import type { CompiledRule } from '../rules/CompiledRule';
import { decidePaging, type PagingPolicy } from './decidePaging';
import { IngestError } from './IngestError';
import { toPendingNotifications } from './toPendingNotifications';

/** Matches one object brought for one rule on one node: to settle, in time order (see `inSlices`). */
export interface MatchGroup {
  readonly rule: CompiledRule;
  readonly nodeKey: string;
  readonly matches: readonly RuleMatch[];
}

export interface SettleCounts {
  duplicates: number;
  late: number;
  pending: number;
  opened: number;
  evidenceAdded: number;
  resolved: number;
  reopened: number;
  /** Pending matches the store had to drop to keep the item within its size limit. */
  stateOverflow: number;
  /** Incidents opened but not paged because their last evidence was older than `pageWithin`. */
  historical: number;
  /** Incidents opened but not paged because their node was muted (both counts when both held). */
  muted: number;
}

/** The stored item after settling: what `drainOutbox` works from. */
export interface Settled {
  readonly state: CorrelationState;
  readonly outbox: Outbox;
  readonly version: number;
  readonly counts: SettleCounts;
  /** Loads that met a concurrent writer and were re-applied. */
  readonly conflicts: number;
  /** Incidents evicted as final by this settle (they were audited when they changed). */
  readonly finalised: readonly IncidentState[];
  /** Incidents this settle opened without paging (`withheld` says why). */
  readonly notPaged: readonly IncidentState[];
}

export interface SettleOptions {
  readonly store: CorrelationStore;
  readonly correlation: CorrelationOptions;
  readonly clock: () => Date;
  readonly log: OperationalLog;
  readonly maxAttempts: number;
  /** Which incidents are paged; without it every incident is. */
  readonly paging?: PagingPolicy;
  /** Maintenance windows; without it no node is muted. */
  readonly mutes?: MuteReader;
  /** Called before each save that leaves work in the outbox: the caller marks the state if it has not yet. */
  readonly beforeSavingWork?: () => Promise<void>;
}

/** A group's stored state and mute, read together with the other groups' before settling. */
export interface PreloadedGroup {
  readonly stored: StoredCorrelation;
  readonly mute: NodeMute | undefined;
}

const DAY_MS = 86_400_000;
/** An item holding unsent alerts outlives the dead-letter queue's 14 days, so a replay still finds them. */
const OUTBOX_RETENTION_MS = 15 * DAY_MS;
/**
 * Longest an ingest call may run (a Lambda at most 15 minutes; `local` reads even the largest object in
 * far less): a mark older than this belongs to a writer that has stopped.
 */
export const WRITER_LIFETIME_MS = 3_600_000;

/**
 * Applies a group's matches to the stored state of its rule and node and saves the result, together
 * with the alerts and audit records it decided, in one conditional write (the outbox). When another
 * writer saved first, the state is loaded again and the matches re-applied: `applyMatch` skips what the
 * state already holds, so re-applying is safe. A group that changes nothing is not written. The caller
 * marks the group's state for its outbox work (`CorrelationStore.mark`): up front, or in
 * `beforeSavingWork`.
 */
export async function settleMatches(
  group: MatchGroup,
  options: SettleOptions,
  preloaded?: PreloadedGroup,
): Promise<Settled> {
  const { rule, nodeKey } = group;
  for (let attempt = 1; attempt <= options.maxAttempts; attempt++) {
    const now = options.clock();
    const [loaded, mute] =
      attempt === 1 && preloaded
        ? [preloaded.stored, preloaded.mute]
        : await Promise.all([
            options.store.load(rule.id, nodeKey, now.getTime()),
            options.mutes?.activeMute(nodeKey, now.getTime()),
          ]);
    const paging = options.paging ?? { pageWithinMs: undefined };
    const state = loaded.state;
    const counts: SettleCounts = {
      duplicates: 0,
      late: 0,
      pending: 0,
      opened: 0,
      evidenceAdded: 0,
      resolved: 0,
      reopened: 0,
      stateOverflow: 0,
      historical: 0,
      muted: 0,
    };
    const audit: AuditEntry[] = [];
    const notifications: PendingNotification[] = [];
    const notPaged: IncidentState[] = [];
    const evicted = applyMatches(state, rule, group.matches, options.correlation, (changes) => {
      for (const change of changes) {
        countChange(counts, change.kind);
        if (change.kind !== 'incident-opened') continue;
        // Decided once, at detection, and kept with the incident: its audit records and resolution follow it.
        const withheld = decidePaging(change.incident.lastEventMs, now.getTime(), paging, mute);
        if (!withheld) continue;
        change.incident.withheld = withheld;
        notPaged.push(change.incident);
        if (withheld.historical) counts.historical++;
        if (withheld.muted) counts.muted++;
      }
      audit.push(...toAuditRecords(changes, rule, now));
      notifications.push(...toPendingNotifications(changes, rule, now));
    });
    const changed =
      counts.pending +
        counts.opened +
        counts.evidenceAdded +
        counts.resolved +
        counts.reopened +
        evicted.finalised.length +
        evicted.expired >
      0;
    if (!changed)
      return {
        state,
        outbox: loaded.outbox,
        version: loaded.version,
        counts,
        conflicts: attempt - 1,
        finalised: [],
        notPaged: [],
      };

    const batch = auditBatch(rule.id, nodeKey, loaded.version + 1, now);
    const outbox = mergeOutbox(
      loaded.outbox,
      audit.map((entry) => ({ ...entry, batch })),
      notifications,
    );
    const expiresAtMs = now.getTime() + retentionMs(rule, options.correlation, outbox);
    if (outbox.audit.length > 0 || outbox.notifications.length > 0) await options.beforeSavingWork?.();
    const saved = await options.store.save({ state, outbox, expiresAtMs }, loaded.version);
    if (saved.kind === 'saved') {
      counts.stateOverflow += saved.pendingDropped;
      return {
        state,
        outbox,
        version: saved.version,
        counts,
        conflicts: attempt - 1,
        finalised: evicted.finalised,
        notPaged,
      };
    }
    options.log.info('correlation state changed concurrently; re-applying', {
      ruleId: rule.id,
      nodeKey,
      attempt,
    });
  }
  throw new IngestError(
    `correlation state of ${rule.id} on ${nodeKey} kept changing under ${options.maxAttempts} attempts`,
    'STATE_CONFLICT',
  );
}

/** How long a state item stays useful after a write: two windows plus the allowed lateness, plus a day. */
export function retentionMs(rule: CompiledRule, correlation: CorrelationOptions, outbox: Outbox): number {
  return outbox.notifications.length > 0 || outbox.audit.length > 0
    ? outboxRetentionMs(rule, correlation)
    : stateRetentionMs(rule, correlation);
}

/** How long a writer's marks must last: as long as any outbox it saves, counted from its last save. */
export function markRetentionMs(rule: CompiledRule, correlation: CorrelationOptions): number {
  return outboxRetentionMs(rule, correlation) + WRITER_LIFETIME_MS;
}

function stateRetentionMs(rule: CompiledRule, correlation: CorrelationOptions): number {
  return 2 * rule.windowMs + correlation.allowedLatenessMs + DAY_MS;
}

function outboxRetentionMs(rule: CompiledRule, correlation: CorrelationOptions): number {
  return Math.max(stateRetentionMs(rule, correlation), OUTBOX_RETENTION_MS);
}

function mergeOutbox(
  current: Outbox,
  audit: readonly AuditEntry[],
  notifications: readonly PendingNotification[],
): Outbox {
  const auditIds = new Set(current.audit.map((e) => e.identity));
  const notificationIds = new Set(current.notifications.map((n) => n.notification.notificationId));
  const newAudit = audit.filter((e) => !auditIds.has(e.identity) && auditIds.add(e.identity));
  const newNotifications = notifications.filter(
    (n) =>
      !notificationIds.has(n.notification.notificationId) &&
      notificationIds.add(n.notification.notificationId),
  );
  return {
    audit: [...current.audit, ...newAudit],
    notifications: [...current.notifications, ...newNotifications],
  };
}

function countChange(counts: SettleCounts, kind: string): void {
  switch (kind) {
    case 'duplicate':
      counts.duplicates++;
      return;
    case 'late':
      counts.late++;
      return;
    case 'pending':
      counts.pending++;
      return;
    case 'incident-opened':
      counts.opened++;
      return;
    case 'evidence-added':
      counts.evidenceAdded++;
      return;
    case 'incident-resolved':
      counts.resolved++;
      return;
    case 'incident-reopened':
      counts.reopened++;
      return;
  }
}
