import { WinlogError } from '../../domain/errors/WinlogError';
import { parseDuration } from '../../domain/rules/parseDuration';

/** Configuration of the silence check, read once per cold start; names are a contract with lib/SilenceCheck.ts. */
export interface SilenceConfig {
  readonly stateTableName: string;
  readonly opsTopicArn: string;
  readonly silentAfterMs: number;
}

export const DEFAULT_SILENT_AFTER = '24h';

/** Missing or invalid configuration of the silence check. Lists every problem at once. */
export class SilenceConfigError extends WinlogError {
  readonly code = 'SILENCE_CONFIG_INVALID';
  constructor(readonly problems: readonly string[]) {
    super(`silence check configuration: ${problems.join('; ')}`);
  }
}

export function readSilenceConfig(env: NodeJS.ProcessEnv): SilenceConfig {
  const problems: string[] = [];
  const required = (name: string): string => {
    const value = env[name]?.trim();
    if (!value) problems.push(`${name} is required`);
    return value ?? '';
  };
  const silentAfter = env.SILENT_AFTER?.trim() || DEFAULT_SILENT_AFTER;
  const silentAfterMs = parseDuration(silentAfter);
  if (silentAfterMs === undefined || silentAfterMs <= 0)
    problems.push(`SILENT_AFTER must be a duration such as '24h' or '90m', got '${silentAfter}'`);
  const config = {
    stateTableName: required('STATE_TABLE_NAME'),
    opsTopicArn: required('OPS_TOPIC_ARN'),
    silentAfterMs: silentAfterMs ?? 0,
  };
  if (problems.length > 0) throw new SilenceConfigError(problems);
  return config;
}
