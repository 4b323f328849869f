import type { CompiledRule } from './CompiledRule';
import { RuleLoadError } from './RuleLoadError';

/** Rule ids must be unique across everything loaded: a second definition names the first. */
export function checkRuleIds(rules: readonly CompiledRule[]): void {
  const seen = new Map<string, string>();
  for (const rule of rules) {
    const previous = seen.get(rule.id);
    if (previous)
      throw new RuleLoadError(rule.origin, [`id: '${rule.id}' is already defined in ${previous}`]);
    seen.set(rule.id, rule.origin);
  }
}
