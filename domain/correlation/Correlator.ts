import { type NormalisedEvent, nodeKey } from '../event/NormalisedEvent';
import type { CompiledRule } from '../rules/CompiledRule';
import type { CorrelationChange, CorrelationOptions } from './applyMatch';
import { applyMatches } from './applyMatches';
import { evidenceBytes } from './boundEvidence';
import {
  type CorrelationState,
  emptyCorrelationState,
  type IncidentState,
  type RuleMatch,
} from './CorrelationState';
import { CountsByNode, type NodeCount } from './CountsByNode';
import { dropPending, isEmpty } from './evictExpired';
import { matchRules } from './matchRules';
import { stateKeyOf } from './stateKeyOf';

export interface CorrelatorCounters {
  matches: number;
  duplicates: number;
  late: number;
  /** Pending matches dropped, oldest first, because the state budget was full. */
  stateOverflow: number;
}

export interface CorrelatorOptions extends CorrelationOptions {
  /** Memory the whole correlation state may take (approximate); past it the oldest pending matches go. */
  readonly maxStateBytes: number;
}

interface HeldState {
  readonly rule: CompiledRule;
  readonly state: CorrelationState;
  bytes: number;
}

/** Dropping to this share of the budget makes each overflow pay for many matches. */
const REFILL_SHARE = 0.75;

/**
 * Correlation across nodes in memory for one run (`scan`, tests), through the same step the state
 * table's users run (`applyMatches`). Memory is bounded twice: per node, what can no longer correlate
 * behind that node's own newest event is evicted (incidents handed to `onFinal`); across nodes, the
 * state budget drops the oldest pending matches first, counted as `stateOverflow`.
 */
export class Correlator {
  readonly counters: CorrelatorCounters = { matches: 0, duplicates: 0, late: 0, stateOverflow: 0 };
  private readonly states = new Map<string, HeldState>();
  private readonly lateNodes = new CountsByNode();
  private readonly overflowNodes = new CountsByNode();
  private heldBytes = 0;

  constructor(
    private readonly rules: readonly CompiledRule[],
    private readonly options: CorrelatorOptions,
    private readonly onFinal: (incident: IncidentState, rule: CompiledRule) => void,
  ) {}

  /** Correlates one event; returns what changed (nothing for events no rule cares about). */
  accept(event: NormalisedEvent): CorrelationChange[] {
    const found = matchRules(event, this.rules);
    if (found.length === 0) return [];
    const changes: CorrelationChange[] = [];
    for (const { rule, match } of found) {
      this.counters.matches++;
      const held = this.stateFor(rule, nodeKey(event.node));
      let ignored = false;
      const applied = applyMatches(
        held.state,
        rule,
        [match],
        this.options,
        (made) => {
          for (const change of made) {
            if (change.kind === 'duplicate') this.counters.duplicates++;
            else if (change.kind === 'late') this.countLate(change.match.event.node);
            else if (change.kind === 'evidence-added' && change.unlisted)
              this.forget(held, [change.unlisted]);
            ignored ||= change.kind === 'duplicate' || change.kind === 'late';
            changes.push(change);
          }
        },
        'amortised',
      );
      if (!ignored) this.hold(held, match);
      // Expired matches are dropped in bulk, rarely: a recount then. A finalised incident takes off what
      // its evidence added, without going over every incident the node still holds.
      if (applied.expired > 0) this.recount(held);
      else for (const incident of applied.finalised) this.forget(held, incident.evidence);
      for (const incident of applied.finalised) this.onFinal(incident, rule);
      if (isEmpty(held.state)) this.release(held);
    }
    if (this.heldBytes > this.options.maxStateBytes) this.shed();
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
    this.heldBytes = 0;
  }

  /** Number of (rule, node) states held; exposed so tests can check that memory stays bounded. */
  get heldStates(): number {
    return this.states.size;
  }

  /** The nodes with late matches (a clock set back, or old logs read after newer ones), most first. */
  get lateByNode(): NodeCount[] {
    return this.lateNodes.list();
  }

  /** The nodes whose pending matches the state budget dropped, most first. */
  get overflowByNode(): NodeCount[] {
    return this.overflowNodes.list();
  }

  /** Approximate bytes of correlation state held. */
  get stateBytes(): number {
    return this.heldBytes;
  }

  private countLate(node: string): void {
    this.counters.late++;
    this.lateNodes.add(node);
  }

  private stateFor(rule: CompiledRule, node: string): HeldState {
    const id = stateKeyOf(rule.id, node);
    let held = this.states.get(id);
    if (!held) {
      held = { rule, state: emptyCorrelationState(rule.id, node), bytes: 0 };
      this.states.set(id, held);
    }
    return held;
  }

  private hold(held: HeldState, match: RuleMatch): void {
    const bytes = evidenceBytes(match.event);
    held.bytes += bytes;
    this.heldBytes += bytes;
  }

  private forget(held: HeldState, matches: readonly RuleMatch[]): void {
    for (const match of matches) {
      const bytes = evidenceBytes(match.event);
      held.bytes -= bytes;
      this.heldBytes -= bytes;
    }
  }

  private recount(held: HeldState): void {
    let bytes = 0;
    for (const match of held.state.pending) bytes += evidenceBytes(match.event);
    for (const incident of held.state.incidents)
      for (const match of incident.evidence) bytes += evidenceBytes(match.event);
    this.heldBytes += bytes - held.bytes;
    held.bytes = bytes;
  }

  private release(held: HeldState): void {
    this.heldBytes -= held.bytes;
    this.states.delete(stateKeyOf(held.rule.id, held.state.nodeKey));
  }

  /** Drops the oldest pending matches of all nodes until the state is back under its refill mark. */
  private shed(): void {
    const candidates: { held: HeldState; match: RuleMatch }[] = [];
    for (const held of this.states.values())
      for (const match of held.state.pending) candidates.push({ held, match });
    candidates.sort((a, b) => a.match.event.timeMs - b.match.event.timeMs);
    const target = this.options.maxStateBytes * REFILL_SHARE;
    const dropped = new Map<HeldState, Set<RuleMatch>>();
    for (const { held, match } of candidates) {
      if (this.heldBytes <= target) break;
      // The same sum `hold` added, taken off: no recount of everything the state still holds.
      const bytes = evidenceBytes(match.event);
      held.bytes -= bytes;
      this.heldBytes -= bytes;
      let set = dropped.get(held);
      if (!set) {
        set = new Set();
        dropped.set(held, set);
      }
      set.add(match);
      this.counters.stateOverflow++;
      this.overflowNodes.add(match.event.node);
    }
    for (const [held, matches] of dropped) {
      dropPending(held.state, matches);
      if (isEmpty(held.state)) this.release(held);
    }
  }
}
