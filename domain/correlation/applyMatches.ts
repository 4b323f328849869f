import type { CompiledRule } from '../rules/CompiledRule';
import { applyMatch, type CorrelationChange, type CorrelationOptions } from './applyMatch';
import type { CorrelationState, IncidentState, RuleMatch } from './CorrelationState';
import { evictExpired } from './evictExpired';

/** Within one long group, expired matches are dropped as it goes, so a flood holds no more than a clean run. */
const EVICT_EVERY_MATCHES = 1024;

export interface AppliedMatches {
  /** Incidents evicted as final: they can no longer change. */
  readonly finalised: IncidentState[];
  /** Pending matches dropped as expired. */
  readonly expired: number;
}

/**
 * The one correlation step every door runs (`scan` in memory, the Lambda and `local` against the
 * state table): apply matches of one rule on one node in the order given, hand each match's changes
 * to `onChanges` right away (incidents are live objects that later matches change), and evict what
 * can no longer correlate on that node.
 */
export function applyMatches(
  state: CorrelationState,
  rule: CompiledRule,
  matches: readonly RuleMatch[],
  options: CorrelationOptions,
  onChanges: (changes: readonly CorrelationChange[]) => void,
  eviction: 'all' | 'amortised' = 'all',
): AppliedMatches {
  const finalised: IncidentState[] = [];
  let expired = 0;
  const evict = (mode: 'all' | 'amortised'): void => {
    const evicted = evictExpired(state, rule, options, mode);
    finalised.push(...evicted.finalised);
    expired += evicted.expired;
  };
  matches.forEach((match, i) => {
    onChanges(applyMatch(state, rule, match, options));
    if (i % EVICT_EVERY_MATCHES === EVICT_EVERY_MATCHES - 1) evict('amortised');
  });
  evict(eviction);
  return { finalised, expired };
}
