import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import {
  checkSilence,
  type SilenceCheckDependencies,
  type SilenceCheckOutcome,
} from '../../domain/fleet/checkSilence';
import type { CatalogueMetricName } from '../../domain/metrics/metricCatalogue';
import type { NodeActivityPruning } from '../../domain/ports/NodeActivityStore';

export interface SilenceHandlerDependencies extends SilenceCheckDependencies {
  /** Run after each check, so the heartbeat store keeps about one item per node. */
  readonly pruning?: NodeActivityPruning;
  readonly silentAfterMs: number;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** @default Date.now */
  readonly now?: () => number;
}

/**
 * The scheduled silence check without middleware: runs the use case and writes `NodesSilent` and,
 * once any node is known, `FleetSecondsSinceLastEvent` (the "no data ingested" alarm's metric, which
 * is therefore absent, and the alarm quiet, until the first event has been read).
 */
export function createSilenceHandler(deps: SilenceHandlerDependencies): () => Promise<SilenceCheckOutcome> {
  const now = deps.now ?? Date.now;
  return async function silenceHandler(): Promise<SilenceCheckOutcome> {
    const nowMs = now();
    const outcome = await checkSilence(deps, { nowMs, silentAfterMs: deps.silentAfterMs });
    const gauge = (name: CatalogueMetricName, value: number) => {
      deps.metrics.addMetric(name, MetricUnit.Count, value);
    };
    gauge('NodesSilent', outcome.silent);
    if (outcome.newestEventMs !== undefined) {
      deps.metrics.addMetric(
        'FleetSecondsSinceLastEvent' satisfies CatalogueMetricName,
        MetricUnit.Seconds,
        Math.max(0, Math.round((nowMs - outcome.newestEventMs) / 1000)),
      );
    }
    const pruned = await deps.pruning?.pruneSuperseded().catch((error: unknown) => {
      deps.logger.warn('superseded heartbeats not pruned; the next run tries again', {
        error: String(error),
      });
      return undefined;
    });
    deps.logger.info('silence checked', {
      ...outcome,
      ...(pruned === undefined ? {} : { heartbeatsPruned: pruned }),
    });
    return outcome;
  };
}
