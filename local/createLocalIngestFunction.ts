import type { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { assembleIngestFunction, type IngestFunction } from '../lambdas/ingest/assembleIngestFunction';
import { type IngestConfig, readIngestConfig } from '../lambdas/ingest/IngestConfig';
import type { LocalAwsClients } from './createLocalAwsClients';

export interface LocalIngestFunction {
  readonly config: IngestConfig;
  readonly handler: IngestFunction;
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
}): LocalIngestFunction {
  const config = readIngestConfig(deps.environment);
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  const metrics = new Metrics({
    namespace: 'WinlogCorrelatorLocal',
    serviceName: 'winlog-correlator',
    logger: deps.logger,
  });
  return { config, handler: assembleIngestFunction(config, deps.clients, deps.logger, metrics) };
}
