/**
 * The metric dimension for per-shipper health: the raw prefix plus the object key's next path segment
 * (`raw/<shipper>/`), which is where shippers are told to write. Bounded by the number of shipper folders.
 */
export function objectPrefix(key: string, rawKeyPrefix: string): string {
  const rest = key.startsWith(rawKeyPrefix) ? key.slice(rawKeyPrefix.length) : key;
  const slash = rest.indexOf('/');
  const prefix = slash === -1 ? rawKeyPrefix : `${rawKeyPrefix}${rest.slice(0, slash + 1)}`;
  return prefix === '' ? '/' : prefix;
}
