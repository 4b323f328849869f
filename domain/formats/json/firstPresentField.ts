import { readField } from './readField';

/** A value found in a record, with the dotted name of the field it came from (for rejection details). */
export interface FoundField {
  readonly field: string;
  readonly value: unknown;
}

/**
 * The first of several candidate fields that holds a value (not undefined, null or blank). Shippers moved fields
 * between versions, so mappers try the newest name first; when none is present the first name is reported.
 */
export function firstPresentField(record: unknown, paths: readonly (readonly string[])[]): FoundField {
  for (const path of paths) {
    const value = readField(record, ...path);
    if (value !== undefined && value !== null && !(typeof value === 'string' && value.trim() === '')) {
      return { field: path.join('.'), value };
    }
  }
  return { field: (paths[0] ?? []).join('.'), value: undefined };
}
