import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLED_RULES_PATH } from '../../adapters/node/loadRules';
import { PAGE_WITHIN_OFF } from '../../domain/defaults';
import { WinlogError } from '../../domain/errors/WinlogError';
import { fromEnvironment, type IngestSettings } from '../../domain/settings/ingestSettings';
import { SettingsError } from '../../domain/settings/SettingsError';

/** Configuration of the ingest function, read once per cold start from its environment. */
export interface IngestConfig {
  readonly rawBucketName: string;
  /** Only keys under this prefix are read ('' = the whole bucket). */
  readonly rawKeyPrefix: string;
  readonly quarantinePrefix: string;
  readonly auditBucketName: string;
  readonly auditPrefix: string;
  readonly stateTableName: string;
  readonly incidentTopicArn: string;
  /** The ingest queue itself, for continuation messages of objects too large for one invocation. */
  readonly ingestQueueUrl: string;
  readonly rulesPath: string;
  /** Overrides every rule's window when set. */
  readonly correlationWindowMs?: number;
  readonly allowedLatenessMs: number;
  readonly maxClockSkewMs: number;
  /** How long a claim protects an alert being published; a dead sender's alert goes out after it. */
  readonly publishLeaseMs: number;
  readonly maxStateBytes: number;
  readonly maxObjectBytes: number;
  readonly maxRecordBytes: number;
  readonly timeZone: string;
  /** Incidents whose last evidence is older than this at detection are historical (not paged); undefined: off. */
  readonly pageWithinMs: number | undefined;
}

/** Missing or invalid configuration: the function cannot start. Lists every problem at once. */
export class IngestConfigError extends WinlogError {
  readonly code = 'INGEST_CONFIG_INVALID';
  constructor(readonly problems: readonly string[]) {
    super(`ingest function configuration: ${problems.join('; ')}`);
  }
}

/** Where the rules are when RULES_PATH is unset: `rules/` beside the bundle, else the source tree's. */
export function defaultRulesPath(codeDirectory: string = __dirname): string {
  const besideCode = join(codeDirectory, 'rules');
  return existsSync(besideCode) ? besideCode : BUNDLED_RULES_PATH;
}

/**
 * Reads the ingest configuration. These variable names are a contract with the CDK stack
 * (`lib/IngestFunction.ts`). Required values have no default; optional ones default as documented.
 * AWS endpoints for local runs are not configuration here: the SDK reads AWS_ENDPOINT_URL_S3,
 * AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_SNS and AWS_ENDPOINT_URL_SQS (or AWS_ENDPOINT_URL) itself.
 */
export function readIngestConfig(env: NodeJS.ProcessEnv): IngestConfig {
  const problems: string[] = [];
  const required = (name: string): string => {
    const value = env[name]?.trim();
    if (!value) problems.push(`${name} is required`);
    return value ?? '';
  };
  const prefix = (name: string, value: string): string => {
    if (value !== '' && !value.endsWith('/')) problems.push(`${name} must end with '/', got '${value}'`);
    return value;
  };
  const resources = {
    rawBucketName: required('RAW_BUCKET_NAME'),
    rawKeyPrefix: prefix('RAW_KEY_PREFIX', env.RAW_KEY_PREFIX?.trim() ?? ''),
    quarantinePrefix: prefix('QUARANTINE_PREFIX', required('QUARANTINE_PREFIX')),
    auditBucketName: required('AUDIT_BUCKET_NAME'),
    auditPrefix: prefix('AUDIT_PREFIX', required('AUDIT_PREFIX')),
    stateTableName: required('STATE_TABLE_NAME'),
    incidentTopicArn: required('INCIDENT_TOPIC_ARN'),
    ingestQueueUrl: required('INGEST_QUEUE_URL'),
    rulesPath: env.RULES_PATH?.trim() || defaultRulesPath(),
  };
  if (resources.quarantinePrefix !== '' && resources.rawKeyPrefix.startsWith(resources.quarantinePrefix)) {
    problems.push('RAW_KEY_PREFIX must not lie under QUARANTINE_PREFIX');
  }
  let settings: IngestSettings | undefined;
  try {
    settings = fromEnvironment(env);
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    problems.push(...error.problems);
  }
  if (problems.length > 0 || !settings) throw new IngestConfigError(problems);
  return {
    ...resources,
    correlationWindowMs: settings.correlationWindow?.ms,
    allowedLatenessMs: settings.allowedLateness.ms,
    maxClockSkewMs: settings.maxClockSkew.ms,
    publishLeaseMs: settings.publishLease.ms,
    maxStateBytes: settings.maxStateBytes,
    maxObjectBytes: settings.maxObjectBytes,
    maxRecordBytes: settings.maxRecordBytes,
    timeZone: settings.timeZone,
    pageWithinMs: settings.pageWithin === PAGE_WITHIN_OFF ? undefined : settings.pageWithin.ms,
  };
}
