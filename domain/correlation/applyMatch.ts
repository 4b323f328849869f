import type { CompiledRule } from '../rules/CompiledRule';
import type { CorrelationState, IncidentState, RuleMatch } from './CorrelationState';
import { keepListedEvidence } from './listedEvidence';
import { shortHash } from './matchKey';
import { indexOf, pendingOfRole, type StateIndex } from './StateIndex';
import { firstAtOrAfter, insertByTime, removeByTime } from './sortedByTime';

/** What one match did to the state; adapters publish, audit and count from these. */
export type CorrelationChange =
  | { readonly kind: 'duplicate'; readonly match: RuleMatch }
  | { readonly kind: 'late'; readonly match: RuleMatch }
  | { readonly kind: 'pending'; readonly match: RuleMatch }
  | { readonly kind: 'incident-opened'; readonly incident: IncidentState }
  | {
      readonly kind: 'evidence-added';
      readonly incident: IncidentState;
      readonly match: RuleMatch;
      /** The match that left the incident's evidence list to keep it bounded (it may be `match`). */
      readonly unlisted?: RuleMatch;
    }
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
 *
 * Cost is logarithmic in the node's pending matches. It rests on one invariant, true after every
 * call: no pending match belongs to an incident's episode, and no complete sequence lies among the
 * pending matches. So a new match can only join an incident itself (and pull in pending matches its
 * arrival brings into that episode), or complete a sequence that contains it.
 */
export function applyMatch(
  state: CorrelationState,
  rule: CompiledRule,
  match: RuleMatch,
  options: CorrelationOptions,
): CorrelationChange[] {
  const index = indexOf(state);
  const t = match.event.timeMs;
  // Late before duplicate: expired matches may still be held (see `evictExpired`), and the answer must
  // not depend on when they are dropped.
  if (t < horizonOf(state, rule, options)) return [{ kind: 'late', match }];
  if (index.keys.has(match.key)) return [{ kind: 'duplicate', match }];
  state.watermarkMs = Math.max(state.watermarkMs, t);
  index.keys.add(match.key);

  const changes: CorrelationChange[] = [];
  const statusBefore = new Map(state.incidents.map((incident) => [incident.incidentId, incident.status]));
  const home = state.incidents.find((incident) => belongsToEpisode(incident, match, rule.windowMs));
  let pending = false;
  if (home) {
    changes.push({
      kind: 'evidence-added',
      incident: home,
      match,
      unlisted: addEvidence(home, index, match),
    });
    foldPendingInto(state, index, home, rule, changes);
  } else {
    addPending(state, index, match);
    pending = !openSequenceThrough(state, index, rule, match, options, changes);
  }
  for (const incident of state.incidents) {
    updateResolution(index, incident);
    const before = statusBefore.get(incident.incidentId);
    if (before === 'open' && incident.status === 'resolved')
      changes.push({ kind: 'incident-resolved', incident });
    if (before === 'resolved' && incident.status === 'open')
      changes.push({ kind: 'incident-reopened', incident });
    if (before === undefined && incident.status === 'resolved')
      changes.push({ kind: 'incident-resolved', incident });
  }
  if (pending) changes.unshift({ kind: 'pending', match });
  return changes;
}

/** Matches older than this cannot correlate any more on this node: they are late, or evictable. */
export function horizonOf(state: CorrelationState, rule: CompiledRule, options: CorrelationOptions): number {
  return state.watermarkMs - rule.windowMs - options.allowedLatenessMs;
}

function addPending(state: CorrelationState, index: StateIndex, match: RuleMatch): void {
  insertByTime(state.pending, match);
  insertByTime(pendingOfRole(index, match.role), match);
}

function removePending(state: CorrelationState, index: StateIndex, match: RuleMatch): void {
  removeByTime(state.pending, match);
  removeByTime(pendingOfRole(index, match.role), match);
}

/** An incident's episode takes matches from its first evidence to one window past its last. */
function belongsToEpisode(incident: IncidentState, match: RuleMatch, windowMs: number): boolean {
  if (match.role === 'resolution') return false;
  const t = match.event.timeMs;
  if (t >= incident.firstEventMs && t <= incident.lastEventMs + windowMs) return true;
  // An earlier crash whose own window also reaches the match that completed the sequence.
  return match.role === 0 && t < incident.firstEventMs && t + windowMs >= incident.completedAtMs;
}

/** Returns the match that left the evidence list to keep it bounded, if one did; its key is forgotten. */
function addEvidence(incident: IncidentState, index: StateIndex, match: RuleMatch): RuleMatch | undefined {
  insertByTime(incident.evidence, match);
  incident.firstEventMs = Math.min(incident.firstEventMs, match.event.timeMs);
  incident.lastEventMs = Math.max(incident.lastEventMs, match.event.timeMs);
  const unlisted = keepListedEvidence(incident);
  if (unlisted) index.keys.delete(unlisted.key);
  return unlisted;
}

/** Moves every pending match that now lies in the incident's episode into it, until none does. */
function foldPendingInto(
  state: CorrelationState,
  index: StateIndex,
  incident: IncidentState,
  rule: CompiledRule,
  changes: CorrelationChange[],
): void {
  for (let step = 0; step < rule.steps.length; step++) {
    const list = pendingOfRole(index, step);
    const from =
      step === 0
        ? Math.min(incident.firstEventMs, incident.completedAtMs - rule.windowMs)
        : incident.firstEventMs;
    const i = firstAtOrAfter(list, from);
    const match = list[i];
    if (!match || !belongsToEpisode(incident, match, rule.windowMs)) continue;
    removePending(state, index, match);
    changes.push({ kind: 'evidence-added', incident, match, unlisted: addEvidence(incident, index, match) });
    // The episode may have grown: look again from the first step.
    step = -1;
  }
}

/**
 * Opens an incident when `match` completes a sequence. Every complete sequence contains it (see the
 * invariant), so only first steps within one window before it are candidates; greedy sequences from
 * later first steps never complete earlier, so the first candidate that completes is the earliest.
 */
function openSequenceThrough(
  state: CorrelationState,
  index: StateIndex,
  rule: CompiledRule,
  match: RuleMatch,
  options: CorrelationOptions,
  changes: CorrelationChange[],
): boolean {
  const firsts = pendingOfRole(index, 0);
  const t = match.event.timeMs;
  const start =
    match.role === 0
      ? firstsIndexOf(firsts, match)
      : firstAtOrAfter(firsts, Math.max(t - rule.windowMs, horizonOf(state, rule, options)));
  for (let i = start; i < firsts.length; i++) {
    const first = firsts[i] as RuleMatch;
    if (first.event.timeMs > t) break;
    const chain = greedySequence(index, rule, first);
    if (chain) {
      openIncident(state, index, rule, chain, changes);
      return true;
    }
    if (match.role === 0) break;
  }
  return false;
}

function firstsIndexOf(firsts: readonly RuleMatch[], match: RuleMatch): number {
  // Matches arriving in time order were just appended: no search through a flood of first steps.
  if (firsts[firsts.length - 1] === match) return firsts.length - 1;
  for (let i = firstAtOrAfter(firsts, match.event.timeMs); i < firsts.length; i++)
    if (firsts[i] === match) return i;
  return firsts.length;
}

/** The sequence that takes, after `first`, the earliest match of each next step within the window. */
function greedySequence(index: StateIndex, rule: CompiledRule, first: RuleMatch): RuleMatch[] | undefined {
  const deadline = first.event.timeMs + rule.windowMs;
  const chain = [first];
  let cursor = first.event.timeMs;
  for (let step = 1; step < rule.steps.length; step++) {
    const list = pendingOfRole(index, step);
    const next = list[firstAtOrAfter(list, cursor)];
    if (!next || next.event.timeMs > deadline) return undefined;
    chain.push(next);
    cursor = next.event.timeMs;
  }
  return chain;
}

function openIncident(
  state: CorrelationState,
  index: StateIndex,
  rule: CompiledRule,
  chain: RuleMatch[],
  changes: CorrelationChange[],
): void {
  const first = chain[0] as RuleMatch;
  const last = chain[chain.length - 1] as RuleMatch;
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
  for (const match of chain) removePending(state, index, match);
  state.incidents.push(incident);
  changes.push({ kind: 'incident-opened', incident });
  foldPendingInto(state, index, incident, rule, changes);
}

/** Deterministic: the same rule, node and opening sequence always give the same id. */
export function incidentIdFor(ruleId: string, nodeKey: string, chain: readonly RuleMatch[]): string {
  return `${ruleId}-${shortHash([ruleId, nodeKey, ...chain.map((m) => m.key)].join('\n'))}`;
}

/** Resolved while a resolving event follows the last evidence; a later step match reopens it. */
function updateResolution(index: StateIndex, incident: IncidentState): void {
  const resolutions = pendingOfRole(index, 'resolution');
  let resolution = resolutions[firstAtOrAfter(resolutions, incident.lastEventMs + 1)];
  const held = incident.resolution;
  if (
    held &&
    held.event.timeMs > incident.lastEventMs &&
    (!resolution || held.event.timeMs < resolution.event.timeMs)
  )
    resolution = held;
  incident.resolution = resolution;
  incident.status = resolution ? 'resolved' : 'open';
}
