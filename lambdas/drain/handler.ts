import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { createIngestClients } from '../ingest/createIngestClients';
import { readIngestConfig } from '../ingest/IngestConfig';
import { assembleDrainFunction } from './assembleDrainFunction';

// The same environment as the ingest function, read and validated the same way at cold start.
export const handler = assembleDrainFunction(
  readIngestConfig(process.env),
  createIngestClients(),
  new Logger({ serviceName: 'winlog-correlator' }),
  new Metrics({ serviceName: 'winlog-correlator' }),
);
