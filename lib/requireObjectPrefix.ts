import { StackConfigError } from './StackConfigError';
/** An S3 key prefix: non-empty, relative, no wildcard, ending in '/' so that 'raw/' never matches 'rawx'. */
export function requireObjectPrefix(name: string, prefix: string): string {
  if (!/^[^/*?][^*?]*\/$/.test(prefix)) {
    throw new StackConfigError(
      `${name} must be a non-empty key prefix ending in '/' without wildcards, got '${prefix}'`,
    );
  }
  return prefix;
}
