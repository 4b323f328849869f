import type { Node } from 'constructs';
import { StackConfigError } from './StackConfigError';

/**
 * Reads a list from CDK context: a JSON array of strings (`-c key='["a","b"]'` or cdk.json) or a
 * comma-separated string (`-c key=a,b`). Blank entries are dropped; a missing key reads as undefined.
 */
export function readListContext(node: Node, key: string): string[] | undefined {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return splitList(value);
  if (Array.isArray(value) && value.every((item): item is string => typeof item === 'string')) {
    return value.map((item) => item.trim()).filter((item) => item.length > 0);
  }
  throw new StackConfigError(
    `Context '${key}' must be a string array or a comma-separated string, got ${JSON.stringify(value)}`,
  );
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}
