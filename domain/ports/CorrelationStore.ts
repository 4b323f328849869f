import type { AuditEntry, AuditRecord } from '../audit/toAuditRecords';
import type { CorrelationState } from '../correlation/CorrelationState';
import type { IncidentNotification } from './IncidentPublisher';

/** An alert decided but not yet known to be sent, with the audit record to write once it is. */
export interface PendingNotification {
  readonly notification: IncidentNotification;
  /** The `notification-sent` record without its `notification` part (filled in when sent). */
  readonly audit: AuditRecord;
}

/**
 * Side effects decided together with a state change and stored in the same single-item write, so a
 * crash after the write cannot lose them: they are carried out (idempotently) by whoever next loads
 * the item, and removed once done.
 */
export interface Outbox {
  readonly audit: readonly AuditEntry[];
  readonly notifications: readonly PendingNotification[];
}

export const EMPTY_OUTBOX: Outbox = { audit: [], notifications: [] };

/** The stored state of one rule on one node, and the version the next save must match. */
export interface StoredCorrelation {
  readonly state: CorrelationState;
  readonly outbox: Outbox;
  /** 0 when nothing is stored. Expired items load as empty state with their stored version. */
  readonly version: number;
}

export type SaveOutcome =
  | {
      readonly kind: 'saved';
      readonly version: number;
      /** Pending matches dropped to fit the store's item limit (oldest first), counted as state overflow. */
      readonly pendingDropped: number;
    }
  | { readonly kind: 'conflict' };

export interface CorrelationItem {
  readonly state: CorrelationState;
  readonly outbox: Outbox;
  /** Wall-clock time after which the item is worthless and may be ignored or deleted. */
  readonly expiresAtMs: number;
}

/**
 * Correlation state per (rule, node) with optimistic concurrency: `save` succeeds only if the stored
 * version is still `expectedVersion`; a conflict is an expected outcome (reload and re-apply).
 */
export interface CorrelationStore {
  load(ruleId: string, nodeKey: string, nowMs: number): Promise<StoredCorrelation>;
  /** As `load` for each ref, in their order, in as few requests as the store allows. */
  loadMany?(refs: readonly StateRef[], nowMs: number): Promise<StoredCorrelation[]>;
  save(item: CorrelationItem, expectedVersion: number): Promise<SaveOutcome>;
  /**
   * The (rule, node) states whose outbox may hold work: every state saved with a non-empty outbox is
   * listed until a save empties it. May list a few already done; never misses one.
   */
  listPendingOutboxes(): Promise<readonly StateRef[]>;
}

export interface StateRef {
  readonly ruleId: string;
  readonly nodeKey: string;
}
