import type { NormalisedEvent } from '../event/NormalisedEvent';
import type { CompiledRule } from '../rules/CompiledRule';
import { boundEvidence } from './boundEvidence';
import type { MatchRole, RuleMatch } from './CorrelationState';
import { matchKey } from './matchKey';

export interface RuleMatchFor {
  readonly rule: CompiledRule;
  readonly match: RuleMatch;
}

/**
 * Every rule the event takes part in, and in which role (first matching step, else the resolving event),
 * with the event bounded for keeping as evidence.
 */
export function matchRules(event: NormalisedEvent, rules: readonly CompiledRule[]): RuleMatchFor[] {
  const found: RuleMatchFor[] = [];
  let key: string | undefined;
  let evidence: NormalisedEvent | undefined;
  for (const rule of rules) {
    const role = roleOf(event, rule);
    if (role === undefined) continue;
    key ??= matchKey(event);
    evidence ??= boundEvidence(event);
    found.push({ rule, match: { key, role, event: evidence } });
  }
  return found;
}

function roleOf(event: NormalisedEvent, rule: CompiledRule): MatchRole | undefined {
  const step = rule.steps.findIndex((matcher) => matcher.matches(event));
  if (step >= 0) return step;
  return rule.resolution?.matches(event) ? 'resolution' : undefined;
}
