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
  const eventDataChars = dataChars(event);
  const dataFits = eventDataChars <= MAX_EVIDENCE_DATA_CHARS;
  const withinBounds =
    event.raw !== undefined &&
    event.raw.length <= MAX_EVIDENCE_RAW_CHARS &&
    (event.message?.length ?? 0) <= MAX_EVIDENCE_MESSAGE_CHARS &&
    dataFits;
  if (withinBounds) {
    bytesOf.set(event, bytesHeld(event, eventDataChars));
    return event;
  }
  const bounded: NormalisedEvent = {
    ...event,
    raw: cut(event.raw, MAX_EVIDENCE_RAW_CHARS),
    message: cut(event.message, MAX_EVIDENCE_MESSAGE_CHARS),
    data: dataFits ? event.data : { named: {}, positional: [] },
  };
  return JSON.parse(JSON.stringify(bounded)) as NormalisedEvent;
}

const bytesOf = new WeakMap<NormalisedEvent, number>();

/** Approximate memory one bounded match holds, for the state budget (worked out once per event). */
export function evidenceBytes(event: NormalisedEvent): number {
  let bytes = bytesOf.get(event);
  if (bytes === undefined) {
    bytes = bytesHeld(event, dataChars(event));
    bytesOf.set(event, bytes);
  }
  return bytes;
}

function bytesHeld(event: NormalisedEvent, eventDataChars: number): number {
  return 512 + 2 * ((event.raw?.length ?? 0) + (event.message?.length ?? 0) + eventDataChars);
}

function dataChars(event: NormalisedEvent): number {
  let total = 0;
  const { named } = event.data;
  // Named data has no prototype (see createNamedData): `for…in` sees its own keys only, and allocates nothing.
  for (const name in named) total += name.length + (named[name] as string).length;
  for (const value of event.data.positional) total += value.length;
  return total;
}

function cut(text: string | undefined, max: number): string | undefined {
  if (text === undefined || text.length <= max) return text;
  return `${text.slice(0, max - CUT_MARK.length)}${CUT_MARK}`;
}
