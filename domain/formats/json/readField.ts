import { isJsonObject } from './isJsonObject';

/** The value at `path` (own properties only, so `constructor` and friends are never found), or undefined. */
export function readField(record: unknown, ...path: readonly string[]): unknown {
  let current: unknown = record;
  for (const key of path) {
    if (!isJsonObject(current) || !Object.hasOwn(current, key)) return undefined;
    current = current[key];
  }
  return current;
}
