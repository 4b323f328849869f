import type { Severity } from '../rules/CompiledRule';
import type { AuditEvidence, AuditMute, AuditNotification, AuditRecord } from './toAuditRecords';

/** One incident as its audit records tell it: the answer to "what happened, who was told, was it fixed". */
export interface IncidentSummary {
  readonly incidentId: string;
  readonly ruleId: string;
  readonly ruleVersion: number;
  /** The node as logged in the incident's evidence. */
  readonly node: string;
  readonly title: string;
  readonly severity: Severity;
  /**
   * Resolved while the newest resolving event follows the newest evidence; a matching event after the
   * resolution (recorded as evidence-added) makes it open again.
   */
  readonly status: 'open' | 'resolved';
  readonly firstEventAt: string;
  readonly lastEventAt: string;
  /** When the incident-opened record was written; null when it lies outside the records read. */
  readonly openedAt: string | null;
  readonly resolvedAt: string | null;
  readonly timeToResolveSeconds: number | null;
  /** Evidence events, each once, by event time. */
  readonly evidence: readonly AuditEvidence[];
  /** The resolving event, when resolved. */
  readonly resolution: AuditEvidence | null;
  /** Alerts sent about the incident, by send time. */
  readonly notifications: readonly AuditNotification[];
  /** Not paged: its last evidence was older than `pageWithin` at detection. */
  readonly historical: boolean;
  /** Not paged: the node was muted at detection. */
  readonly muted: AuditMute | null;
}

/**
 * Folds audit records (any order, any mix of incidents) into one summary per incident, newest first
 * event first. Records outside what was read leave their part empty: a summary says what its records say.
 */
export function foldIncidents(records: readonly AuditRecord[]): IncidentSummary[] {
  const byIncident = new Map<string, AuditRecord[]>();
  for (const record of records) {
    const list = byIncident.get(record.incident_id);
    if (list) list.push(record);
    else byIncident.set(record.incident_id, [record]);
  }
  return [...byIncident.values()]
    .map(foldIncident)
    .sort(
      (a, b) => timeOf(b.firstEventAt) - timeOf(a.firstEventAt) || a.incidentId.localeCompare(b.incidentId),
    );
}

function foldIncident(records: readonly AuditRecord[]): IncidentSummary {
  const ordered = [...records].sort((a, b) => timeOf(a.recorded_at) - timeOf(b.recorded_at));
  const latest = ordered[ordered.length - 1] as AuditRecord;
  const firstEventAt = earliest(ordered.map((r) => r.first_event_at));
  const lastEventAt = latestOf(ordered.map((r) => r.last_event_at));
  const evidence = unique(
    ordered.flatMap((r) => (r.kind === 'incident-opened' || r.kind === 'evidence-added' ? r.evidence : [])),
  ).sort((a, b) => timeOf(a.time) - timeOf(b.time));
  const resolved = ordered
    .filter((r) => r.kind === 'incident-resolved' && r.resolved_at !== null)
    .sort((a, b) => timeOf(a.resolved_at) - timeOf(b.resolved_at))
    .pop();
  const stillResolved = resolved !== undefined && timeOf(resolved.resolved_at) > timeOf(lastEventAt);
  return {
    incidentId: latest.incident_id,
    ruleId: latest.rule_id,
    ruleVersion: latest.rule_version,
    node: latest.node,
    title: latest.title,
    severity: latest.severity,
    status: stillResolved ? 'resolved' : 'open',
    firstEventAt,
    lastEventAt,
    openedAt: ordered.find((r) => r.kind === 'incident-opened')?.recorded_at ?? null,
    resolvedAt: stillResolved ? resolved.resolved_at : null,
    timeToResolveSeconds: stillResolved ? resolved.time_to_resolve_seconds : null,
    evidence,
    resolution: stillResolved ? (resolved.evidence[0] ?? null) : null,
    notifications: ordered
      .flatMap((r) => (r.kind === 'notification-sent' && r.notification ? [r.notification] : []))
      .sort((a, b) => timeOf(a.sent_at) - timeOf(b.sent_at)),
    // Records written before these fields existed lack them: such incidents were paged.
    historical: ordered.some((r) => r.historical === true),
    muted: ordered.find((r) => r.muted)?.muted ?? null,
  };
}

/** Milliseconds of an ISO time (any number of fraction digits); NaN-safe for sorting. */
function timeOf(iso: string | null): number {
  const ms = iso === null ? Number.NaN : Date.parse(iso);
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms;
}

function earliest(times: readonly string[]): string {
  return times.reduce((best, t) => (timeOf(t) < timeOf(best) ? t : best));
}

function latestOf(times: readonly string[]): string {
  return times.reduce((best, t) => (timeOf(t) > timeOf(best) ? t : best));
}

/** Each event once, however many records repeat it (same object, offset, event id and time). */
function unique(evidence: readonly AuditEvidence[]): AuditEvidence[] {
  const seen = new Map<string, AuditEvidence>();
  for (const event of evidence) {
    seen.set(
      `${event.object_key}\u0000${event.byte_offset}\u0000${event.event_id}\u0000${event.time}`,
      event,
    );
  }
  return [...seen.values()];
}
