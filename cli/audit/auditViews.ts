import { findRepeatedIncidents, type RepeatedIncidents } from '../../domain/audit/findRepeatedIncidents';
import type { IncidentSummary } from '../../domain/audit/foldIncidents';
import type { AuditEvidence, AuditNotification } from '../../domain/audit/toAuditRecords';
import { formatDuration } from '../../domain/rules/parseDuration';
import { shortTime } from '../output/shortTime';
import type { Column } from '../output/writeRows';

export type AuditViewName = 'incidents' | 'evidence' | 'notifications' | 'repeated';

export const AUDIT_VIEW_NAMES: readonly AuditViewName[] = [
  'incidents',
  'evidence',
  'notifications',
  'repeated',
];

/** Rows and columns of one view, ready for `writeRows`. */
export interface AuditViewOutput<Row = unknown> {
  readonly rows: readonly Row[];
  readonly columns: readonly Column<Row>[];
  /** "3 incidents", for the summary line. */
  readonly noun: string;
}

/** What each `--view` shows of the folded incidents. */
export function auditView(view: AuditViewName, incidents: readonly IncidentSummary[]): AuditViewOutput {
  switch (view) {
    case 'incidents':
      return described(incidents, INCIDENT_COLUMNS, ['incident', 'incidents']);
    case 'evidence':
      return described(incidents.flatMap(evidenceRows), EVIDENCE_COLUMNS, [
        'evidence event',
        'evidence events',
      ]);
    case 'notifications':
      return described(incidents.flatMap(notificationRows), NOTIFICATION_COLUMNS, [
        'notification',
        'notifications',
      ]);
    case 'repeated':
      return described(findRepeatedIncidents(incidents), REPEATED_COLUMNS, [
        'node with repeated incidents',
        'nodes with repeated incidents',
      ]);
  }
}

function described<Row>(
  rows: readonly Row[],
  columns: readonly Column<Row>[],
  [singular, plural]: readonly [string, string],
): AuditViewOutput {
  return {
    rows,
    columns: columns as readonly Column<unknown>[],
    noun: `${rows.length} ${rows.length === 1 ? singular : plural}`,
  };
}

/** `2024-03-14T02:17:45.1234567Z` as `2024-03-14 02:17:45Z` for tables. */
function time<Row>(name: string, value: (row: Row) => string | null): Column<Row> {
  return { name, value, tableText: (row) => shortTime(value(row)) };
}

const INCIDENT_COLUMNS: readonly Column<IncidentSummary>[] = [
  { name: 'incident_id', value: (i) => i.incidentId },
  { name: 'status', value: (i) => i.status },
  { name: 'node', value: (i) => i.node, tableMaxWidth: 32 },
  { name: 'rule_id', value: (i) => i.ruleId },
  { name: 'rule_version', value: (i) => i.ruleVersion, tableHidden: true },
  { name: 'title', value: (i) => i.title, tableHidden: true },
  { name: 'severity', value: (i) => i.severity },
  time('first_event_at', (i) => i.firstEventAt),
  time('last_event_at', (i) => i.lastEventAt),
  time('resolved_at', (i) => i.resolvedAt),
  {
    name: 'time_to_resolve_seconds',
    value: (i) => i.timeToResolveSeconds,
    tableText: (i) => (i.timeToResolveSeconds === null ? '-' : formatDuration(i.timeToResolveSeconds * 1000)),
  },
  { name: 'evidence_events', value: (i) => i.evidence.length },
  { name: 'notifications_sent', value: (i) => i.notifications.length },
  { name: 'not_paged', value: notPaged, tableMaxWidth: 40 },
  { name: 'alerted_at', value: (i) => sentAt(i, 'incident'), tableHidden: true },
  { name: 'resolution_sent_at', value: (i) => sentAt(i, 'resolved'), tableHidden: true },
  {
    name: 'notified',
    value: (i) => [...new Set(i.notifications.map((n) => n.topic_arn))].join(' ') || null,
    tableHidden: true,
  },
];

/** Why the incident was not paged: `historical`, `muted: <reason>`, both, or null when it was. */
function notPaged(incident: IncidentSummary): string | null {
  const reasons = [
    ...(incident.historical ? ['historical'] : []),
    ...(incident.muted ? [`muted: ${incident.muted.reason}`] : []),
  ];
  return reasons.length > 0 ? reasons.join('; ') : null;
}

function sentAt(incident: IncidentSummary, kind: AuditNotification['kind']): string | null {
  return incident.notifications.find((n) => n.kind === kind)?.sent_at ?? null;
}

interface EvidenceRow {
  readonly incident: IncidentSummary;
  readonly role: 'evidence' | 'resolution';
  readonly event: AuditEvidence;
}

function evidenceRows(incident: IncidentSummary): EvidenceRow[] {
  return [
    ...incident.evidence.map((event) => ({ incident, role: 'evidence' as const, event })),
    ...(incident.resolution ? [{ incident, role: 'resolution' as const, event: incident.resolution }] : []),
  ];
}

const EVIDENCE_COLUMNS: readonly Column<EvidenceRow>[] = [
  { name: 'incident_id', value: (r) => r.incident.incidentId },
  { name: 'node', value: (r) => r.incident.node, tableHidden: true },
  { name: 'rule_id', value: (r) => r.incident.ruleId, tableHidden: true },
  { name: 'role', value: (r) => r.role },
  time('time', (r) => r.event.time),
  { name: 'event_id', value: (r) => r.event.event_id },
  { name: 'record_id', value: (r) => r.event.record_id },
  { name: 'computer', value: (r) => r.event.computer, tableMaxWidth: 32 },
  { name: 'channel', value: (r) => r.event.channel, tableHidden: true },
  { name: 'provider', value: (r) => r.event.provider, tableMaxWidth: 24 },
  { name: 'message', value: (r) => r.event.message, tableMaxWidth: 60 },
  { name: 'format', value: (r) => r.event.format, tableHidden: true },
  { name: 'object_key', value: (r) => r.event.object_key, tableMaxWidth: 60 },
  { name: 'line', value: (r) => r.event.line, tableHidden: true },
  { name: 'byte_offset', value: (r) => r.event.byte_offset },
  { name: 'raw', value: (r) => r.event.raw, tableHidden: true },
];

interface NotificationRow {
  readonly incident: IncidentSummary;
  readonly notification: AuditNotification;
}

function notificationRows(incident: IncidentSummary): NotificationRow[] {
  return incident.notifications.map((notification) => ({ incident, notification }));
}

const NOTIFICATION_COLUMNS: readonly Column<NotificationRow>[] = [
  { name: 'incident_id', value: (r) => r.incident.incidentId },
  { name: 'node', value: (r) => r.incident.node, tableMaxWidth: 32 },
  { name: 'rule_id', value: (r) => r.incident.ruleId },
  { name: 'kind', value: (r) => r.notification.kind },
  time('sent_at', (r) => r.notification.sent_at),
  { name: 'subject', value: (r) => r.notification.subject, tableMaxWidth: 60 },
  { name: 'topic_arn', value: (r) => r.notification.topic_arn, tableMaxWidth: 60 },
  { name: 'message_id', value: (r) => r.notification.message_id, tableHidden: true },
];

const REPEATED_COLUMNS: readonly Column<RepeatedIncidents>[] = [
  { name: 'node', value: (r) => r.node, tableMaxWidth: 32 },
  { name: 'rule_id', value: (r) => r.ruleId },
  { name: 'incidents', value: (r) => r.incidents },
  { name: 'open', value: (r) => r.open },
  time('first_event_at', (r) => r.firstEventAt),
  time('last_event_at', (r) => r.lastEventAt),
  { name: 'incident_ids', value: (r) => r.incidentIds.join(' '), tableMaxWidth: 80 },
];
