/** An Athena saved query over `audit_records`; `?` marks an execution parameter, in order. */
export interface AuditNamedQuery {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly sql: string;
}

/** The operators' standing questions to the audit trail. `table` is `"<database>"."audit_records"`. */
export function auditNamedQueries(table: string): AuditNamedQuery[] {
  return [
    {
      id: 'IncidentsForNode',
      name: 'incidents-for-node',
      description: 'Incidents opened on one node, newest first. Parameter: node name (any letter case).',
      sql: `SELECT incident_id, rule_id, rule_version, title, severity, first_event_at, last_event_at, recorded_at
FROM ${table}
WHERE kind = 'incident-opened' AND lower(node) = lower(?)
ORDER BY recorded_at DESC`,
    },
    {
      id: 'IncidentsInRangeByNode',
      name: 'incidents-in-time-range-by-node',
      description:
        'Incidents opened between two dates (inclusive, yyyy-MM-dd), counted and listed per node. Parameters: from date, to date.',
      sql: `SELECT node, count(*) AS incidents, array_agg(incident_id ORDER BY first_event_at) AS incident_ids,
  min(first_event_at) AS first_event_at, max(last_event_at) AS last_event_at
FROM ${table}
WHERE kind = 'incident-opened' AND dt BETWEEN ? AND ?
GROUP BY node
ORDER BY incidents DESC, node`,
    },
    {
      id: 'EvidenceOfIncident',
      name: 'evidence-of-incident',
      description:
        'Every evidence event recorded for one incident, in event time order. Parameter: incident id.',
      sql: `SELECT r.incident_id, e."time", e.computer, e.channel, e.provider, e.event_id, e.record_id, e.message,
  e.format, e.object_key, e.line, e.byte_offset, e.raw
FROM ${table} AS r
CROSS JOIN UNNEST(r.evidence) AS t(e)
WHERE r.incident_id = ? AND r.kind IN ('incident-opened', 'evidence-added')
ORDER BY e."time"`,
    },
    {
      id: 'NodesWithRepeatedIncidents',
      name: 'nodes-with-repeated-incidents',
      description: 'Nodes where the same rule opened more than one incident in the last 90 days.',
      sql: `SELECT node, rule_id, count(*) AS incidents, min(first_event_at) AS first_seen, max(first_event_at) AS last_seen
FROM ${table}
WHERE kind = 'incident-opened' AND dt >= date_format(current_date - INTERVAL '90' DAY, '%Y-%m-%d')
GROUP BY node, rule_id
HAVING count(*) > 1
ORDER BY incidents DESC, node`,
    },
    {
      id: 'OpenIncidents',
      name: 'open-incidents',
      description:
        'Incidents of the last 90 days not resolved (a failure recorded after a resolution reopens one), with how long each has been open.',
      sql: `WITH latest AS (
  SELECT incident_id,
    max(CASE WHEN kind = 'incident-resolved' THEN recorded_at END) AS resolved_recorded_at,
    max(CASE WHEN kind IN ('incident-opened', 'evidence-added') THEN recorded_at END) AS evidence_recorded_at
  FROM ${table}
  WHERE dt >= date_format(current_date - INTERVAL '90' DAY, '%Y-%m-%d')
  GROUP BY incident_id
)
SELECT o.incident_id, o.node, o.rule_id, o.title, o.severity, o.recorded_at AS opened_at,
  date_diff('second', from_iso8601_timestamp(o.recorded_at), current_timestamp) AS seconds_open
FROM ${table} AS o
JOIN latest AS l ON o.incident_id = l.incident_id
WHERE o.kind = 'incident-opened'
  AND o.dt >= date_format(current_date - INTERVAL '90' DAY, '%Y-%m-%d')
  AND (l.resolved_recorded_at IS NULL OR l.resolved_recorded_at < l.evidence_recorded_at)
ORDER BY seconds_open DESC`,
    },
  ];
}
