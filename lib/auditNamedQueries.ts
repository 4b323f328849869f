/** An Athena saved query over `audit_records`; each `?` is an execution parameter, in `parameters` order. */
export interface AuditNamedQuery {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** What each `?` stands for, in order. */
  readonly parameters: readonly string[];
  readonly sql: string;
}

const DATE_RANGE = ['from date (yyyy-MM-dd, inclusive)', 'to date (yyyy-MM-dd, inclusive)'] as const;

/** Source times keep the shipper's precision and may lack a zone: those read as NULL, not as an error. */
const at = (column: string) => `try(from_iso8601_timestamp(${column}))`;

/**
 * The operators' standing questions to the audit trail. `table` is `"<database>"."audit_records"`.
 * Every query is bounded by a `dt` range and names the `kind` partitions it needs, so Athena reads
 * only those folders; times are compared as timestamps, not as text.
 */
export function auditNamedQueries(table: string): AuditNamedQuery[] {
  const queries: Array<Omit<AuditNamedQuery, 'description'> & { readonly summary: string }> = [
    {
      id: 'IncidentsForNode',
      name: 'incidents-for-node',
      summary: 'Incidents opened on one node, newest first.',
      parameters: [...DATE_RANGE, 'node name (any letter case)'],
      sql: `SELECT incident_id, rule_id, rule_version, title, severity,
  ${at('first_event_at')} AS first_event_at, ${at('last_event_at')} AS last_event_at,
  from_iso8601_timestamp(recorded_at) AS recorded_at
FROM ${table}
WHERE kind = 'incident-opened' AND dt BETWEEN ? AND ? AND lower(node) = lower(?)
ORDER BY from_iso8601_timestamp(recorded_at) DESC`,
    },
    {
      id: 'IncidentsInRangeByNode',
      name: 'incidents-in-time-range-by-node',
      summary: 'Incidents opened in a date range, counted and listed per node.',
      parameters: [...DATE_RANGE],
      sql: `SELECT node, count(*) AS incidents, array_agg(incident_id ORDER BY ${at('first_event_at')}) AS incident_ids,
  min(${at('first_event_at')}) AS first_event_at, max(${at('last_event_at')}) AS last_event_at
FROM ${table}
WHERE kind = 'incident-opened' AND dt BETWEEN ? AND ?
GROUP BY node
ORDER BY incidents DESC, node`,
    },
    {
      id: 'EvidenceOfIncident',
      name: 'evidence-of-incident',
      summary: 'Every evidence event recorded for one incident, in event time order.',
      parameters: [...DATE_RANGE, 'incident id'],
      sql: `SELECT r.incident_id, ${at('e."time"')} AS event_time, e."time" AS event_time_as_logged, e.computer,
  e.channel, e.provider, e.event_id, e.record_id, e.message, e.format, e.object_key, e.line, e.byte_offset, e.raw
FROM ${table} AS r
CROSS JOIN UNNEST(r.evidence) AS t(e)
WHERE r.kind IN ('incident-opened', 'evidence-added') AND r.dt BETWEEN ? AND ? AND r.incident_id = ?
ORDER BY ${at('e."time"')} NULLS LAST, e."time"`,
    },
    {
      id: 'NodesWithRepeatedIncidents',
      name: 'nodes-with-repeated-incidents',
      summary: 'Nodes where the same rule opened more than one incident in a date range.',
      parameters: [...DATE_RANGE],
      sql: `SELECT node, rule_id, count(*) AS incidents, min(${at('first_event_at')}) AS first_seen,
  max(${at('first_event_at')}) AS last_seen
FROM ${table}
WHERE kind = 'incident-opened' AND dt BETWEEN ? AND ?
GROUP BY node, rule_id
HAVING count(*) > 1
ORDER BY incidents DESC, node`,
    },
    {
      id: 'OpenIncidents',
      name: 'open-incidents',
      summary:
        'Incidents not resolved as of the to date (a failure recorded after a resolution reopens one), with how long each has been open; give the date range the incidents were opened in up to today.',
      parameters: [...DATE_RANGE],
      sql: `SELECT incident_id, arbitrary(node) AS node, arbitrary(rule_id) AS rule_id, arbitrary(title) AS title,
  arbitrary(severity) AS severity, opened_at,
  date_diff('second', opened_at, current_timestamp) AS seconds_open
FROM (
  SELECT incident_id, node, rule_id, title, severity,
    min(CASE WHEN kind = 'incident-opened' THEN from_iso8601_timestamp(recorded_at) END)
      OVER (PARTITION BY incident_id) AS opened_at,
    max(CASE WHEN kind = 'incident-resolved' THEN from_iso8601_timestamp(recorded_at) END)
      OVER (PARTITION BY incident_id) AS resolved_recorded_at,
    max(CASE WHEN kind IN ('incident-opened', 'evidence-added') THEN from_iso8601_timestamp(recorded_at) END)
      OVER (PARTITION BY incident_id) AS evidence_recorded_at
  FROM ${table}
  WHERE kind IN ('incident-opened', 'evidence-added', 'incident-resolved') AND dt BETWEEN ? AND ?
) AS records
WHERE opened_at IS NOT NULL
  AND (resolved_recorded_at IS NULL OR resolved_recorded_at < evidence_recorded_at)
GROUP BY incident_id, opened_at
ORDER BY seconds_open DESC`,
    },
  ];
  return queries.map(({ summary, ...query }) => ({
    ...query,
    description: `${summary} Parameters: ${query.parameters.join(', ')}.`,
  }));
}
