import type { IncidentNotification } from '../ports/IncidentPublisher';
import type { CompiledRule } from '../rules/CompiledRule';
import { type DrainOptions, drainOutbox } from './drainOutbox';
import { markRetentionMs, WRITER_LIFETIME_MS } from './settleMatches';

/** The drain never adds outbox work, so one writer name serves every run. */
const DRAIN_WRITER = 'drain';

export interface PendingAlertsOptions extends DrainOptions {
  /** Marks older than this belong to writers that have stopped (default `WRITER_LIFETIME_MS`). */
  readonly writerLifetimeMs?: number;
}

export interface PendingAlertsDrained {
  /** States whose outbox was looked at. */
  readonly states: number;
  readonly published: readonly IncidentNotification[];
  /** Alerts still claimed by another caller whose lease has not run out. */
  readonly left: number;
}

/**
 * Finishes the work every stored outbox holds, without waiting for new input from its node: an alert
 * whose sender died after claiming it is published here once its lease has run out. The deployed
 * stack runs this on a schedule and `local` on a timer; the ingest path drains its own outboxes as
 * it goes, so this only ever picks up what a crash left behind, and withdraws the marks such a crash
 * left once their outbox is empty and their writer cannot be running any more.
 */
export async function drainPendingAlerts(
  rules: readonly CompiledRule[],
  options: PendingAlertsOptions,
): Promise<PendingAlertsDrained> {
  const writerLifetimeMs = options.writerLifetimeMs ?? WRITER_LIFETIME_MS;
  const published: IncidentNotification[] = [];
  let left = 0;
  const refs = await options.store.listPendingOutboxes();
  for (const { ruleId, nodeKey, marks } of refs) {
    const rule = rules.find((candidate) => candidate.id === ruleId);
    if (!rule) {
      options.log.warn('pending outbox of a rule no longer loaded; it stays until the rule returns', {
        ruleId,
        nodeKey,
      });
      continue;
    }
    const stored = await options.store.load(ruleId, nodeKey, options.clock().getTime());
    const drained = await drainOutbox(rule, stored, options);
    published.push(...drained.published);
    left += drained.left;
    const nowMs = options.clock().getTime();
    if (!drained.emptied) {
      // Its saves keep the item alive past the crashed writer's mark: a mark of the drain's own goes with it.
      await options.store.mark(
        DRAIN_WRITER,
        [{ ruleId, nodeKey }],
        nowMs,
        nowMs + markRetentionMs(rule, options.correlation),
      );
      continue;
    }
    const stoppedBefore = nowMs - writerLifetimeMs;
    for (const mark of marks) {
      if (mark.markedAtMs < stoppedBefore) await options.store.unmark(mark.writer, [{ ruleId, nodeKey }]);
    }
  }
  return { states: refs.length, published, left };
}
