import { randomUUID } from 'node:crypto';
import type { CorrelationOptions } from '../correlation/applyMatch';
import { namedNodes } from '../correlation/CountsByNode';
import { matchRules } from '../correlation/matchRules';
import { DEFAULT_MAX_STATE_BYTES } from '../defaults';
import type { NormalisedEvent } from '../event/NormalisedEvent';
import type { RecordRejection, RejectReason } from '../event/RecordRejection';
import { NodeHeartbeats } from '../fleet/NodeHeartbeats';
import type { RecordPrefilter } from '../input/Prefilter';
import type { CreateRawInflater } from '../input/RawInflater';
import type { FormatChoice } from '../input/ReadOptions';
import { type ObjectReadSummary, readEventsFromObject } from '../input/readEventsFromObject';
import { rejectFutureEvents } from '../input/rejectFutureEvents';
import type { AuditTrail } from '../ports/AuditTrail';
import type { CorrelationStore, StateRef, StoredCorrelation } from '../ports/CorrelationStore';
import type { IncidentNotification, IncidentPublisher } from '../ports/IncidentPublisher';
import type { MuteReader } from '../ports/MuteStore';
import type { NodeActivityStore } from '../ports/NodeActivityStore';
import type { NotificationLedger } from '../ports/NotificationLedger';
import { type ObjectRef, type ObjectSource, objectLabel } from '../ports/ObjectSource';
import { type OperationalLog, silentLog } from '../ports/OperationalLog';
import type { QuarantineStore } from '../ports/QuarantineStore';
import type { CompiledRule } from '../rules/CompiledRule';
import type { PagingPolicy } from './decidePaging';
import { type DrainResult, drainOutbox } from './drainOutbox';
import { IngestError } from './IngestError';
import { halves, inSlices, MatchGroups } from './MatchGroups';
import { QuarantineCollector } from './QuarantineCollector';
import { type MatchGroup, markRetentionMs, type PreloadedGroup, settleMatches } from './settleMatches';

/** The warning naming a node some of whose matches came too late to correlate. */
export const LATE_MATCHES_WARNING = 'matches too late to correlate';
/** The warning naming the nodes whose matches one object's memory budget dropped (state overflow). */
export const OBJECT_OVERFLOW_WARNING = "matches dropped to keep one object's matches within memory";
/** Nodes a warning names; the rest are counted in `otherNodes`. */
const NODES_LOGGED = 20;
export interface IngestReadOptions {
  readonly format: FormatChoice;
  readonly timeZone: string;
  readonly maxObjectBytes: number;
  readonly maxRecordBytes: number;
  readonly createInflater: CreateRawInflater;
  /**
   * Stored size from which gzip is inflated on a worker thread, so inflating and reading run side by
   * side (see `decodeObjectStream`); undefined: never (one core).
   */
  readonly workerInflateMinBytes?: number;
}

/** Tuning with defaults (see `DEFAULT_INGEST_LIMITS`). */
export interface IngestLimits {
  /**
   * A stop request is honoured only after this many decompressed bytes past the resume point were read,
   * so every read makes progress however little time is left.
   */
  readonly minProgressBytes: number;
  /** Record text kept per quarantine object; further rejections are counted only. */
  readonly maxQuarantineBytes: number;
  readonly publishLeaseMs: number;
  readonly maxSaveAttempts: number;
  /** (rule, node) groups settled at the same time. */
  readonly groupConcurrency: number;
  /** Most matches of one group settled in one state save (see `inSlices`). */
  readonly maxMatchesPerSave: number;
  /** Besides rule candidates, parse one in this many records for node heartbeats (and ingest lag). */
  readonly sampleEvery: number;
  /** Events dated further ahead of the processing clock are rejected as `future-time`. */
  readonly maxClockSkewMs: number;
  /** Memory the matches collected from one object may take; past it the oldest are dropped (state overflow). */
  readonly maxStateBytes: number;
}

export const DEFAULT_INGEST_LIMITS: IngestLimits = {
  minProgressBytes: 1024 * 1024,
  maxQuarantineBytes: 8 * 1024 * 1024,
  publishLeaseMs: 60_000,
  maxSaveAttempts: 10,
  groupConcurrency: 8,
  maxMatchesPerSave: 500,
  sampleEvery: 1000,
  maxClockSkewMs: 3_600_000,
  maxStateBytes: DEFAULT_MAX_STATE_BYTES,
};

/** The ports and settings of the ingest use case; the Lambda handler and the local runner build these. */
export interface IngestDependencies {
  readonly source: ObjectSource;
  readonly store: CorrelationStore;
  readonly publisher: IncidentPublisher;
  readonly ledger: NotificationLedger;
  readonly quarantine: QuarantineStore;
  readonly auditTrail: AuditTrail;
  /** Where each node's last event seen is kept; without it no heartbeats are stored. */
  readonly nodeActivity?: NodeActivityStore;
  readonly rules: readonly CompiledRule[];
  readonly prefilter: RecordPrefilter;
  readonly read: IngestReadOptions;
  readonly correlation: CorrelationOptions;
  /** Which incidents are paged (`pageWithin`); without it every incident is. */
  readonly paging?: PagingPolicy;
  /** Maintenance windows; without it no node is muted. */
  readonly mutes?: MuteReader;
  readonly limits?: Partial<IngestLimits>;
  readonly clock?: () => Date;
  readonly log?: OperationalLog;
}

export interface IngestRequest {
  readonly object: ObjectRef;
  /** Continue a read that an earlier invocation stopped (decompressed offset). */
  readonly resumeAtByte?: number;
  /** Asked between chunks; true stops the read at a record boundary (see `IngestLimits.minProgressBytes`). */
  readonly shouldStop?: () => boolean;
}

export interface IngestCounts {
  readonly rejectedByReason: Partial<Record<RejectReason, number>>;
  /** Rule matches by rule id (an event can match several rules). */
  readonly matchesByRule: Record<string, number>;
  readonly openedByRule: Record<string, number>;
  readonly resolvedByRule: Record<string, number>;
  /** Incidents opened but not paged because their last evidence was older than `pageWithin`. */
  readonly historicalByRule: Record<string, number>;
  /** Incidents opened but not paged because their node was muted. */
  readonly mutedByRule: Record<string, number>;
  readonly duplicates: number;
  readonly late: number;
  /** Matches dropped, oldest first, to keep correlation state within its budget. */
  readonly stateOverflow: number;
  readonly conflicts: number;
}

export type IngestOutcome =
  | { readonly kind: 'gone'; readonly object: string }
  | {
      readonly kind: 'read';
      readonly object: string;
      readonly summary: ObjectReadSummary;
      /** Stored (possibly compressed) bytes this call pulled from the source. */
      readonly sourceBytes: number;
      /** Set when the read stopped early: where the next read must resume. */
      readonly resumeAtByte?: number;
      readonly counts: IngestCounts;
      readonly published: readonly IncidentNotification[];
      /** Incidents opened by this read and recorded without paging. */
      readonly notPaged: readonly NotPagedIncident[];
      /** Alerts still in an outbox because another invocation is sending them. */
      readonly alertsLeft: number;
      /** Newest event time among the events parsed (rule candidates and samples). */
      readonly newestEventMs?: number;
      /** Nodes whose newest event in this read was offered to the node activity store. */
      readonly nodesSeen: number;
      readonly arrivedAt?: Date;
      readonly quarantinedAt?: string;
    };

/** An incident recorded in the audit trail but not paged, and why. */
export interface NotPagedIncident {
  readonly incidentId: string;
  readonly ruleId: string;
  readonly node: string;
  readonly lastEventAt: string;
  readonly historical: boolean;
  readonly mutedReason: string | null;
}

/**
 * The ingest use case for one stored object: stream it through the core, quarantine what cannot be
 * read, correlate the matches per (rule, node) against stored state, and send and audit what that
 * decides, each alert exactly once (see `drainOutbox` for the one remaining at-least-once window).
 * Bad content never throws; faults of the stores and the publisher do, and a retry is safe.
 */
export async function ingestObject(request: IngestRequest, deps: IngestDependencies): Promise<IngestOutcome> {
  const limits = { ...DEFAULT_INGEST_LIMITS, ...deps.limits };
  const clock = deps.clock ?? (() => new Date());
  const log = deps.log ?? silentLog;
  const label = objectLabel(request.object);
  const opened = await deps.source.open(request.object);
  if (opened.kind === 'gone') return { kind: 'gone', object: label };

  const startByte = request.resumeAtByte ?? 0;
  const pulled = { bytes: 0 };
  const { shouldStop } = request;
  const groups = new MatchGroups(limits.maxStateBytes);
  const matchesByRule: Record<string, number> = {};
  const quarantine = new QuarantineCollector(limits.maxQuarantineBytes);
  let newestEventMs: number | undefined;
  const heartbeats = new NodeHeartbeats(clock().getTime());

  const summary = await readEventsFromObject(
    countBytes(opened.body, pulled),
    label,
    {
      ...deps.read,
      inflateInWorker:
        deps.read.workerInflateMinBytes !== undefined &&
        (opened.size ?? 0) >= deps.read.workerInflateMinBytes,
      prefilter: deps.prefilter,
      resumeAtByte: request.resumeAtByte,
      sampleEvery: limits.sampleEvery,
      shouldStop:
        shouldStop && ((decompressed) => decompressed >= startByte + limits.minProgressBytes && shouldStop()),
    },
    rejectFutureEvents(
      {
        event(event: NormalisedEvent) {
          newestEventMs = Math.max(newestEventMs ?? event.timeMs, event.timeMs);
          heartbeats.observe(event);
          for (const { rule, match } of matchRules(event, deps.rules)) {
            matchesByRule[rule.id] = (matchesByRule[rule.id] ?? 0) + 1;
            groups.add(rule, match);
          }
        },
        rejected(rejection: RecordRejection) {
          quarantine.add(rejection);
        },
        sampled(event: NormalisedEvent) {
          newestEventMs = Math.max(newestEventMs ?? event.timeMs, event.timeMs);
          heartbeats.observe(event);
        },
      },
      () => clock().getTime(),
      limits.maxClockSkewMs,
    ),
  );
  if (summary.resumeAtByte !== undefined && summary.resumeAtByte <= startByte) {
    throw new IngestError(
      `${label}: read stopped at byte ${summary.resumeAtByte} without progress`,
      'NO_PROGRESS',
    );
  }

  let quarantinedAt: string | undefined;
  if (quarantine.count > 0) {
    ({ location: quarantinedAt } = await deps.quarantine.put({
      source: request.object,
      startByte,
      lines: quarantine.toLines(),
    }));
    log.warn('records quarantined', {
      object: label,
      location: quarantinedAt,
      byReason: quarantine.byReason,
    });
  }

  if (groups.dropped > 0) {
    const { named, others } = namedNodes(groups.droppedByNode(), NODES_LOGGED);
    log.warn(OBJECT_OVERFLOW_WARNING, {
      object: label,
      dropped: groups.dropped,
      byNode: named,
      otherNodes: others,
    });
  }

  const totals = {
    opened: {} as Record<string, number>,
    resolved: {} as Record<string, number>,
    historical: {} as Record<string, number>,
    muted: {} as Record<string, number>,
  };
  const notPaged: NotPagedIncident[] = [];
  const tally = { duplicates: 0, late: 0, stateOverflow: groups.dropped, conflicts: 0, alertsLeft: 0 };
  const published: IncidentNotification[] = [];
  const toSettle = groups.list();
  const writer = randomUUID();
  const refs = toSettle.map((group) => ({ ruleId: group.rule.id, nodeKey: group.nodeKey }));
  const marked = new Set<number>();
  const toUnmark: StateRef[] = [];
  const startedMs = clock().getTime();
  const markUntil = (nowMs: number, list: readonly MatchGroup[]) =>
    nowMs + Math.max(...list.map((group) => markRetentionMs(group.rule, deps.correlation)));
  // Several groups are marked up front, 25 a request; a lone group only if it comes to save outbox work.
  const markingAll =
    refs.length > 1 &&
    deps.store.mark(writer, refs, startedMs, markUntil(startedMs, toSettle)).then(() => {
      for (const index of refs.keys()) marked.add(index);
    });
  const [preloaded] = await Promise.all([preloadGroups(toSettle, deps, startedMs), markingAll]);
  /** Late matches per group, summed over its slices: one warning per rule and node. */
  const lateInGroup: number[] = [];
  const settleSlice = async (group: MatchGroup, index: number, preload?: PreloadedGroup) => {
    const settled = await settleMatches(
      group,
      {
        store: deps.store,
        correlation: deps.correlation,
        clock,
        log,
        maxAttempts: limits.maxSaveAttempts,
        paging: deps.paging,
        mutes: deps.mutes,
        beforeSavingWork: async () => {
          if (marked.has(index)) return;
          const nowMs = clock().getTime();
          await deps.store.mark(writer, [refs[index] as StateRef], nowMs, markUntil(nowMs, [group]));
          marked.add(index);
        },
      },
      preload,
    );
    add(totals.opened, group.rule.id, settled.counts.opened);
    add(totals.resolved, group.rule.id, settled.counts.resolved);
    add(totals.historical, group.rule.id, settled.counts.historical);
    add(totals.muted, group.rule.id, settled.counts.muted);
    for (const incident of settled.notPaged) {
      notPaged.push({
        incidentId: incident.incidentId,
        ruleId: incident.ruleId,
        node: incident.node,
        lastEventAt: new Date(incident.lastEventMs).toISOString(),
        historical: incident.withheld?.historical ?? false,
        mutedReason: incident.withheld?.muted?.reason ?? null,
      });
    }
    tally.duplicates += settled.counts.duplicates;
    tally.late += settled.counts.late;
    lateInGroup[index] = (lateInGroup[index] ?? 0) + settled.counts.late;
    tally.stateOverflow += settled.counts.stateOverflow;
    tally.conflicts += settled.conflicts;
    const drained = await drainOutbox(group.rule, settled, {
      store: deps.store,
      publisher: deps.publisher,
      ledger: deps.ledger,
      auditTrail: deps.auditTrail,
      correlation: deps.correlation,
      clock,
      log,
      publishLeaseMs: limits.publishLeaseMs,
      maxAttempts: limits.maxSaveAttempts,
    });
    published.push(...drained.published);
    return drained;
  };
  const settling = settleAll(toSettle, limits.groupConcurrency, async (group: MatchGroup, index) => {
    let drained: DrainResult | undefined;
    // The preloaded state is the one before the first slice: later slices, and a slice tried again after
    // a failed save (which changed the preloaded object, not the stored one), load what is stored.
    let preload = preloaded?.[index];
    const slices = inSlices(group, limits.maxMatchesPerSave);
    for (let slice = slices.shift(); slice; slice = slices.shift()) {
      try {
        drained = await settleSlice(slice, index, preload);
      } catch (error) {
        // Matches with long, unique texts can fill an item long before the slice limit: halve the slice.
        if (!(error instanceof IngestError && error.code === 'STATE_TOO_LARGE') || slice.matches.length < 2)
          throw error;
        log.warn('matches of one rule and node halved to fit one state save', {
          object: label,
          ruleId: group.rule.id,
          nodeKey: group.nodeKey,
          matches: slice.matches.length,
        });
        slices.unshift(...halves(slice));
      }
      preload = undefined;
    }
    const late = lateInGroup[index] ?? 0;
    if (late > 0) {
      log.warn(LATE_MATCHES_WARNING, {
        object: label,
        ruleId: group.rule.id,
        node: group.matches[0]?.event.node,
        nodeKey: group.nodeKey,
        late,
      });
    }
    if (!drained) return;
    tally.alertsLeft += drained.left;
    if (drained.emptied && marked.has(index)) toUnmark.push(refs[index] as StateRef);
  });
  await settling.finally(() =>
    deps.store.unmark(writer, toUnmark).catch((error: unknown) => {
      log.warn('outbox marks not withdrawn; the drain withdraws them later', {
        object: label,
        marks: toUnmark.length,
        error: String(error),
      });
    }),
  );
  const { nodeActivity } = deps;
  if (nodeActivity) {
    await nodeActivity.recordLastEvents(heartbeats.heartbeats(label));
  }

  return {
    kind: 'read',
    object: label,
    summary,
    sourceBytes: pulled.bytes,
    resumeAtByte: summary.resumeAtByte,
    counts: {
      rejectedByReason: quarantine.byReason,
      matchesByRule,
      openedByRule: totals.opened,
      resolvedByRule: totals.resolved,
      historicalByRule: totals.historical,
      mutedByRule: totals.muted,
      duplicates: tally.duplicates,
      late: tally.late,
      stateOverflow: tally.stateOverflow,
      conflicts: tally.conflicts,
    },
    published,
    notPaged,
    alertsLeft: tally.alertsLeft,
    newestEventMs,
    nodesSeen: nodeActivity ? heartbeats.size : 0,
    arrivedAt: opened.lastModified,
    quarantinedAt,
  };
}

async function* countBytes(
  body: AsyncIterable<Uint8Array>,
  pulled: { bytes: number },
): AsyncGenerator<Uint8Array> {
  for await (const chunk of body) {
    pulled.bytes += chunk.byteLength;
    yield chunk;
  }
}

/**
 * Every group's stored state and mute in a few batch reads instead of two reads a group, when the stores
 * can batch; undefined when they cannot (each group then reads its own).
 */
async function preloadGroups(
  list: readonly MatchGroup[],
  deps: IngestDependencies,
  nowMs: number,
): Promise<PreloadedGroup[] | undefined> {
  const { store, mutes } = deps;
  if (list.length === 0 || !store.loadMany || (mutes && !mutes.activeMutes)) return undefined;
  const [stored, inForce] = await Promise.all([
    store.loadMany(
      list.map((group) => ({ ruleId: group.rule.id, nodeKey: group.nodeKey })),
      nowMs,
    ),
    mutes?.activeMutes?.([...new Set(list.map((group) => group.nodeKey))], nowMs),
  ]);
  return list.map((group, i) => ({
    stored: stored[i] as StoredCorrelation,
    mute: inForce?.get(group.nodeKey),
  }));
}

/**
 * Runs `work` over every item, `concurrency` at a time. Every item is attempted even when one fails (so
 * finished groups need not be redone); the first failure is then thrown.
 */
async function settleAll<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  const failures: unknown[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      await work(items[index] as T, index).catch((error: unknown) => {
        failures.push(error);
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  if (failures.length > 0) throw failures[0];
}

function add(counts: Record<string, number>, key: string, amount: number): void {
  if (amount > 0) counts[key] = (counts[key] ?? 0) + amount;
}
