import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { assembleIngestFunction } from '../../app/ingest/assembleIngestFunction';
import { createIngestClients } from '../../app/ingest/createIngestClients';
import { readIngestConfig } from '../../app/ingest/IngestConfig';

// Cold start: configuration, rules and clients once per execution environment. A missing or invalid
// setting throws here, so the function fails loudly instead of running half-configured.
export const handler = assembleIngestFunction(
  readIngestConfig(process.env),
  createIngestClients(),
  new Logger({ serviceName: 'winlog-correlator' }),
  new Metrics({ serviceName: 'winlog-correlator' }),
);
