/** The runner's line for an incident the handler recorded without paging (its `incident recorded, not paged` log). */
export function describeNotPaged(entry: Readonly<Record<string, unknown>>): string {
  const reasons = [
    ...(entry.historical === true ? [`historical: last event ${String(entry.lastEventAt)}`] : []),
    ...(typeof entry.mutedReason === 'string' ? [`muted: ${entry.mutedReason}`] : []),
  ];
  return `not paged: ${String(entry.ruleId)} on ${String(entry.node)} (incident ${String(entry.incidentId)}), ${reasons.join('; ')}; recorded in the audit trail`;
}
