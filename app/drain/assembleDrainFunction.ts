import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { drainPendingAlerts, type PendingAlertsDrained } from '../../domain/ingest/drainPendingAlerts';
import { DEFAULT_INGEST_LIMITS } from '../../domain/ingest/ingestObject';
import type { CatalogueMetricName } from '../../domain/metrics/metricCatalogue';
import {
  type IngestAssemblyOptions,
  type IngestClients,
  ingestDependencies,
} from '../ingest/assembleIngestFunction';
import type { IngestConfig } from '../ingest/IngestConfig';

export type DrainFunction = () => Promise<PendingAlertsDrained>;

export interface DrainAssemblyOptions extends IngestAssemblyOptions {
  /** Marks older than this belong to stopped writers (tests shorten it; see `WRITER_LIFETIME_MS`). */
  readonly writerLifetimeMs?: number;
}

/**
 * The scheduled drain: publishes alerts that a crashed invocation claimed but never sent, once their
 * lease has run out, with the ingest function's own configuration and adapters.
 */
export function drainPendingAlertsWith(
  config: IngestConfig,
  clients: IngestClients,
  logger: Logger,
  options: DrainAssemblyOptions = {},
): DrainFunction {
  const deps = ingestDependencies(config, clients, logger, options);
  return function drainPendingAlertsNow() {
    return drainPendingAlerts(deps.rules, {
      store: deps.store,
      publisher: deps.publisher,
      ledger: deps.ledger,
      auditTrail: deps.auditTrail,
      correlation: deps.correlation,
      clock: () => new Date(),
      log: logger,
      publishLeaseMs: config.publishLeaseMs,
      maxAttempts: DEFAULT_INGEST_LIMITS.maxSaveAttempts,
      writerLifetimeMs: options.writerLifetimeMs,
    });
  };
}

/** The drain as a Lambda handler (EventBridge schedule), with logs and the `AlertsDrained` metric. */
export function assembleDrainFunction(
  config: IngestConfig,
  clients: IngestClients,
  logger: Logger,
  metrics: Metrics,
) {
  const drain = drainPendingAlertsWith(config, clients, logger);
  const lambdaHandler = async (): Promise<void> => {
    const drained = await drain();
    const name: CatalogueMetricName = 'AlertsDrained';
    metrics.addMetric(name, MetricUnit.Count, drained.published.length);
    if (drained.published.length > 0 || drained.left > 0) {
      logger.warn('alerts left by a failed invocation', {
        published: drained.published.map((n) => n.notificationId),
        left: drained.left,
        states: drained.states,
      });
    }
  };
  return middy(lambdaHandler)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics));
}
