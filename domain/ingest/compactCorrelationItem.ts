import type { AuditEntry, AuditRecord } from '../audit/toAuditRecords';
import { cut } from '../correlation/boundEvidence';
import type { CorrelationState, RuleMatch } from '../correlation/CorrelationState';
import type { Outbox } from '../ports/CorrelationStore';

/** Matches per incident (and per audit record) that keep their raw text when an item must shrink. */
export const DETAILED_EVIDENCE = 10;
const NO_DATA = { named: {}, positional: [] };
/** Characters of a message every match keeps when an item must shrink past that. */
export const SHORT_MESSAGE_CHARS = 256;

export interface CompactedItem {
  readonly state: CorrelationState;
  readonly outbox: Outbox;
  /** What had to go, for the log: all 0 when the item fitted as it was. */
  readonly rawStripped: number;
  /** Messages cut short in the state, or dropped from audit records. */
  readonly messagesCut: number;
  readonly pendingDropped: number;
}

/**
 * Shrinks a state item until `fits` accepts it, in steps that cost correlation nothing first:
 * 1. as it is (evidence is already bounded per match by `boundEvidence`);
 * 2. event data dropped from every match (rules read it when they match an event, nothing after), and
 *    raw text from pending matches and from evidence after the first `DETAILED_EVIDENCE` of each
 *    incident and audit record (times, ids, messages and sources stay);
 * 3. raw text dropped from every match, in the state, the audit records and the alerts' records, and
 *    messages cut to `SHORT_MESSAGE_CHARS`: an incident that opens on dozens of matches with long unique
 *    texts repeats each text in its evidence, its audit records and its alert's record, and did not fit
 *    otherwise (each record keeps its source, where the whole text is);
 * 4. messages dropped from the audit records after the first `DETAILED_EVIDENCE` of the outbox: one
 *    match can fold a window of pending matches into the incident it opens, each an audit record of
 *    this save (1790 crashes with 1 KB of unique text each, then a 1036, did not fit otherwise);
 * 5. the oldest pending matches dropped, half at a time (they can no longer open an incident with
 *    matches that came before them; a re-delivered one is simply pending again).
 * Returns undefined when even that does not fit.
 */
export function compactCorrelationItem(
  state: CorrelationState,
  outbox: Outbox,
  fits: (state: CorrelationState, outbox: Outbox) => boolean,
): CompactedItem | undefined {
  if (fits(state, outbox)) return { state, outbox, rawStripped: 0, messagesCut: 0, pendingDropped: 0 };
  let rawStripped = 0;
  const withoutData = (match: RuleMatch): RuleMatch =>
    match.event.data === NO_DATA ? match : { ...match, event: { ...match.event, data: NO_DATA } };
  const strip = (match: RuleMatch): RuleMatch => {
    if (match.event.raw === undefined) return withoutData(match);
    rawStripped++;
    return { ...match, event: { ...match.event, raw: undefined, data: NO_DATA } };
  };
  const lean: CorrelationState = {
    ...state,
    pending: state.pending.map(strip),
    incidents: state.incidents.map((incident) => ({
      ...incident,
      evidence: incident.evidence.map((m, i) => (i < DETAILED_EVIDENCE ? withoutData(m) : strip(m))),
      ...(incident.resolution ? { resolution: withoutData(incident.resolution) } : {}),
    })),
  };
  const leanOutbox: Outbox = { ...outbox, audit: outbox.audit.map(stripAuditRaw) };
  if (fits(lean, leanOutbox))
    return { state: lean, outbox: leanOutbox, rawStripped, messagesCut: 0, pendingDropped: 0 };

  const counted = { rawStripped, messagesCut: 0 };
  const bare = bareState(lean, counted);
  const bareOutbox: Outbox = {
    audit: leanOutbox.audit.map((entry) => ({ ...entry, record: bareRecord(entry.record) })),
    notifications: outbox.notifications.map((n) => ({ ...n, audit: bareRecord(n.audit) })),
  };
  if (fits(bare, bareOutbox)) return { state: bare, outbox: bareOutbox, ...counted, pendingDropped: 0 };

  const textless: Outbox = {
    ...bareOutbox,
    audit: bareOutbox.audit.map((entry, i) =>
      i < DETAILED_EVIDENCE ? entry : { ...entry, record: withoutMessages(entry.record, counted) },
    ),
  };
  if (fits(bare, textless)) return { state: bare, outbox: textless, ...counted, pendingDropped: 0 };

  let pending = bare.pending;
  while (pending.length > 0) {
    pending = pending.slice(Math.ceil(pending.length / 2));
    const smaller = { ...bare, pending };
    if (fits(smaller, textless)) {
      return {
        state: smaller,
        outbox: textless,
        ...counted,
        pendingDropped: bare.pending.length - pending.length,
      };
    }
  }
  return undefined;
}

/** The state with no raw text and short messages, counting what went (in the state, not the outbox). */
function bareState(
  state: CorrelationState,
  counted: { rawStripped: number; messagesCut: number },
): CorrelationState {
  const bareMatch = (match: RuleMatch): RuleMatch => {
    const message = cut(match.event.message, SHORT_MESSAGE_CHARS);
    if (match.event.raw !== undefined) counted.rawStripped++;
    if (message !== match.event.message) counted.messagesCut++;
    return { ...match, event: { ...match.event, raw: undefined, message } };
  };
  return {
    ...state,
    pending: state.pending.map(bareMatch),
    incidents: state.incidents.map((incident) => ({
      ...incident,
      evidence: incident.evidence.map(bareMatch),
      ...(incident.resolution ? { resolution: bareMatch(incident.resolution) } : {}),
    })),
  };
}

function withoutMessages(record: AuditRecord, counted: { messagesCut: number }): AuditRecord {
  counted.messagesCut += record.evidence.filter((e) => e.message !== null).length;
  return { ...record, evidence: record.evidence.map((e) => ({ ...e, message: null })) };
}

function bareRecord(record: AuditRecord): AuditRecord {
  return {
    ...record,
    evidence: record.evidence.map((e) => ({
      ...e,
      raw: null,
      message: cut(e.message ?? undefined, SHORT_MESSAGE_CHARS) ?? null,
    })),
  };
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
