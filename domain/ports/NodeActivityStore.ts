/** The newest event a node logged in one object: a heartbeat for "last event seen". */
export interface NodeLastEvent {
  /** `nodeKey(node)`: how nodes are compared. */
  readonly nodeKey: string;
  /** The computer name as logged in that event. */
  readonly node: string;
  /** ISO 8601 UTC with milliseconds (`Date.toISOString`), so stored values compare as text. */
  readonly lastEventAt: string;
  /** The object (`s3://bucket/key`) the event came from. */
  readonly lastObjectKey: string;
}

/**
 * Keeps, per node, the newest event seen so far. A heartbeat never moves a node's time back: one older
 * than (or as old as) what is stored changes nothing, so objects may arrive in any order and twice.
 */
export interface NodeActivityStore {
  /** Stores one object's heartbeats (one per node), in as few requests as the store allows. */
  recordLastEvents(heartbeats: readonly NodeLastEvent[]): Promise<void>;
}

/** Reads every node's last event seen (for the fleet view). */
export interface NodeActivityReader {
  listNodes(): Promise<NodeLastEvent[]>;
}

/** Keeps the store's size to about one item per node (the silence check runs it on its schedule). */
export interface NodeActivityPruning {
  /** Removes what newer heartbeats made useless; says how many items went. */
  pruneSuperseded(): Promise<number>;
}
