import { readField } from './readField';

/** A field (at a path) that is present and not null: the unit of the shape markers. */
export function has(record: unknown, ...path: readonly string[]): boolean {
  const value = readField(record, ...path);
  return value !== undefined && value !== null;
}

export function hasAny(record: unknown, keys: readonly string[]): boolean {
  return keys.some((key) => has(record, key));
}

export function countPresent(record: unknown, keys: readonly string[]): number {
  return keys.filter((key) => has(record, key)).length;
}
