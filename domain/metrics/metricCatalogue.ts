/**
 * Every custom metric the functions emit, with the dimension names of each EMF document that carries
 * it. The functions emit through these names and the monitoring construct (`lib/FleetMonitoring.ts`)
 * graphs and alarms only on them, so a widget can never ask for a metric, or a dimension set, that
 * nothing writes. Powertools Metrics adds the `service` dimension to every document.
 */
export const metricCatalogue = {
  namespace: 'WinlogCorrelator',
  service: 'winlog-correlator',
  metrics: {
    EventsRead: ['service'],
    BytesRead: ['service'],
    IngestLagSeconds: ['service'],
    RecordsRejected: ['service', 'reason'],
    RecordsOfUnknownShape: ['service', 'ObjectPrefix'],
    /** Objects whose zone-less event times disagree with an absolute time in the same records. */
    ZoneMismatches: ['service', 'ObjectPrefix'],
    RuleMatches: ['service', 'ruleId'],
    /** Matches older than the allowed lateness behind a node's newest event (not correlated). */
    LateMatches: ['service'],
    /** Matches dropped because a node's correlation state reached its limit (same shape as LateMatches). */
    StateOverflowMatches: ['service'],
    IncidentsRaised: ['service', 'ruleId'],
    /** Written by the drain every run: alerts it sent for an invocation that died after claiming them. */
    AlertsDrained: ['service'],
    IncidentsResolved: ['service', 'ruleId'],
    /** Incidents recorded but not paged: last evidence older than `pageWithin` at detection. */
    IncidentsHistorical: ['service', 'ruleId'],
    /** Incidents recorded but not paged: the node was muted (maintenance window) at detection. */
    IncidentsMuted: ['service', 'ruleId'],
    /** Written by the silence check every run once any node is known: age of the fleet's newest event. */
    FleetSecondsSinceLastEvent: ['service'],
    /** Written by the silence check every run: nodes silent for longer than `silentAfter`. */
    NodesSilent: ['service'],
  },
} as const;

export type CatalogueMetricName = keyof typeof metricCatalogue.metrics;

/** The one dimension (besides `service`) of a per-value metric, e.g. `ruleId` for RuleMatches. */
export type DimensionOf<Name extends CatalogueMetricName> = Exclude<
  (typeof metricCatalogue.metrics)[Name][number],
  'service'
>;
