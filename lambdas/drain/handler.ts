import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { assembleDrainFunction } from '../../app/drain/assembleDrainFunction';
import { createIngestClients } from '../../app/ingest/createIngestClients';
import { readIngestConfig } from '../../app/ingest/IngestConfig';

// The same environment as the ingest function, read and validated the same way at cold start.
export const handler = assembleDrainFunction(
  readIngestConfig(process.env),
  createIngestClients(),
  new Logger({ serviceName: 'winlog-correlator' }),
  new Metrics({ serviceName: 'winlog-correlator' }),
);
