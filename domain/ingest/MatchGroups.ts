import { evidenceBytes } from '../correlation/boundEvidence';
import type { RuleMatch } from '../correlation/CorrelationState';
import { CountsByNode, type NodeCount } from '../correlation/CountsByNode';
import { stateKeyOf } from '../correlation/stateKeyOf';
import { nodeKey } from '../event/NormalisedEvent';
import type { CompiledRule } from '../rules/CompiledRule';
import type { MatchGroup } from './settleMatches';

/** Dropping to this share of the budget makes each overflow pay for many matches. */
const REFILL_SHARE = 0.75;

/**
 * The matches one object brought, grouped per rule and node for settling, within a memory budget:
 * past `maxBytes` the oldest matches of all groups are dropped first and counted in `dropped`, so a
 * flood of large records cannot exhaust the function's memory.
 */
export class MatchGroups {
  private readonly groups = new Map<string, { rule: CompiledRule; nodeKey: string; matches: RuleMatch[] }>();
  private bytes = 0;
  private readonly droppedNodes = new CountsByNode();
  dropped = 0;

  constructor(private readonly maxBytes: number) {}

  add(rule: CompiledRule, match: RuleMatch): void {
    const node = nodeKey(match.event.node);
    const id = stateKeyOf(rule.id, node);
    let group = this.groups.get(id);
    if (!group) {
      group = { rule, nodeKey: node, matches: [] };
      this.groups.set(id, group);
    }
    group.matches.push(match);
    this.bytes += evidenceBytes(match.event);
    if (this.bytes > this.maxBytes) this.shed();
  }

  list(): MatchGroup[] {
    return [...this.groups.values()];
  }

  /** The nodes whose matches were dropped, most first. */
  droppedByNode(): NodeCount[] {
    return this.droppedNodes.list();
  }

  private shed(): void {
    const all = [...this.groups.values()].flatMap((group) => group.matches);
    all.sort((a, b) => a.event.timeMs - b.event.timeMs);
    const gone = new Set<RuleMatch>();
    for (const match of all) {
      if (this.bytes <= this.maxBytes * REFILL_SHARE) break;
      gone.add(match);
      this.droppedNodes.add(match.event.node);
      this.bytes -= evidenceBytes(match.event);
    }
    this.dropped += gone.size;
    for (const [id, group] of this.groups) {
      group.matches = group.matches.filter((match) => !gone.has(match));
      if (group.matches.length === 0) this.groups.delete(id);
    }
  }
}

/**
 * A group's matches in time order, in groups of at most `maxMatches`. Each is settled and its outbox
 * drained before the next, so the audit records one state save holds stay within what an item can take
 * (a flood of 8000 matching events on one node made an item too large, and the node's alert was never
 * sent). Applying them in time order slice after slice decides what applying them at once does.
 */
export function inSlices(group: MatchGroup, maxMatches: number): MatchGroup[] {
  const ordered = [...group.matches].sort((a, b) => a.event.timeMs - b.event.timeMs);
  const slices: MatchGroup[] = [];
  for (let start = 0; start < ordered.length; start += maxMatches)
    slices.push({ ...group, matches: ordered.slice(start, start + maxMatches) });
  return slices;
}

/** A slice (of `inSlices`) too large for one state save, as two. */
export function halves(slice: MatchGroup): [MatchGroup, MatchGroup] {
  const middle = Math.ceil(slice.matches.length / 2);
  return [
    { ...slice, matches: slice.matches.slice(0, middle) },
    { ...slice, matches: slice.matches.slice(middle) },
  ];
}
