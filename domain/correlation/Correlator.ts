import { type NormalisedEvent, nodeKey } from '../event/NormalisedEvent';
import type { CompiledRule } from '../rules/CompiledRule';
import { applyMatch, type CorrelationChange, type CorrelationOptions } from './applyMatch';
import { type CorrelationState, emptyCorrelationState, type IncidentState } from './CorrelationState';
import { evictExpired, isEmpty } from './evictExpired';
import { matchRules } from './matchRules';

export interface CorrelatorCounters {
  matches: number;
  duplicates: number;
  late: number;
}

const EVICT_EVERY_MATCHES = 256;

/**
 * In-memory correlation across nodes for one run (the `scan` command and tests). Memory is bounded:
 * state older than the window plus the allowed lateness behind the newest event seen is evicted, and
 * incidents that can no longer change are handed to `onFinal` as they are evicted.
 */
export class Correlator {
  readonly counters: CorrelatorCounters = { matches: 0, duplicates: 0, late: 0 };
  private readonly states = new Map<string, { rule: CompiledRule; state: CorrelationState }>();
  private newestEventMs = Number.NEGATIVE_INFINITY;
  private sinceEviction = 0;

  constructor(
    private readonly rules: readonly CompiledRule[],
    private readonly options: CorrelationOptions,
    private readonly onFinal: (incident: IncidentState, rule: CompiledRule) => void,
  ) {}

  /** Correlates one event; returns what changed (nothing for events no rule cares about). */
  accept(event: NormalisedEvent): CorrelationChange[] {
    const found = matchRules(event, this.rules);
    if (found.length === 0) return [];
    this.newestEventMs = Math.max(this.newestEventMs, event.timeMs);
    const changes: CorrelationChange[] = [];
    for (const { rule, match } of found) {
      const node = nodeKey(event.node);
      const id = `${rule.id}\u0000${node}`;
      let entry = this.states.get(id);
      if (!entry) {
        entry = { rule, state: emptyCorrelationState(rule.id, node) };
        this.states.set(id, entry);
      }
      for (const change of applyMatch(entry.state, rule, match, this.options)) {
        if (change.kind === 'duplicate') this.counters.duplicates++;
        else if (change.kind === 'late') this.counters.late++;
        changes.push(change);
      }
      this.counters.matches++;
    }
    if (++this.sinceEviction >= EVICT_EVERY_MATCHES) this.evict(this.newestEventMs);
    return changes;
  }

  /** Hands every incident still held to `onFinal`, oldest first. */
  finish(): void {
    const remaining: { incident: IncidentState; rule: CompiledRule }[] = [];
    for (const { rule, state } of this.states.values()) {
      for (const incident of state.incidents) remaining.push({ incident, rule });
    }
    remaining.sort((a, b) => a.incident.firstEventMs - b.incident.firstEventMs);
    for (const { incident, rule } of remaining) this.onFinal(incident, rule);
    this.states.clear();
  }

  /** Number of (rule, node) states held; exposed so tests can check that memory stays bounded. */
  get heldStates(): number {
    return this.states.size;
  }

  private evict(nowMs: number): void {
    this.sinceEviction = 0;
    for (const [id, { rule, state }] of this.states) {
      for (const incident of evictExpired(state, rule, this.options, nowMs)) this.onFinal(incident, rule);
      if (isEmpty(state)) this.states.delete(id);
    }
  }
}
