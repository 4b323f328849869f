import type { NormalisedEvent } from '../event/NormalisedEvent';

/** Most of a record's raw text kept as evidence (state, audit trail); real Windows events are 1-4 KB. */
export const MAX_EVIDENCE_RAW_CHARS = 16 * 1024;
export const MAX_EVIDENCE_MESSAGE_CHARS = 4 * 1024;
const MAX_EVIDENCE_DATA_CHARS = 4 * 1024;
const CUT_MARK = ' [truncated]';

/**
 * An event as kept for evidence, after rules have matched it: raw text and message cut to a bounded
 * length (marked), and event data dropped when large (alerts and audit records never show it). This
 * keeps one stored match small whatever a shipper sends, so a state item stays far below DynamoDB's
 * 400 KB item limit.
 */
export function boundEvidence(event: NormalisedEvent): NormalisedEvent {
  const raw = cut(event.raw, MAX_EVIDENCE_RAW_CHARS);
  const message = cut(event.message, MAX_EVIDENCE_MESSAGE_CHARS);
  const dataFits = JSON.stringify(event.data).length <= MAX_EVIDENCE_DATA_CHARS;
  if (raw === event.raw && message === event.message && dataFits) return event;
  return {
    ...event,
    raw,
    message,
    data: dataFits ? event.data : { named: {}, positional: [] },
  };
}

function cut(text: string | undefined, max: number): string | undefined {
  if (text === undefined || text.length <= max) return text;
  return `${text.slice(0, max - CUT_MARK.length)}${CUT_MARK}`;
}
