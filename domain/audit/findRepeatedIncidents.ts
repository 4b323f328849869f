import { nodeKey } from '../event/NormalisedEvent';
import type { IncidentSummary } from './foldIncidents';

/** A node where one rule raised several incidents. */
export interface RepeatedIncidents {
  /** The node as logged in its newest incident. */
  readonly node: string;
  readonly ruleId: string;
  readonly incidents: number;
  readonly open: number;
  readonly firstEventAt: string;
  readonly lastEventAt: string;
  /** Oldest first. */
  readonly incidentIds: readonly string[];
}

/**
 * Nodes with at least `minimum` incidents of the same rule, most incidents first (then most recent).
 * `incidents` in any order.
 */
export function findRepeatedIncidents(
  incidents: readonly IncidentSummary[],
  minimum = 2,
): RepeatedIncidents[] {
  const groups = new Map<string, IncidentSummary[]>();
  for (const incident of incidents) {
    const key = `${nodeKey(incident.node)}\u0000${incident.ruleId}`;
    const group = groups.get(key);
    if (group) group.push(incident);
    else groups.set(key, [incident]);
  }
  const repeated: RepeatedIncidents[] = [];
  for (const group of groups.values()) {
    if (group.length < minimum) continue;
    const ordered = [...group].sort((a, b) => Date.parse(a.firstEventAt) - Date.parse(b.firstEventAt));
    const newest = ordered[ordered.length - 1] as IncidentSummary;
    repeated.push({
      node: newest.node,
      ruleId: newest.ruleId,
      incidents: ordered.length,
      open: ordered.filter((i) => i.status === 'open').length,
      firstEventAt: (ordered[0] as IncidentSummary).firstEventAt,
      lastEventAt: newest.lastEventAt,
      incidentIds: ordered.map((i) => i.incidentId),
    });
  }
  return repeated.sort(
    (a, b) =>
      b.incidents - a.incidents ||
      Date.parse(b.lastEventAt) - Date.parse(a.lastEventAt) ||
      a.node.localeCompare(b.node),
  );
}
