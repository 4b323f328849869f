import type { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoNodeActivityStore } from '../../adapters/aws/DynamoNodeActivityStore';
import type { LocalAwsClients } from '../../adapters/local/createLocalAwsClients';
import { OutboxCheckedLedger } from '../../adapters/local/OutboxCheckedLedger';
import type { SentNotification } from '../../domain/ports/IncidentPublisher';
import type { NotificationLedger } from '../../domain/ports/NotificationLedger';
import { type DrainFunction, drainPendingAlertsWith } from '../drain/assembleDrainFunction';
import { assembleIngestFunction, type IngestFunction } from '../ingest/assembleIngestFunction';
import { type IngestConfig, readIngestConfig } from '../ingest/IngestConfig';

export interface LocalIngestFunction {
  readonly config: IngestConfig;
  readonly handler: IngestFunction;
  /** The deployed drain of alerts left by failed invocations, run on a timer here. */
  readonly drain: DrainFunction;
  /** What the deployed silence check does besides checking: drops superseded node heartbeats. */
  readonly pruneHeartbeats: () => Promise<number>;
}

/**
 * The ingest function exactly as deployed (configuration read and validated from the stack's environment
 * variables, see `assembleIngestFunction`), with the clients pointed at the stand-ins. EMF metrics are
 * off unless POWERTOOLS_METRICS_DISABLED says otherwise: there is no CloudWatch here.
 */
export function createLocalIngestFunction(deps: {
  readonly environment: Record<string, string>;
  readonly clients: Pick<LocalAwsClients, 's3' | 'dynamodb' | 'sns' | 'sqs'>;
  readonly logger: Logger;
  /** Alerts already in the local outbox: never sent again, whatever the data folder says. */
  readonly alreadySent: (notificationId: string) => SentNotification | undefined;
}): LocalIngestFunction {
  const config = readIngestConfig(deps.environment);
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  const metrics = new Metrics({
    namespace: 'WinlogCorrelatorLocal',
    serviceName: 'winlog-correlator',
    logger: deps.logger,
  });
  const assembly = {
    wrapLedger: (ledger: NotificationLedger) => new OutboxCheckedLedger(ledger, deps.alreadySent),
  };
  return {
    config,
    handler: assembleIngestFunction(config, deps.clients, deps.logger, metrics, assembly),
    drain: drainPendingAlertsWith(config, deps.clients, deps.logger, assembly),
    pruneHeartbeats: () =>
      new DynamoNodeActivityStore(config.stateTableName, deps.clients.dynamodb).pruneSuperseded(),
  };
}
