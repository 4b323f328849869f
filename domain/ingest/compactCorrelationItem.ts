import type { AuditEntry } from '../audit/toAuditRecords';
import type { CorrelationState, RuleMatch } from '../correlation/CorrelationState';
import type { Outbox } from '../ports/CorrelationStore';

/** Matches per incident (and per audit record) that keep their raw text when an item must shrink. */
export const DETAILED_EVIDENCE = 10;

export interface CompactedItem {
  readonly state: CorrelationState;
  readonly outbox: Outbox;
  /** What had to go, for the log: 0 and 0 when the item fitted as it was. */
  readonly rawStripped: number;
  readonly pendingDropped: number;
}

/**
 * Shrinks a state item until `fits` accepts it, in steps that cost correlation nothing first:
 * 1. as it is (evidence is already bounded per match by `boundEvidence`);
 * 2. raw text dropped from pending matches and from evidence after the first `DETAILED_EVIDENCE` of each
 *    incident and audit record (times, ids, messages and sources stay);
 * 3. the oldest pending matches dropped, half at a time (they can no longer open an incident with
 *    matches that came before them; a re-delivered one is simply pending again).
 * Returns undefined when even that does not fit.
 */
export function compactCorrelationItem(
  state: CorrelationState,
  outbox: Outbox,
  fits: (state: CorrelationState, outbox: Outbox) => boolean,
): CompactedItem | undefined {
  if (fits(state, outbox)) return { state, outbox, rawStripped: 0, pendingDropped: 0 };
  let rawStripped = 0;
  const strip = (match: RuleMatch): RuleMatch => {
    if (match.event.raw === undefined) return match;
    rawStripped++;
    return { ...match, event: { ...match.event, raw: undefined } };
  };
  const lean: CorrelationState = {
    ...state,
    pending: state.pending.map(strip),
    incidents: state.incidents.map((incident) => ({
      ...incident,
      evidence: incident.evidence.map((m, i) => (i < DETAILED_EVIDENCE ? m : strip(m))),
    })),
  };
  const leanOutbox: Outbox = { ...outbox, audit: outbox.audit.map(stripAuditRaw) };
  if (fits(lean, leanOutbox)) return { state: lean, outbox: leanOutbox, rawStripped, pendingDropped: 0 };

  let pending = lean.pending;
  while (pending.length > 0) {
    pending = pending.slice(Math.ceil(pending.length / 2));
    const smaller = { ...lean, pending };
    if (fits(smaller, leanOutbox)) {
      return {
        state: smaller,
        outbox: leanOutbox,
        rawStripped,
        pendingDropped: lean.pending.length - pending.length,
      };
    }
  }
  return undefined;
}

function stripAuditRaw(entry: AuditEntry): AuditEntry {
  if (entry.record.evidence.length <= DETAILED_EVIDENCE) return entry;
  return {
    ...entry,
    record: {
      ...entry.record,
      evidence: entry.record.evidence.map((e, i) => (i < DETAILED_EVIDENCE ? e : { ...e, raw: null })),
    },
  };
}
