import type { CompiledRule } from '../rules/CompiledRule';
import { type CorrelationOptions, horizonOf } from './applyMatch';
import type { CorrelationState, IncidentState, RuleMatch } from './CorrelationState';
import { indexOf } from './StateIndex';
import { firstAtOrAfter } from './sortedByTime';

export interface Eviction {
  /** Incidents that can no longer gain evidence, removed from the state (callers report them). */
  readonly finalised: IncidentState[];
  /** Pending matches dropped because they can no longer correlate. */
  readonly expired: number;
}

/**
 * Drops what can no longer correlate on this node: pending matches older than the window plus the
 * allowed lateness behind the node's own newest event (another node's clock never matters), and
 * incidents that can no longer gain evidence. Works in place, so the state's index stays valid.
 * `amortised` leaves a short run of expired matches for a later call.
 */
export function evictExpired(
  state: CorrelationState,
  rule: CompiledRule,
  options: CorrelationOptions,
  mode: 'all' | 'amortised' = 'all',
): Eviction {
  const horizon = horizonOf(state, rule, options);
  const index = indexOf(state);
  const finalised: IncidentState[] = [];
  for (let i = state.incidents.length - 1; i >= 0; i--) {
    const incident = state.incidents[i] as IncidentState;
    if (incident.lastEventMs + rule.windowMs >= horizon) continue;
    state.incidents.splice(i, 1);
    finalised.unshift(incident);
    for (const match of incident.evidence) index.keys.delete(match.key);
  }
  let cut = firstAtOrAfter(state.pending, horizon);
  // Expired matches take part in nothing (see `horizonOf`), so they may wait to be dropped in bulk:
  // cutting one at a time from the front of a long list would cost linear time per match.
  if (mode === 'amortised' && cut < Math.max(64, state.pending.length >>> 3) && cut < state.pending.length)
    cut = 0;
  if (cut > 0) {
    for (const match of state.pending.splice(0, cut)) index.keys.delete(match.key);
    for (const list of index.byRole.values()) list.splice(0, firstAtOrAfter(list, horizon));
  }
  return { finalised, expired: cut };
}

/** Drops the given pending matches (a state budget's overflow), keeping the state's index valid. */
export function dropPending(state: CorrelationState, matches: ReadonlySet<RuleMatch>): void {
  const index = indexOf(state);
  const kept = state.pending.filter((m) => !matches.has(m));
  state.pending.length = 0;
  for (const match of kept) state.pending.push(match);
  for (const [role, list] of index.byRole) {
    index.byRole.set(
      role,
      list.filter((m) => !matches.has(m)),
    );
  }
  for (const match of matches) index.keys.delete(match.key);
}

export function isEmpty(state: CorrelationState): boolean {
  return state.pending.length === 0 && state.incidents.length === 0;
}
