import type { CorrelationChange } from '../correlation/applyMatch';
import type { IncidentState, RuleMatch } from '../correlation/CorrelationState';
import { shortHash } from '../correlation/matchKey';
import { type EvidenceReport, toEvidenceReport, toIncidentHeader } from '../incident/IncidentReport';
import type { SentNotification } from '../ports/IncidentPublisher';
import type { CompiledRule, Severity } from '../rules/CompiledRule';

export type AuditKind = 'incident-opened' | 'evidence-added' | 'notification-sent' | 'incident-resolved';

/** One evidence event in an audit record (snake_case: the Glue table over the trail reads these names). */
export interface AuditEvidence {
  readonly event_id: number;
  readonly record_id: number | null;
  readonly computer: string;
  readonly channel: string;
  readonly provider: string;
  readonly time: string;
  readonly message: string | null;
  readonly format: string;
  readonly object_key: string;
  readonly line: number | null;
  readonly byte_offset: number;
  readonly raw: string | null;
}

export interface AuditNotification {
  readonly kind: 'incident' | 'resolved';
  readonly topic_arn: string;
  readonly message_id: string;
  readonly subject: string;
  readonly sent_at: string;
}

/**
 * One line of the audit trail. The contract of the Glue table defined by the CDK stack
 * (`lib/auditRecordColumns.ts`): change a name or type only together with it.
 */
export interface AuditRecord {
  readonly kind: AuditKind;
  readonly recorded_at: string;
  readonly incident_id: string;
  readonly rule_id: string;
  readonly rule_version: number;
  readonly node: string;
  readonly title: string;
  readonly severity: Severity;
  readonly first_event_at: string;
  readonly last_event_at: string;
  /** Time of the resolving event; set on incident-resolved records and resolved notifications only. */
  readonly resolved_at: string | null;
  /**
   * Whole seconds from the incident's first event to the resolving event: the outage as the node saw
   * it, from the crash that started it (not from the last symptom) to the fix.
   */
  readonly time_to_resolve_seconds: number | null;
  /**
   * The events this record is about: all evidence when opened, the one added event for evidence-added,
   * the resolving event when resolved, the evidence the alert reported for notification-sent.
   */
  readonly evidence: readonly AuditEvidence[];
  readonly notification: AuditNotification | null;
  /** The incident's last evidence was older than `pageWithin` when it was detected: not paged. */
  readonly historical: boolean;
  /** The node was muted (a maintenance window) when the incident was detected: not paged. */
  readonly muted: AuditMute | null;
}

export interface AuditMute {
  readonly reason: string;
  /** When the mute ended or ends on its own (ISO 8601 UTC). */
  readonly until: string;
}

/** An audit record and its content identity (a short hash naming it in storage; retries rewrite it). */
export interface AuditEntry {
  readonly identity: string;
  readonly record: AuditRecord;
  /**
   * The state save that decided the entry (`auditBatch`): entries of one save are stored together, and
   * always with the same companions, so a rewrite still replaces them. Absent: stored alone.
   */
  readonly batch?: string;
}

/** Names the entries one saved state version decided, unique to that save and fixed on retries. */
export function auditBatch(ruleId: string, nodeKey: string, version: number, decidedAt: Date): string {
  return shortHash([ruleId, nodeKey, String(version), decidedAt.toISOString()].join('\n'));
}

/**
 * Audit entries for what one `applyMatch` call changed; duplicates, late and pending matches are not
 * audited. Call it right after `applyMatch`: incidents are live objects that later matches change.
 */
export function toAuditRecords(
  changes: readonly CorrelationChange[],
  rule: CompiledRule,
  recordedAt: Date,
): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (const change of changes) {
    switch (change.kind) {
      case 'incident-opened': {
        // Matches folded in by the same call are reported as evidence-added, not twice.
        const folded = new Set(
          changes.flatMap((c) =>
            c.kind === 'evidence-added' && c.incident.incidentId === change.incident.incidentId
              ? [c.match.key]
              : [],
          ),
        );
        const opening = change.incident.evidence.filter((m) => !folded.has(m.key));
        entries.push(
          entry(change.incident, rule, recordedAt, 'incident-opened', opening, [
            ...opening.map((m) => m.key),
          ]),
        );
        break;
      }
      case 'evidence-added':
        entries.push(
          entry(change.incident, rule, recordedAt, 'evidence-added', [change.match], [change.match.key]),
        );
        break;
      case 'incident-resolved': {
        const resolution = change.incident.resolution;
        entries.push(
          entry(change.incident, rule, recordedAt, 'incident-resolved', resolution ? [resolution] : [], [
            resolution?.key ?? '',
          ]),
        );
        break;
      }
      default:
        break;
    }
  }
  return entries;
}

/**
 * The `notification-sent` record of an alert, before it is sent (`notification` null, `recorded_at`
 * the decision time); `withNotification` completes it once the alert went out.
 */
export function notificationAuditTemplate(
  incident: IncidentState,
  rule: CompiledRule,
  decidedAt: Date,
  evidence: readonly RuleMatch[],
  kind: 'incident' | 'resolved',
): AuditRecord {
  return toAuditRecord(incident, rule, decidedAt, 'notification-sent', evidence, kind === 'resolved');
}

/** The sent record: stamped with the send time, so a rewrite after a retry is byte-identical. */
export function withNotification(
  template: AuditRecord,
  notification: {
    readonly kind: 'incident' | 'resolved';
    readonly subject: string;
    readonly notificationId: string;
  },
  sent: SentNotification,
): AuditEntry {
  return {
    identity: shortHash(['notification-sent', notification.notificationId, sent.messageId].join('\n')),
    record: {
      ...template,
      recorded_at: sent.sentAt,
      notification: {
        kind: notification.kind,
        topic_arn: sent.destination,
        message_id: sent.messageId,
        subject: notification.subject,
        sent_at: sent.sentAt,
      },
    },
  };
}

function entry(
  incident: IncidentState,
  rule: CompiledRule,
  recordedAt: Date,
  kind: AuditKind,
  evidence: readonly RuleMatch[],
  identityParts: readonly string[],
): AuditEntry {
  return {
    identity: shortHash([kind, incident.incidentId, ...identityParts].join('\n')),
    record: toAuditRecord(incident, rule, recordedAt, kind, evidence, kind === 'incident-resolved'),
  };
}

function toAuditRecord(
  incident: IncidentState,
  rule: CompiledRule,
  recordedAt: Date,
  kind: AuditKind,
  evidence: readonly RuleMatch[],
  reportsResolution: boolean,
): AuditRecord {
  const header = toIncidentHeader(incident, rule);
  const firstEventMs = incident.evidence[0]?.event.timeMs ?? incident.firstEventMs;
  const resolution = reportsResolution && incident.status === 'resolved' ? incident.resolution : undefined;
  return {
    kind,
    recorded_at: recordedAt.toISOString(),
    incident_id: header.incidentId,
    rule_id: header.ruleId,
    rule_version: header.ruleVersion,
    node: header.node,
    title: header.title,
    severity: header.severity,
    first_event_at: header.firstEventAt,
    last_event_at: header.lastEventAt,
    resolved_at: resolution ? header.resolvedAt : null,
    time_to_resolve_seconds: resolution ? Math.round((resolution.event.timeMs - firstEventMs) / 1000) : null,
    evidence: evidence.map((match) => toAuditEvidence(toEvidenceReport(match, rule), match.event.raw)),
    notification: null,
    historical: incident.withheld?.historical ?? false,
    muted: incident.withheld?.muted ?? null,
  };
}

/** The serialised contract of one evidence event: the report's fields in the trail's names, plus the raw record. */
function toAuditEvidence(report: EvidenceReport, raw: string | undefined): AuditEvidence {
  return {
    event_id: report.eventId,
    record_id: report.recordId,
    computer: report.computer,
    channel: report.channel,
    provider: report.provider,
    time: report.time,
    message: report.message,
    format: report.format,
    object_key: report.source.object,
    line: report.source.line ?? null,
    byte_offset: report.source.byteOffset,
    raw: raw ?? null,
  };
}
