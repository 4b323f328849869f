/** A dictionary for event data names; no prototype, so a record's `__proto__` or `constructor` key is just a name. */
export function createNamedData(): Record<string, string> {
  return Object.create(null) as Record<string, string>;
}
