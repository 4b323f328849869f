import { StackConfigError } from './StackConfigError';
/** Throws a synth-time Error unless `value` is an integer within [min, max]; returns it otherwise. */
export function requireWholeNumber(
  name: string,
  value: number,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new StackConfigError(`${name} must be a whole number between ${min} and ${max}, got ${value}`);
  }
  return value;
}
