import type { CompiledRule } from '../rules/CompiledRule';
import type { CorrelationState, IncidentState, RuleMatch } from './CorrelationState';
import { shortHash } from './matchKey';

/** What one match did to the state; adapters publish, audit and count from these. */
export type CorrelationChange =
  | { readonly kind: 'duplicate'; readonly match: RuleMatch }
  | { readonly kind: 'late'; readonly match: RuleMatch }
  | { readonly kind: 'pending'; readonly match: RuleMatch }
  | { readonly kind: 'incident-opened'; readonly incident: IncidentState }
  | { readonly kind: 'evidence-added'; readonly incident: IncidentState; readonly match: RuleMatch }
  | { readonly kind: 'incident-resolved'; readonly incident: IncidentState }
  | { readonly kind: 'incident-reopened'; readonly incident: IncidentState };

export interface CorrelationOptions {
  /** How far behind the newest event of a node an event may arrive and still correlate. */
  readonly allowedLatenessMs: number;
}

/**
 * Applies one rule match to the state of its rule and node (mutating it) and says what changed.
 * Decisions depend on event times, never on arrival order, except that an incident once opened keeps
 * its id: later matches fold into it instead of re-deciding it.
 */
export function applyMatch(
  state: CorrelationState,
  rule: CompiledRule,
  match: RuleMatch,
  options: CorrelationOptions,
): CorrelationChange[] {
  if (isKnown(state, match.key)) return [{ kind: 'duplicate', match }];
  const t = match.event.timeMs;
  if (t < state.watermarkMs - rule.windowMs - options.allowedLatenessMs) return [{ kind: 'late', match }];
  state.watermarkMs = Math.max(state.watermarkMs, t);

  const changes: CorrelationChange[] = [];
  const wasResolved = new Map(state.incidents.map((incident) => [incident.incidentId, incident.status]));
  insertByTime(state.pending, match);
  foldPendingIntoIncidents(state, rule, changes);
  openCompletedSequences(state, rule, changes);
  for (const incident of state.incidents) {
    updateResolution(state, incident);
    const before = wasResolved.get(incident.incidentId);
    if (before === 'open' && incident.status === 'resolved')
      changes.push({ kind: 'incident-resolved', incident });
    if (before === 'resolved' && incident.status === 'open')
      changes.push({ kind: 'incident-reopened', incident });
    if (before === undefined && incident.status === 'resolved')
      changes.push({ kind: 'incident-resolved', incident });
  }
  if (state.pending.includes(match)) changes.unshift({ kind: 'pending', match });
  return changes;
}

function isKnown(state: CorrelationState, key: string): boolean {
  return (
    state.pending.some((m) => m.key === key) ||
    state.incidents.some((incident) => incident.evidence.some((m) => m.key === key))
  );
}

function insertByTime(list: RuleMatch[], match: RuleMatch): void {
  let index = list.length;
  while (index > 0 && (list[index - 1]?.event.timeMs ?? 0) > match.event.timeMs) index--;
  list.splice(index, 0, match);
}

/** An incident's episode takes matches from its first evidence to one window past its last. */
function belongsToEpisode(incident: IncidentState, match: RuleMatch, windowMs: number): boolean {
  if (match.role === 'resolution') return false;
  const t = match.event.timeMs;
  if (t >= incident.firstEventMs && t <= incident.lastEventMs + windowMs) return true;
  // An earlier crash whose own window also reaches the match that completed the sequence.
  return match.role === 0 && t < incident.firstEventMs && t + windowMs >= incident.completedAtMs;
}

function foldPendingIntoIncidents(
  state: CorrelationState,
  rule: CompiledRule,
  changes: CorrelationChange[],
): void {
  let folded = true;
  while (folded) {
    folded = false;
    for (const match of [...state.pending]) {
      const incident = state.incidents.find((candidate) => belongsToEpisode(candidate, match, rule.windowMs));
      if (!incident) continue;
      addEvidence(incident, match);
      state.pending.splice(state.pending.indexOf(match), 1);
      changes.push({ kind: 'evidence-added', incident, match });
      folded = true;
    }
  }
}

function addEvidence(incident: IncidentState, match: RuleMatch): void {
  insertByTime(incident.evidence, match);
  incident.firstEventMs = Math.min(incident.firstEventMs, match.event.timeMs);
  incident.lastEventMs = Math.max(incident.lastEventMs, match.event.timeMs);
}

/** Finds, among pending matches, the sequence of all steps that completes earliest. */
function findEarliestSequence(pending: readonly RuleMatch[], rule: CompiledRule): RuleMatch[] | undefined {
  let best: RuleMatch[] | undefined;
  for (const first of pending) {
    if (first.role !== 0) continue;
    const deadline = first.event.timeMs + rule.windowMs;
    const chain = [first];
    let cursor = first.event.timeMs;
    for (let step = 1; step < rule.steps.length; step++) {
      const next = pending.find(
        (m) => m.role === step && m.event.timeMs >= cursor && m.event.timeMs <= deadline,
      );
      if (!next) break;
      chain.push(next);
      cursor = next.event.timeMs;
    }
    if (chain.length !== rule.steps.length) continue;
    const completion = chain[chain.length - 1]?.event.timeMs ?? 0;
    const bestCompletion = best?.[best.length - 1]?.event.timeMs ?? Number.POSITIVE_INFINITY;
    if (completion < bestCompletion) best = chain;
  }
  return best;
}

function openCompletedSequences(
  state: CorrelationState,
  rule: CompiledRule,
  changes: CorrelationChange[],
): void {
  for (
    let chain = findEarliestSequence(state.pending, rule);
    chain;
    chain = findEarliestSequence(state.pending, rule)
  ) {
    const first = chain[0];
    const last = chain[chain.length - 1];
    if (!first || !last) return;
    const incident: IncidentState = {
      incidentId: incidentIdFor(rule.id, state.nodeKey, chain),
      ruleId: rule.id,
      ruleVersion: rule.version,
      node: first.event.node,
      firstEventMs: first.event.timeMs,
      lastEventMs: last.event.timeMs,
      completedAtMs: last.event.timeMs,
      evidence: [...chain],
      status: 'open',
    };
    state.pending = state.pending.filter((m) => !chain.includes(m));
    state.incidents.push(incident);
    changes.push({ kind: 'incident-opened', incident });
    foldPendingIntoIncidents(state, rule, changes);
  }
}

/** Deterministic: the same rule, node and opening sequence always give the same id. */
export function incidentIdFor(ruleId: string, nodeKey: string, chain: readonly RuleMatch[]): string {
  return `${ruleId}-${shortHash([ruleId, nodeKey, ...chain.map((m) => m.key)].join('\n'))}`;
}

/** Resolved while a resolving event follows the last evidence; a later step match reopens it. */
function updateResolution(state: CorrelationState, incident: IncidentState): void {
  const candidates = state.pending.filter((m) => m.role === 'resolution');
  if (incident.resolution) candidates.push(incident.resolution);
  const resolution = candidates
    .filter((m) => m.event.timeMs > incident.lastEventMs)
    .sort((a, b) => a.event.timeMs - b.event.timeMs)[0];
  incident.resolution = resolution;
  incident.status = resolution ? 'resolved' : 'open';
}
