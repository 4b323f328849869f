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
 *
 * Outbox work is found again after a crash through marks: a writer (one ingest call) marks every state
 * it may give outbox work before it saves any of them, in one batch, and withdraws its marks once it has
 * seen those outboxes empty after its last save. A mark left behind is withdrawn by the drain once its
 * writer cannot be running any more and the outbox is empty.
 */
export interface CorrelationStore {
  load(ruleId: string, nodeKey: string, nowMs: number): Promise<StoredCorrelation>;
  /** As `load` for each ref, in their order, in as few requests as the store allows. */
  loadMany?(refs: readonly StateRef[], nowMs: number): Promise<StoredCorrelation[]>;
  /** Saves a state with outbox work only when its writer has marked it (see `mark`). */
  save(item: CorrelationItem, expectedVersion: number): Promise<SaveOutcome>;
  /** Marks `refs` as states whose outbox may hold `writer`'s work, until `expiresAtMs` at the latest. */
  mark(writer: string, refs: readonly StateRef[], nowMs: number, expiresAtMs: number): Promise<void>;
  /** Withdraws `writer`'s marks on `refs`. */
  unmark(writer: string, refs: readonly StateRef[]): Promise<void>;
  /**
   * The marked states, each with its marks: every state saved with a non-empty outbox is listed until
   * its outbox was seen empty. May list a few already done; never misses one.
   */
  listPendingOutboxes(): Promise<readonly PendingOutbox[]>;
}

/** A writer's mark on a state (see `CorrelationStore.mark`). */
export interface OutboxMark {
  readonly writer: string;
  readonly markedAtMs: number;
}

export interface PendingOutbox extends StateRef {
  readonly marks: readonly OutboxMark[];
}

export interface StateRef {
  readonly ruleId: string;
  readonly nodeKey: string;
}
