import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEFAULT_ALLOWED_LATENESS,
  DEFAULT_MAX_CLOCK_SKEW,
  DEFAULT_MAX_OBJECT_BYTES,
  DEFAULT_MAX_RECORD_BYTES,
  DEFAULT_MAX_STATE_BYTES,
  DEFAULT_PAGE_WITHIN,
  DEFAULT_PUBLISH_LEASE,
  DEFAULT_TIME_ZONE,
  PAGE_WITHIN_OFF,
} from '../../domain/defaults';
import { isValidTimeZone } from '../../domain/formats/isValidTimeZone';
import { BUNDLED_RULES_PATH } from '../../domain/rules/loadRules';
import { checkDuration, type DurationSetting } from '../../domain/rules/parseDuration';

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

/** The variable of `pageWithin` (a duration, or `off`), set by the stack and by `local --page-within`. */
export const PAGE_WITHIN_ENV = 'PAGE_WITHIN';

/** Missing or invalid configuration: the function cannot start. Lists every problem at once. */
export class IngestConfigError extends Error {
  readonly code = 'INGEST_CONFIG_INVALID';
  constructor(readonly problems: readonly string[]) {
    super(`ingest function configuration: ${problems.join('; ')}`);
    this.name = 'IngestConfigError';
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
  const duration = (name: string, setting: DurationSetting, fallback?: string): number | undefined => {
    const value = env[name]?.trim() || fallback;
    if (value === undefined) return undefined;
    const checked = checkDuration(setting, value);
    if (!checked.ok) problems.push(`${name}: ${checked.problem}`);
    return checked.ok ? checked.ms : undefined;
  };
  const wholeNumber = (name: string, fallback: number): number => {
    const value = env[name]?.trim();
    if (!value) return fallback;
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < 1)
      problems.push(`${name} must be a whole number of bytes, got '${value}'`);
    return n;
  };

  const config: IngestConfig = {
    rawBucketName: required('RAW_BUCKET_NAME'),
    rawKeyPrefix: prefix('RAW_KEY_PREFIX', env.RAW_KEY_PREFIX?.trim() ?? ''),
    quarantinePrefix: prefix('QUARANTINE_PREFIX', required('QUARANTINE_PREFIX')),
    auditBucketName: required('AUDIT_BUCKET_NAME'),
    auditPrefix: prefix('AUDIT_PREFIX', required('AUDIT_PREFIX')),
    stateTableName: required('STATE_TABLE_NAME'),
    incidentTopicArn: required('INCIDENT_TOPIC_ARN'),
    ingestQueueUrl: required('INGEST_QUEUE_URL'),
    rulesPath: env.RULES_PATH?.trim() || defaultRulesPath(),
    correlationWindowMs: duration('CORRELATION_WINDOW', 'window'),
    allowedLatenessMs: duration('ALLOWED_LATENESS', 'lateness', DEFAULT_ALLOWED_LATENESS) ?? 0,
    maxClockSkewMs: duration('MAX_CLOCK_SKEW', 'clockSkew', DEFAULT_MAX_CLOCK_SKEW) ?? 0,
    maxStateBytes: wholeNumber('MAX_STATE_BYTES', DEFAULT_MAX_STATE_BYTES),
    publishLeaseMs: duration('PUBLISH_LEASE', 'publishLease', DEFAULT_PUBLISH_LEASE) ?? 0,
    maxObjectBytes: wholeNumber('MAX_OBJECT_BYTES', DEFAULT_MAX_OBJECT_BYTES),
    maxRecordBytes: wholeNumber('MAX_RECORD_BYTES', DEFAULT_MAX_RECORD_BYTES),
    timeZone: env.TIME_ZONE?.trim() || DEFAULT_TIME_ZONE,
    pageWithinMs:
      env[PAGE_WITHIN_ENV]?.trim() === PAGE_WITHIN_OFF
        ? undefined
        : duration(PAGE_WITHIN_ENV, 'pageWithin', DEFAULT_PAGE_WITHIN),
  };
  if (!isValidTimeZone(config.timeZone))
    problems.push(`TIME_ZONE must be an IANA time zone, got '${config.timeZone}'`);
  if (config.quarantinePrefix !== '' && config.rawKeyPrefix.startsWith(config.quarantinePrefix)) {
    problems.push('RAW_KEY_PREFIX must not lie under QUARANTINE_PREFIX');
  }
  if (problems.length > 0) throw new IngestConfigError(problems);
  return config;
}
