import type { CompiledRule } from '../rules/CompiledRule';
import type { CorrelationOptions } from './applyMatch';
import type { CorrelationState, IncidentState } from './CorrelationState';

/**
 * Drops what can no longer correlate: matches older than the window plus the allowed lateness behind
 * `nowMs` (the newest event time the caller has seen), and incidents that can no longer gain evidence.
 * Returns the incidents it finalised, so callers can report them.
 */
export function evictExpired(
  state: CorrelationState,
  rule: CompiledRule,
  options: CorrelationOptions,
  nowMs: number = state.watermarkMs,
): IncidentState[] {
  const horizon = nowMs - rule.windowMs - options.allowedLatenessMs;
  const finalised = state.incidents.filter((incident) => incident.lastEventMs + rule.windowMs < horizon);
  if (finalised.length > 0)
    state.incidents = state.incidents.filter((incident) => !finalised.includes(incident));
  // Resolving events stay while an incident they follow may still need them.
  state.pending = state.pending.filter((m) => m.event.timeMs >= horizon);
  return finalised;
}

export function isEmpty(state: CorrelationState): boolean {
  return state.pending.length === 0 && state.incidents.length === 0;
}
