import type { CorrelationState, MatchRole, RuleMatch } from './CorrelationState';
import { insertByTime } from './sortedByTime';

/**
 * Lookups over one correlation state that keep each match's work logarithmic in the node's pending
 * matches: the identities it holds (for duplicates) and its pending matches per role, by event time.
 * Derived, never stored: built on first use after a load, and rebuilt when the state's lists were
 * replaced (eviction, compaction) rather than changed through `applyMatch`.
 */
export interface StateIndex {
  readonly keys: Set<string>;
  readonly byRole: Map<MatchRole, RuleMatch[]>;
  pendingList: RuleMatch[];
  incidentList: CorrelationState['incidents'];
}

const indexes = new WeakMap<CorrelationState, StateIndex>();

export function indexOf(state: CorrelationState): StateIndex {
  const known = indexes.get(state);
  if (known && known.pendingList === state.pending && known.incidentList === state.incidents) return known;
  const index: StateIndex = {
    keys: new Set(),
    byRole: new Map(),
    pendingList: state.pending,
    incidentList: state.incidents,
  };
  for (const match of state.pending) {
    index.keys.add(match.key);
    insertByTime(pendingOfRole(index, match.role), match);
  }
  for (const incident of state.incidents) for (const match of incident.evidence) index.keys.add(match.key);
  indexes.set(state, index);
  return index;
}

export function pendingOfRole(index: StateIndex, role: MatchRole): RuleMatch[] {
  let list = index.byRole.get(role);
  if (!list) {
    list = [];
    index.byRole.set(role, list);
  }
  return list;
}
