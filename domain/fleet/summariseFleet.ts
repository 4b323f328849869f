import type { IncidentSummary } from '../audit/foldIncidents';
import { nodeKey } from '../event/NormalisedEvent';
import type { NodeLastEvent } from '../ports/NodeActivityStore';

/** One node's health at a glance. */
export interface FleetNodeSummary {
  /** As logged most recently (heartbeat first, else the newest incident). */
  readonly node: string;
  readonly openIncidents: number;
  /** Incidents whose first event lies within `recentMs` before now. */
  readonly recentIncidents: number;
  readonly lastIncidentId: string | null;
  /** First event of the newest incident. */
  readonly lastIncidentAt: string | null;
  /** Newest event the pipeline read from the node; null when no heartbeat is stored. */
  readonly lastEventSeenAt: string | null;
  /** No event seen for longer than `silentAfterMs` (or never). */
  readonly silent: boolean;
}

export interface FleetOptions {
  readonly nowMs: number;
  /** What "recent" means for `recentIncidents` (30 days for the fleet command). */
  readonly recentMs: number;
  readonly silentAfterMs: number;
}

/**
 * Joins incidents (from the audit trail) and heartbeats (last event seen) per node, worst first: most
 * open incidents, then most recent incidents, then the most recent incident, then by name. Nodes known
 * only from heartbeats appear with no incidents.
 */
export function summariseFleet(
  incidents: readonly IncidentSummary[],
  heartbeats: readonly NodeLastEvent[],
  options: FleetOptions,
): FleetNodeSummary[] {
  const nodes = new Map<string, { heartbeat?: NodeLastEvent; incidents: IncidentSummary[] }>();
  const entry = (key: string) => {
    let found = nodes.get(key);
    if (!found) {
      found = { incidents: [] };
      nodes.set(key, found);
    }
    return found;
  };
  for (const heartbeat of heartbeats) entry(heartbeat.nodeKey).heartbeat = heartbeat;
  for (const incident of incidents) entry(nodeKey(incident.node)).incidents.push(incident);

  const summaries = [...nodes.values()].map(({ heartbeat, incidents: own }): FleetNodeSummary => {
    const newest = own.reduce<IncidentSummary | undefined>(
      (best, i) => (!best || Date.parse(i.firstEventAt) > Date.parse(best.firstEventAt) ? i : best),
      undefined,
    );
    const lastSeenMs = heartbeat ? Date.parse(heartbeat.lastEventAt) : Number.NaN;
    return {
      node: heartbeat?.node ?? newest?.node ?? '',
      openIncidents: own.filter((i) => i.status === 'open').length,
      recentIncidents: own.filter((i) => Date.parse(i.firstEventAt) >= options.nowMs - options.recentMs)
        .length,
      lastIncidentId: newest?.incidentId ?? null,
      lastIncidentAt: newest?.firstEventAt ?? null,
      lastEventSeenAt: heartbeat?.lastEventAt ?? null,
      silent: Number.isNaN(lastSeenMs) || options.nowMs - lastSeenMs > options.silentAfterMs,
    };
  });
  const incidentMs = (s: FleetNodeSummary) =>
    s.lastIncidentAt === null ? Number.NEGATIVE_INFINITY : Date.parse(s.lastIncidentAt);
  return summaries.sort(
    (a, b) =>
      b.openIncidents - a.openIncidents ||
      b.recentIncidents - a.recentIncidents ||
      incidentMs(b) - incidentMs(a) ||
      a.node.localeCompare(b.node),
  );
}
