import { type ParseArgsConfig, parseArgs } from 'node:util';
import { BUNDLED_RULES_PATH, loadRules } from '../adapters/node/loadRules';
import type { CompiledRule } from '../domain/rules/CompiledRule';
import {
  checkDuration,
  type DurationSetting,
  notADuration,
  parseDuration,
} from '../domain/rules/parseDuration';
import { RuleLoadError } from '../domain/rules/RuleLoadError';
import { UsageError } from './UsageError';

/** A duration option with a bound of its own (`mute --for`); a usage error naming the option otherwise. */
export function boundedDurationOption(name: string, setting: DurationSetting, text: string): number {
  const checked = checkDuration(setting, text);
  if (!checked.ok) throw new UsageError(`${name}: ${checked.problem}`);
  return checked.ms;
}

/** A duration option (`90s`, `60m`, `1h30m`, `24h`) in milliseconds; a usage error otherwise. */
export function durationOption(name: string, text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined) throw new UsageError(`${name}: ${notADuration(text)}`);
  return ms;
}

/** A whole number above zero; a usage error otherwise. */
export function positiveIntegerOption(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new UsageError(`${name}: '${text}' is not a positive integer`);
  return value;
}

/** `parseArgs` with its complaints (unknown option, missing value) turned into usage errors (exit 2). */
export function parseCommandLine<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** The rules named by `--rules` (the bundled ones when none), or a usage error naming file and field. */
export function rulesOption(path: string | undefined): CompiledRule[] {
  try {
    return loadRules(path ?? BUNDLED_RULES_PATH);
  } catch (error) {
    if (error instanceof RuleLoadError) throw new UsageError(`--rules: ${error.message}`);
    throw new UsageError(`--rules: cannot read ${path}: ${(error as Error).message}`);
  }
}
