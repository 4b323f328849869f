/** A maintenance window on one node: its incidents are audited as muted, with the reason, and not paged. */
export interface NodeMute {
  /** `nodeKey(node)`: how nodes are compared. */
  readonly nodeKey: string;
  /** The node as the operator named it. */
  readonly node: string;
  readonly reason: string;
  /** ISO 8601 UTC. */
  readonly mutedAt: string;
  /** ISO 8601 UTC: the mute ends on its own at this time. */
  readonly until: string;
}

/** Reads the mute in force on a node (the ingest path asks once per rule and node it settles). */
export interface MuteReader {
  /** The node's mute in force at `nowMs`; a mute past its `until` is none, whether or not it was removed yet. */
  activeMute(nodeKey: string, nowMs: number): Promise<NodeMute | undefined>;
  /** As `activeMute` for several nodes at once: the nodes with a mute in force, by node key. */
  activeMutes?(nodeKeys: readonly string[], nowMs: number): Promise<Map<string, NodeMute>>;
}

/** Sets, ends and lists mutes (the `mute`, `unmute` and `mutes` commands). */
export interface MuteStore extends MuteReader {
  /** Sets the node's mute, replacing one in force. */
  mute(mute: NodeMute): Promise<void>;
  /** Ends the node's mute; the mute that was in force, or undefined when there was none. */
  unmute(nodeKey: string, nowMs: number): Promise<NodeMute | undefined>;
  /** Every mute in force at `nowMs`. */
  listActive(nowMs: number): Promise<NodeMute[]>;
}

/** Whether a stored mute is in force at `nowMs` (stores may keep expired ones until their TTL runs). */
export function isMuteActive(mute: Pick<NodeMute, 'until'>, nowMs: number): boolean {
  return Date.parse(mute.until) > nowMs;
}
