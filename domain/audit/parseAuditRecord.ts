import type { AuditKind, AuditRecord } from './toAuditRecords';

const KINDS: readonly AuditKind[] = [
  'incident-opened',
  'evidence-added',
  'notification-sent',
  'incident-resolved',
];
const REQUIRED_TEXT = [
  'recorded_at',
  'incident_id',
  'rule_id',
  'node',
  'first_event_at',
  'last_event_at',
] as const;

export type ParsedAuditRecord =
  | { readonly kind: 'record'; readonly record: AuditRecord }
  | { readonly kind: 'invalid'; readonly reason: string };

/**
 * One line of the audit trail, checked for the fields readers rely on (kind, ids, node, times, evidence
 * list); the rest is taken as the writer (`toAuditRecords`) wrote it.
 */
export function parseAuditRecord(line: string): ParsedAuditRecord {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { kind: 'invalid', reason: `not JSON: ${(error as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { kind: 'invalid', reason: 'not a JSON object' };
  const fields = value as Record<string, unknown>;
  if (!KINDS.includes(fields.kind as AuditKind))
    return { kind: 'invalid', reason: `unknown kind ${JSON.stringify(fields.kind)}` };
  for (const name of REQUIRED_TEXT) {
    if (typeof fields[name] !== 'string') return { kind: 'invalid', reason: `${name} is not text` };
  }
  if (Number.isNaN(Date.parse(fields.recorded_at as string)))
    return { kind: 'invalid', reason: 'recorded_at is not a time' };
  if (!Array.isArray(fields.evidence)) return { kind: 'invalid', reason: 'evidence is not a list' };
  return { kind: 'record', record: value as AuditRecord };
}
