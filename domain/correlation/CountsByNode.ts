import { nodeKey } from '../event/NormalisedEvent';

/** How many matches one node lost, the node named as its first such match named it. */
export interface NodeCount {
  readonly node: string;
  readonly matches: number;
}

/** Matches counted per node (late ones, dropped ones), so a summary or a log can say which nodes lost them. */
export class CountsByNode {
  private readonly counts = new Map<string, { node: string; matches: number }>();

  add(node: string): void {
    const key = nodeKey(node);
    const known = this.counts.get(key);
    if (known) known.matches++;
    else this.counts.set(key, { node, matches: 1 });
  }

  /** Most first. */
  list(): NodeCount[] {
    return [...this.counts.values()].map((count) => ({ ...count })).sort((a, b) => b.matches - a.matches);
  }
}

/** The first `limit` nodes of a list (most first), and how many more there are: what a line can name. */
export function namedNodes(
  counts: readonly NodeCount[],
  limit: number,
): { readonly named: NodeCount[]; readonly others: number } {
  return { named: counts.slice(0, limit), others: Math.max(0, counts.length - limit) };
}
