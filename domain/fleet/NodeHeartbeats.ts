import { type NormalisedEvent, nodeKey } from '../event/NormalisedEvent';
import type { NodeLastEvent } from '../ports/NodeActivityStore';

/**
 * Events stamped further ahead of the reader's clock than this are not heartbeats: a node with a wrong
 * clock would otherwise look alive (and could never look older again, heartbeats only move forward).
 */
export const MAX_HEARTBEAT_CLOCK_SKEW_MS = 86_400_000;

/**
 * The newest event per node among the events an object's read parsed (rule candidates and samples), to
 * be stored once per node per object as that node's "last event seen".
 */
export class NodeHeartbeats {
  private readonly newest = new Map<string, { node: string; timeMs: number }>();

  constructor(private readonly nowMs: number) {}

  observe(event: NormalisedEvent): void {
    if (event.timeMs > this.nowMs + MAX_HEARTBEAT_CLOCK_SKEW_MS) return;
    const key = nodeKey(event.node);
    if (key === '') return;
    const known = this.newest.get(key);
    if (!known || event.timeMs > known.timeMs)
      this.newest.set(key, { node: event.node, timeMs: event.timeMs });
  }

  get size(): number {
    return this.newest.size;
  }

  /** One heartbeat per node seen, naming the object they came from. */
  heartbeats(objectLabel: string): NodeLastEvent[] {
    return [...this.newest].map(([key, { node, timeMs }]) => ({
      nodeKey: key,
      node,
      lastEventAt: new Date(timeMs).toISOString(),
      lastObjectKey: objectLabel,
    }));
  }
}
