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
 * Keeps, per node, the newest event seen so far. A heartbeat only ever moves a node's time forward: one
 * older than (or as old as) what is stored changes nothing, so objects may arrive in any order and twice.
 */
export interface NodeActivityStore {
  /** Stores the heartbeat when it is newer; says which happened. */
  recordLastEvent(heartbeat: NodeLastEvent): Promise<'advanced' | 'not-newer'>;
}

/** Reads every node's last event seen (for the fleet view). */
export interface NodeActivityReader {
  listNodes(): Promise<NodeLastEvent[]>;
}
