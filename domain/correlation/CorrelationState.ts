import type { NormalisedEvent } from '../event/NormalisedEvent';

/** Which part of a rule an event matched: a step index (0 = first step) or the resolving event. */
export type MatchRole = number | 'resolution';

/** An event a rule matched, as kept in correlation state. */
export interface RuleMatch {
  /** Identity used to count a record delivered twice only once. */
  readonly key: string;
  readonly role: MatchRole;
  readonly event: NormalisedEvent;
}

export type IncidentStatus = 'open' | 'resolved';

/** Why an incident's alert was not sent when it was detected; its resolution is then not sent either. */
export interface WithheldAlert {
  /** Its last evidence was older than `pageWithin` at detection. */
  readonly historical: boolean;
  /** The node was in a maintenance window at detection. */
  readonly muted: { readonly reason: string; readonly until: string } | null;
}

/** An incident still able to change (gain evidence, resolve), or being reported. */
export interface IncidentState {
  readonly incidentId: string;
  readonly ruleId: string;
  readonly ruleVersion: number;
  /** The node as first logged in the incident's evidence. */
  readonly node: string;
  firstEventMs: number;
  lastEventMs: number;
  /** Event time of the match that completed the rule's sequence. */
  readonly completedAtMs: number;
  /** Matches that took part, by time: at most `MAX_LISTED_EVIDENCE` (see `keepListedEvidence`). */
  evidence: RuleMatch[];
  /** Matches that took part but left `evidence` to keep it bounded; absent when none did. */
  omittedEvidence?: number;
  status: IncidentStatus;
  resolution?: RuleMatch;
  /** Set at detection when the incident is not paged. */
  withheld?: WithheldAlert;
}

/** Everything correlation keeps for one rule and one node. Plain data: it serialises to JSON as it is. */
export interface CorrelationState {
  readonly ruleId: string;
  readonly nodeKey: string;
  /** Newest event time seen for this rule and node. */
  watermarkMs: number;
  /** Matches not (yet) part of an incident, by event time. */
  pending: RuleMatch[];
  incidents: IncidentState[];
}

export function emptyCorrelationState(ruleId: string, nodeKey: string): CorrelationState {
  return { ruleId, nodeKey, watermarkMs: Number.NEGATIVE_INFINITY, pending: [], incidents: [] };
}
