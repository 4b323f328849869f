import type { IncidentReport } from './IncidentReport';
import { safeNodeLabel } from './safeNodeLabel';

/** The texts of one alert: an email (full) and an SMS (one GSM-7 segment), with a safe subject. */
export interface IncidentMessages {
  readonly subject: string;
  readonly email: string;
  readonly sms: string;
}

export const MAX_SUBJECT_LENGTH = 99;
export const MAX_SMS_LENGTH = 160;

/** Removes control characters so log text cannot forge lines or terminal sequences in an email. */
function printable(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
  return text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/g, ' ');
}

function fitSubject(text: string): string {
  const ascii = text.replace(/[^\x20-\x7E]/g, '?');
  return ascii.length <= MAX_SUBJECT_LENGTH ? ascii : `${ascii.slice(0, MAX_SUBJECT_LENGTH - 3)}...`;
}

export function renderIncidentMessages(report: IncidentReport, smsAction: string): IncidentMessages {
  const subject = fitSubject(
    `[${report.severity.toUpperCase()}] ${report.kb.id} on ${safeNodeLabel(report.node, 40)}: ${report.title}`,
  );
  const evidenceLines = report.evidence.map(
    (e) =>
      `- ${e.time}  ${e.channel}/${e.provider} event ${e.eventId}` +
      `${e.recordId === null ? '' : ` (record ${e.recordId})`}: ${printable(e.message ?? '(no rendered message)')}\n` +
      `  from ${e.source.object}${e.source.line === undefined ? `@${e.source.byteOffset}` : `:${e.source.line}`}`,
  );
  const email = [
    `${report.title}`,
    '',
    `Node:        ${printable(report.node)}`,
    `Rule:        ${report.ruleId} (version ${report.ruleVersion}), severity ${report.severity}`,
    `Knowledge:   ${report.kb.id}${report.kb.url ? ` ${report.kb.url}` : ''}`,
    `First event: ${report.firstEventAt}`,
    `Last event:  ${report.lastEventAt}`,
    `Incident:    ${report.incidentId}`,
    '',
    'What to do:',
    printable(report.remediation),
    '',
    'Evidence:',
    ...evidenceLines,
    '',
  ].join('\n');
  const sms = fitSms(
    `${report.kb.id} on ${safeNodeLabel(report.node, 40)}: ${smsAction}. Incident ${report.incidentId}`,
  );
  return { subject, email, sms };
}

export function renderResolvedMessages(report: IncidentReport): IncidentMessages {
  const node = safeNodeLabel(report.node, 40);
  const subject = fitSubject(`[RESOLVED] ${report.kb.id} on ${node}: ${report.title}`);
  const email = [
    `Resolved: ${report.title}`,
    '',
    `Node:      ${printable(report.node)}`,
    `Incident:  ${report.incidentId}`,
    `Opened by: events from ${report.firstEventAt} to ${report.lastEventAt}`,
    `Resolved:  ${report.resolvedAt ?? 'unknown'} (the node logged the fix)`,
    '',
  ].join('\n');
  const sms = fitSms(`RESOLVED ${report.kb.id} on ${node}. Incident ${report.incidentId}`);
  return { subject, email, sms };
}

/** GSM-7 basic characters only (no escapes that count double), within one 160-character segment. */
function fitSms(text: string): string {
  const gsm = text.replace(/[^A-Za-z0-9 .,:;!?'"()\-+/=@#%&*<>_$]/g, '-');
  return gsm.length <= MAX_SMS_LENGTH ? gsm : `${gsm.slice(0, MAX_SMS_LENGTH - 3)}...`;
}
