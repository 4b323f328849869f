import type { IncidentState, RuleMatch } from '../correlation/CorrelationState';
import type { FormatName, SourceLocation } from '../event/NormalisedEvent';
import type { CompiledRule, Severity } from '../rules/CompiledRule';
import { nodeInText } from './safeNodeLabel';

/** The node as the remediation names it: a DNS name's length, at most (the Node line has it whole). */
const MAX_NODE_IN_REMEDIATION = 253;

/** One event of an incident's evidence, as reported (scan output, alerts, audit trail). */
export interface EvidenceReport {
  readonly eventId: number;
  readonly recordId: number | null;
  readonly computer: string;
  readonly channel: string;
  readonly provider: string;
  readonly time: string;
  readonly message: string | null;
  /** The rule step this event matched, or `resolution`. */
  readonly step: string;
  readonly format: FormatName;
  readonly source: SourceLocation;
}

/** An incident as the outside world sees it: the `scan` output line and the content of every alert. */
export interface IncidentReport {
  readonly incidentId: string;
  readonly ruleId: string;
  readonly ruleVersion: number;
  readonly node: string;
  readonly title: string;
  readonly severity: Severity;
  readonly kb: { readonly id: string; readonly url?: string };
  readonly status: 'open' | 'resolved';
  readonly firstEventAt: string;
  readonly lastEventAt: string;
  readonly resolvedAt: string | null;
  readonly remediation: string;
  /** At most `MAX_LISTED_EVIDENCE`: the first matches and the newest. */
  readonly evidence: readonly EvidenceReport[];
  /** Matches that took part but are not in `evidence` (a flood on the node); each is in the audit trail. */
  readonly omittedEvidence: number;
}

export function toEvidenceReport(match: RuleMatch, rule: CompiledRule): EvidenceReport {
  const { event } = match;
  return {
    eventId: event.eventId,
    recordId: event.recordId ?? null,
    computer: event.node,
    channel: event.channel,
    provider: event.provider,
    time: event.time,
    message: event.message ?? null,
    step: match.role === 'resolution' ? 'resolution' : (rule.steps[match.role]?.name ?? String(match.role)),
    format: event.format,
    source: event.source,
  };
}

/** First and last evidence times as the source wrote them (fraction digits kept). */
export function incidentSpan(incident: IncidentState): { firstEventAt: string; lastEventAt: string } {
  const first = incident.evidence[0]?.event;
  const last = incident.evidence[incident.evidence.length - 1]?.event;
  return {
    firstEventAt: first?.time ?? new Date(incident.firstEventMs).toISOString(),
    lastEventAt: last?.time ?? new Date(incident.lastEventMs).toISOString(),
  };
}

/** What every view of an incident says about it, its evidence aside. */
export type IncidentHeader = Omit<IncidentReport, 'evidence' | 'omittedEvidence'>;

/** The one read model of an incident: the `scan` line, the alert texts and the audit record derive from it. */
export function toIncidentReport(incident: IncidentState, rule: CompiledRule): IncidentReport {
  return {
    ...toIncidentHeader(incident, rule),
    evidence: incident.evidence.map((match) => toEvidenceReport(match, rule)),
    omittedEvidence: incident.omittedEvidence ?? 0,
  };
}

export function toIncidentHeader(incident: IncidentState, rule: CompiledRule): IncidentHeader {
  return {
    incidentId: incident.incidentId,
    ruleId: incident.ruleId,
    ruleVersion: incident.ruleVersion,
    node: incident.node,
    title: rule.title,
    severity: rule.severity,
    kb: rule.kb,
    status: incident.status,
    ...incidentSpan(incident),
    resolvedAt: incident.resolution?.event.time ?? null,
    remediation: rule.remediation
      .replaceAll('{node}', nodeInText(incident.node, MAX_NODE_IN_REMEDIATION))
      .trim(),
  };
}
