import type { NormalisedEvent } from '../event/NormalisedEvent';

/** Most of a record's raw text kept as evidence (state, audit trail); real Windows events are 1-4 KB. */
export const MAX_EVIDENCE_RAW_CHARS = 4 * 1024;
export const MAX_EVIDENCE_MESSAGE_CHARS = 4 * 1024;
const MAX_EVIDENCE_DATA_CHARS = 4 * 1024;
const CUT_MARK = ' [truncated]';

/**
 * An event as kept for evidence once a rule matched it: what an alert and the audit need, bounded.
 * Raw text and message are cut (marked), event data dropped when large; the full record stays
 * reachable through `source`. The result shares no memory with the record it came from: a parser's
 * substrings keep their whole source text (a 900 KB record, a 64 KB read chunk) alive, which held
 * gigabytes when thousands of matches waited for their next step.
 */
export function boundEvidence(event: NormalisedEvent): NormalisedEvent {
  const dataFits = dataChars(event) <= MAX_EVIDENCE_DATA_CHARS;
  const bounded: NormalisedEvent = {
    ...event,
    raw: cut(event.raw, MAX_EVIDENCE_RAW_CHARS),
    message: cut(event.message, MAX_EVIDENCE_MESSAGE_CHARS),
    data: dataFits ? event.data : { named: {}, positional: [] },
  };
  return JSON.parse(JSON.stringify(bounded)) as NormalisedEvent;
}

/** Approximate memory one bounded match holds, for the state budget. */
export function evidenceBytes(event: NormalisedEvent): number {
  return 512 + 2 * ((event.raw?.length ?? 0) + (event.message?.length ?? 0) + dataChars(event));
}

function dataChars(event: NormalisedEvent): number {
  let total = 0;
  for (const [name, value] of Object.entries(event.data.named)) total += name.length + value.length;
  for (const value of event.data.positional) total += value.length;
  return total;
}

function cut(text: string | undefined, max: number): string | undefined {
  if (text === undefined || text.length <= max) return text;
  return `${text.slice(0, max - CUT_MARK.length)}${CUT_MARK}`;
}
