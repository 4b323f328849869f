import { isJsonObject } from './isJsonObject';
import { textOf } from './textOf';

/** Nested event data is rare and shallow; the cap bounds work on hostile input. */
const MAX_DEPTH = 4;

/**
 * Copies the scalar fields of `value` into `into` as text, nested objects under dotted names
 * (`user_data.Param.Name`). The first value for a name wins, as in Winlogbeat. Arrays are skipped.
 */
export function addLeafFields(into: Record<string, string>, value: unknown, prefix = '', depth = 0): void {
  if (!isJsonObject(value) || depth > MAX_DEPTH) return;
  for (const [key, child] of Object.entries(value)) {
    const name = prefix === '' ? key : `${prefix}.${key}`;
    const text = textOf(child);
    if (text !== undefined) {
      if (!Object.hasOwn(into, name)) into[name] = text;
    } else if (isJsonObject(child)) {
      addLeafFields(into, child, name, depth + 1);
    }
  }
}
