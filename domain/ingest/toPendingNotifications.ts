import { notificationAuditTemplate } from '../audit/toAuditRecords';
import type { CorrelationChange } from '../correlation/applyMatch';
import { toIncidentReport } from '../incident/IncidentReport';
import { renderIncidentMessages, renderResolvedMessages } from '../incident/renderIncidentMessages';
import type { PendingNotification } from '../ports/CorrelationStore';
import type { CompiledRule } from '../rules/CompiledRule';

/**
 * The alerts one `applyMatch` call decided: one when an incident opens, one when it is first resolved.
 * Ids are deterministic per incident, so the same decision taken twice (a retry, a concurrent writer)
 * names the same alert, and the ledger sends it once. A reopened incident sends nothing new: its alert
 * already went out under the same id, and the audit trail records the new evidence. An incident that
 * was not paged when detected (`IncidentState.withheld`) sends neither.
 */
export function toPendingNotifications(
  changes: readonly CorrelationChange[],
  rule: CompiledRule,
  decidedAt: Date,
): PendingNotification[] {
  const pending: PendingNotification[] = [];
  for (const change of changes) {
    if (change.kind !== 'incident-opened' && change.kind !== 'incident-resolved') continue;
    const { incident } = change;
    // Neither the alert nor the resolution of an incident that was not paged when detected.
    if (incident.withheld) continue;
    const report = toIncidentReport(incident, rule);
    const kind = change.kind === 'incident-opened' ? 'incident' : 'resolved';
    const messages =
      kind === 'incident'
        ? renderIncidentMessages(report, rule.smsAction, { detectedAt: decidedAt })
        : renderResolvedMessages(report);
    const evidence =
      kind === 'incident' ? incident.evidence : incident.resolution ? [incident.resolution] : [];
    pending.push({
      notification: {
        notificationId: `${incident.incidentId}#${kind}`,
        kind,
        incidentId: incident.incidentId,
        ruleId: incident.ruleId,
        node: incident.node,
        severity: rule.severity,
        ...messages,
      },
      audit: notificationAuditTemplate(incident, rule, decidedAt, evidence, kind),
    });
  }
  return pending;
}
