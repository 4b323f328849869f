import { cut } from '../correlation/boundEvidence';
import { describeAge } from './describeAge';
import { fitSmsSegment } from './fitSmsSegment';
import type { IncidentReport } from './IncidentReport';
import { INCIDENT_SMS_PREFIX } from './incidentTopicDisplayName';
import { nodeInText, safeNodeLabel, unicodeEscape } from './safeNodeLabel';

/**
 * The texts of one alert: an email (full) and an SMS (one GSM-7 segment including the prefix SNS adds),
 * with a safe subject.
 */
export interface IncidentMessages {
  readonly subject: string;
  readonly email: string;
  readonly sms: string;
}

export const MAX_SUBJECT_LENGTH = 99;
/** Characters of each evidence message an alert email shows; the audit trail keeps the whole text. */
export const EMAIL_EVIDENCE_MESSAGE_CHARS = 500;

/** Removes control characters so log text cannot forge lines or terminal sequences in an email. */
function printable(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
  return text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/g, ' ');
}

/** Characters that could reorder or hide what a logged text says: bidirectional overrides, zero-width. */
const INVISIBLE = /[\p{Cf}\p{Zl}\p{Zp}]/gu;

/**
 * Logged text as an evidence item shows it: controls blanked, invisible characters written as `\uXXXX`,
 * and every line after the first indented under its item, so the text cannot pose as a section or a step.
 */
function asEvidenceText(text: string): string {
  return printable(text).replace(INVISIBLE, unicodeEscape).replace(/\n/g, '\n    ');
}

function fitSubject(text: string): string {
  const ascii = text.replace(/[^\x20-\x7E]/g, '?');
  return ascii.length <= MAX_SUBJECT_LENGTH ? ascii : `${ascii.slice(0, MAX_SUBJECT_LENGTH - 3)}...`;
}

export interface IncidentMessageOptions {
  /** When the pipeline detected the incident: the email says when, and how old the last event was then. */
  readonly detectedAt?: Date;
  /** @default INCIDENT_SMS_PREFIX */
  readonly smsPrefix?: string;
}

/** What broke, where, and what to do come first in the SMS; the incident id only when it still fits. */
export function renderIncidentMessages(
  report: IncidentReport,
  smsAction: string,
  options: IncidentMessageOptions = {},
): IncidentMessages {
  const smsPrefix = options.smsPrefix ?? INCIDENT_SMS_PREFIX;
  const subject = fitSubject(
    `[${report.severity.toUpperCase()}] ${report.kb.id} on ${safeNodeLabel(report.node, 40)}: ${report.title}`,
  );
  const evidenceLines = report.evidence.map(
    (e) =>
      `- ${e.time}  ${e.channel}/${e.provider} event ${e.eventId}` +
      `${e.recordId === null ? '' : ` (record ${e.recordId})`}: ${asEvidenceText(cut(e.message ?? undefined, EMAIL_EVIDENCE_MESSAGE_CHARS) ?? '(no rendered message)')}\n` +
      `  from ${asEvidenceText(e.source.object)}${e.source.line === undefined ? `@${e.source.byteOffset}` : `:${e.source.line}`}`,
  );
  const email = [
    `${report.title}`,
    '',
    `Node:        ${nodeInText(report.node)}`,
    `Rule:        ${report.ruleId} (version ${report.ruleVersion}), severity ${report.severity}`,
    `Knowledge:   ${report.kb.id}${report.kb.url ? ` ${report.kb.url}` : ''}`,
    `First event: ${report.firstEventAt}`,
    `Last event:  ${report.lastEventAt}`,
    ...(options.detectedAt ? [`Detected:    ${describeDetection(report, options.detectedAt)}`] : []),
    `Incident:    ${report.incidentId}`,
    '',
    'What to do:',
    printable(report.remediation),
    '',
    'Evidence:',
    ...evidenceLines,
    ...(report.omittedEvidence > 0
      ? [`- ${report.omittedEvidence} more matching events not listed (the audit trail has each)`]
      : []),
    '',
  ].join('\n');
  const essentials = `${report.severity.toUpperCase()} ${report.kb.id} ${safeNodeLabel(report.node, 40)}: ${report.title}. Do: ${smsAction}.`;
  const sms = fitSmsSegment(withIdIfItFits(essentials, report.incidentId, smsPrefix), smsPrefix);
  return { subject, email, sms };
}

export function renderResolvedMessages(
  report: IncidentReport,
  smsPrefix: string = INCIDENT_SMS_PREFIX,
): IncidentMessages {
  const node = safeNodeLabel(report.node, 40);
  const subject = fitSubject(`[RESOLVED] ${report.kb.id} on ${node}: ${report.title}`);
  const email = [
    `Resolved: ${report.title}`,
    '',
    `Node:      ${nodeInText(report.node)}`,
    `Incident:  ${report.incidentId}`,
    `Opened by: events from ${report.firstEventAt} to ${report.lastEventAt}`,
    `Resolved:  ${report.resolvedAt ?? 'unknown'} (the node logged the fix)`,
    '',
  ].join('\n');
  const sms = fitSmsSegment(
    withIdIfItFits(`RESOLVED ${report.kb.id} ${node}: ${report.title}.`, report.incidentId, smsPrefix),
    smsPrefix,
  );
  return { subject, email, sms };
}

/** `2026-12-01T01:02:03.000Z, last event 2 min before detection`. */
export function describeDetection(report: Pick<IncidentReport, 'lastEventAt'>, detectedAt: Date): string {
  const lastEventMs = Date.parse(report.lastEventAt);
  const age = Number.isNaN(lastEventMs)
    ? 'age of the last event unknown'
    : `last event ${describeAge(detectedAt.getTime() - lastEventMs)} before detection`;
  return `${detectedAt.toISOString()}, ${age}`;
}

function withIdIfItFits(text: string, incidentId: string, smsPrefix: string): string {
  const withId = `${text} Incident ${incidentId}`;
  return fitSmsSegment(withId, smsPrefix) === withId ? withId : text;
}
