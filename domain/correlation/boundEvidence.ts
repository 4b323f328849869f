import type { NormalisedEvent } from '../event/NormalisedEvent';

/** Most of a record's raw text kept as evidence (state, audit trail); real Windows events are 1-4 KB. */
export const MAX_EVIDENCE_RAW_CHARS = 4 * 1024;
export const MAX_EVIDENCE_MESSAGE_CHARS = 4 * 1024;
const MAX_EVIDENCE_DATA_CHARS = 4 * 1024;
const CUT_MARK = ' [truncated]';

/**
 * An event as kept for evidence once a rule matched it: what an alert and the audit need, bounded.
 * Raw text and message are cut (marked), event data dropped when large; the full record stays
 * reachable through `source`. A parser's substrings keep their whole source text alive, and the
 * readers' source text is the record itself (`raw`): an event whose record is within the bounds is
 * kept as it is, and one that had to be cut is copied so that it shares no memory with its record
 * (3000 pending matches of 900 KB records once held 2.7 GB).
 */
export function boundEvidence(event: NormalisedEvent): NormalisedEvent {
  const dataFits = dataChars(event) <= MAX_EVIDENCE_DATA_CHARS;
  const withinBounds =
    event.raw !== undefined &&
    event.raw.length <= MAX_EVIDENCE_RAW_CHARS &&
    (event.message?.length ?? 0) <= MAX_EVIDENCE_MESSAGE_CHARS &&
    dataFits;
  if (withinBounds) return event;
  const bounded: NormalisedEvent = {
    ...event,
    raw: cut(event.raw, MAX_EVIDENCE_RAW_CHARS),
    message: cut(event.message, MAX_EVIDENCE_MESSAGE_CHARS),
    data: dataFits ? event.data : { named: {}, positional: [] },
  };
  return JSON.parse(JSON.stringify(bounded)) as NormalisedEvent;
}

/**
 * Approximate memory one bounded match holds, for the state budget. Worked out each time it is asked:
 * a cache keyed by event (a WeakMap) made each garbage collection walk every held match.
 */
export function evidenceBytes(event: NormalisedEvent): number {
  return 512 + 2 * ((event.raw?.length ?? 0) + (event.message?.length ?? 0) + dataChars(event));
}

function dataChars(event: NormalisedEvent): number {
  let total = 0;
  const { named } = event.data;
  // `for…in` allocates nothing, unlike `Object.entries`; named data is mostly prototype-less (createNamedData).
  for (const name in named)
    if (Object.hasOwn(named, name)) total += name.length + (named[name] as string).length;
  for (const value of event.data.positional) total += value.length;
  return total;
}

/** At most `max` characters of `text`, marked as cut when it was longer. */
export function cut(text: string | undefined, max: number): string | undefined {
  if (text === undefined || text.length <= max) return text;
  return `${text.slice(0, max - CUT_MARK.length)}${CUT_MARK}`;
}
