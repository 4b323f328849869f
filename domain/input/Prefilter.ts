import type { CompiledRule } from '../rules/CompiledRule';

/**
 * Byte strings that every record a rule could match must contain: the decimal event ids the rules name.
 * Shippers write the low 16 bits of the id as decimal digits in every supported format, so a record
 * without any of them cannot match, and is counted without being parsed.
 */
export function prefilterNeedles(rules: readonly CompiledRule[]): string[] {
  const ids = new Set<number>();
  for (const rule of rules) {
    for (const step of rule.steps) for (const id of step.eventIds) ids.add(id);
    for (const id of rule.resolution?.eventIds ?? []) ids.add(id);
  }
  return [...ids].sort((a, b) => a - b).map(String);
}
