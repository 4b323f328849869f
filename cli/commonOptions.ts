import { parseDuration } from '../domain/rules/parseDuration';
import { UsageError } from './UsageError';

/** A duration option (`90s`, `60m`, `1h30m`, `24h`) in milliseconds; a usage error otherwise. */
export function durationOption(name: string, text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined)
    throw new UsageError(`${name}: '${text}' is not a duration such as 90s, 60m, 1h30m or 24h`);
  return ms;
}

/** A whole number above zero; a usage error otherwise. */
export function positiveIntegerOption(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new UsageError(`${name}: '${text}' is not a positive integer`);
  return value;
}
