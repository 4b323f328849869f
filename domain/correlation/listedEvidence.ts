import type { IncidentState, RuleMatch } from './CorrelationState';

/** An incident's first matches by time (its opening sequence among them) stay listed whatever follows. */
export const FIRST_LISTED_EVIDENCE = 10;
/** Most matches an incident lists as evidence; further ones are counted in `omittedEvidence`. */
export const MAX_LISTED_EVIDENCE = 50;

/**
 * Keeps an incident's evidence list within `MAX_LISTED_EVIDENCE` once a match was added to it: the oldest
 * match after the first `FIRST_LISTED_EVIDENCE` leaves the list and is counted. A flood of matching
 * events on one node folds into one incident, whose list would otherwise grow with every event (100,000
 * of them took `scan` 750 MB). Returns the match that left the list, if one did.
 */
export function keepListedEvidence(incident: IncidentState): RuleMatch | undefined {
  if (incident.evidence.length <= MAX_LISTED_EVIDENCE) return undefined;
  const [unlisted] = incident.evidence.splice(FIRST_LISTED_EVIDENCE, 1);
  incident.omittedEvidence = (incident.omittedEvidence ?? 0) + 1;
  return unlisted;
}
