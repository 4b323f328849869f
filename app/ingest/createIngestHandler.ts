import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchItemFailure, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { type IngestDependencies, type IngestOutcome, ingestObject } from '../../domain/ingest/ingestObject';
import {
  type ContinuationRequest,
  type IngestWorkItem,
  parseIngestMessage,
} from '../../domain/ingest/parseIngestMessage';
import type { CatalogueMetricName, DimensionOf } from '../../domain/metrics/metricCatalogue';
import type { ObjectRef } from '../../domain/ports/ObjectSource';
import type { IngestConfig } from './IngestConfig';
import { objectPrefix } from './objectPrefix';

/** The log message of each incident recorded without paging (historical or muted); `local` shows them. */
export const INCIDENT_NOT_PAGED = 'incident recorded, not paged';

/** Time kept back from the invocation's deadline for saving state, publishing and re-enqueueing. */
export const DEFAULT_SAFETY_MARGIN_MS = 20_000;

export interface ContinuationQueue {
  enqueue(continuation: ContinuationRequest): Promise<void>;
}

export interface IngestHandlerDependencies {
  readonly config: Pick<IngestConfig, 'rawBucketName' | 'rawKeyPrefix' | 'quarantinePrefix'>;
  readonly ingest: IngestDependencies;
  readonly continuations: ContinuationQueue;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** @default DEFAULT_SAFETY_MARGIN_MS */
  readonly safetyMarginMs?: number;
}

export type IngestHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/**
 * The ingest function without middleware: each SQS message (one S3 notification, usually one object) is
 * handled on its own and reported in `batchItemFailures` when it fails, so only that message is retried.
 * Objects not finished before the deadline (less the safety margin) continue in a new message.
 */
export function createIngestHandler(deps: IngestHandlerDependencies): IngestHandler {
  const margin = deps.safetyMarginMs ?? DEFAULT_SAFETY_MARGIN_MS;
  const { logger } = deps;

  return async function ingestHandler(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
    const timeIsShort = (): boolean => context.getRemainingTimeInMillis() < margin;
    const batchItemFailures: SQSBatchItemFailure[] = [];
    for (const record of event.Records) {
      try {
        await handleMessage(record, timeIsShort);
      } catch (error) {
        logger.error('message failed; it will be retried', {
          messageId: record.messageId,
          error: error as Error,
        });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  };

  async function handleMessage(record: SQSRecord, timeIsShort: () => boolean): Promise<void> {
    const parsed = parseIngestMessage(record.body);
    if (parsed.kind === 'invalid') {
      throw new Error(`message ${record.messageId} cannot be handled: ${parsed.reason}`);
    }
    if (parsed.kind === 'ignored') {
      logger.info('message ignored', { messageId: record.messageId, reason: parsed.reason });
      return;
    }
    for (const item of parsed.items) await handleItem(item, timeIsShort);
  }

  async function handleItem(item: IngestWorkItem, timeIsShort: () => boolean): Promise<void> {
    const skip = skipReason(item);
    if (skip) {
      logger.info('object skipped', { bucket: item.bucket, key: item.key, reason: skip });
      return;
    }
    const object: ObjectRef = { bucket: item.bucket, key: item.key, versionId: item.versionId };
    const resumeAtByte = item.kind === 'continuation' ? item.resumeAtByte : undefined;
    if (timeIsShort()) {
      await deps.continuations.enqueue({ ...object, resumeAtByte: resumeAtByte ?? 0 });
      logger.info('object deferred to a new invocation', {
        bucket: item.bucket,
        key: item.key,
        resumeAtByte,
      });
      return;
    }
    let read = object;
    let outcome = await ingestObject({ object: read, resumeAtByte, shouldStop: timeIsShort }, deps.ingest);
    if (outcome.kind === 'gone' && item.kind === 'object-created' && item.undecodedKey !== undefined) {
      read = { ...object, key: item.undecodedKey };
      outcome = await ingestObject({ object: read, shouldStop: timeIsShort }, deps.ingest);
    }
    if (outcome.kind === 'gone') {
      logger.info('object gone before it was read (deleted or replaced); nothing to do', {
        bucket: item.bucket,
        key: item.key,
        versionId: item.versionId,
      });
      return;
    }
    report(outcome, item);
    if (outcome.resumeAtByte !== undefined) {
      await deps.continuations.enqueue({ ...read, resumeAtByte: outcome.resumeAtByte });
      logger.info('object continues in a new invocation', {
        object: outcome.object,
        resumeAtByte: outcome.resumeAtByte,
      });
    }
  }

  function skipReason(item: IngestWorkItem): string | undefined {
    const { config } = deps;
    if (item.bucket !== config.rawBucketName) return `bucket is not the raw bucket ${config.rawBucketName}`;
    if (item.key.endsWith('/')) return 'folder marker';
    if (item.key.startsWith(config.quarantinePrefix)) return 'under the quarantine prefix';
    if (!item.key.startsWith(config.rawKeyPrefix)) return `outside the raw prefix ${config.rawKeyPrefix}`;
    if (item.kind === 'object-created' && item.size === 0) return 'empty object';
    return undefined;
  }

  function report(outcome: Extract<IngestOutcome, { kind: 'read' }>, item: IngestWorkItem): void {
    const { metrics } = deps;
    const { summary, counts } = outcome;
    const count = (name: CatalogueMetricName, unit: Parameters<Metrics['addMetric']>[1], value: number) => {
      metrics.addMetric(name, unit, value);
    };
    count('EventsRead', MetricUnit.Count, summary.events);
    count('BytesRead', MetricUnit.Bytes, outcome.sourceBytes);
    const arrivedMs =
      outcome.arrivedAt?.getTime() ??
      (item.kind === 'object-created' && item.eventTime ? Date.parse(item.eventTime) : NaN);
    if (outcome.newestEventMs !== undefined && Number.isFinite(arrivedMs)) {
      count('IngestLagSeconds', MetricUnit.Seconds, Math.max(0, (arrivedMs - outcome.newestEventMs) / 1000));
    }
    if (counts.late > 0) count('LateMatches', MetricUnit.Count, counts.late);
    for (const [reason, n] of Object.entries(counts.rejectedByReason)) {
      dimensioned('RecordsRejected', 'reason', reason, n ?? 0);
    }
    if (counts.stateOverflow > 0) count('StateOverflowMatches', MetricUnit.Count, counts.stateOverflow);
    reportShape(outcome, item.key);
    for (const [ruleId, n] of Object.entries(counts.matchesByRule))
      dimensioned('RuleMatches', 'ruleId', ruleId, n);
    for (const [ruleId, n] of Object.entries(counts.openedByRule))
      dimensioned('IncidentsRaised', 'ruleId', ruleId, n);
    for (const [ruleId, n] of Object.entries(counts.resolvedByRule)) {
      dimensioned('IncidentsResolved', 'ruleId', ruleId, n);
    }
    for (const [ruleId, n] of Object.entries(counts.historicalByRule))
      dimensioned('IncidentsHistorical', 'ruleId', ruleId, n);
    for (const [ruleId, n] of Object.entries(counts.mutedByRule))
      dimensioned('IncidentsMuted', 'ruleId', ruleId, n);
    for (const incident of outcome.notPaged) {
      logger.info(INCIDENT_NOT_PAGED, { object: outcome.object, ...incident });
    }
    logger.info('object ingested', {
      object: outcome.object,
      compression: summary.compression,
      framing: summary.framing,
      bytes: summary.bytes,
      sourceBytes: outcome.sourceBytes,
      events: summary.events,
      candidates: summary.candidates,
      rejected: summary.rejected,
      nodesSeen: outcome.nodesSeen,
      ...counts,
      published: outcome.published.map((n) => n.notificationId),
      alertsLeft: outcome.alertsLeft,
      quarantinedAt: outcome.quarantinedAt,
      resumeAtByte: outcome.resumeAtByte,
    });
  }

  /** A shipper whose records we cannot read, or whose zone we read wrong, is reported per key prefix. */
  function reportShape(outcome: Extract<IngestOutcome, { kind: 'read' }>, key: string): void {
    const prefix = objectPrefix(key, deps.config.rawKeyPrefix);
    const unknown = outcome.counts.rejectedByReason['unknown-shape'] ?? 0;
    if (unknown > 0) {
      dimensioned('RecordsOfUnknownShape', 'ObjectPrefix', prefix, unknown);
      logger.warn('records of unknown shape', {
        object: outcome.object,
        objectPrefix: prefix,
        count: unknown,
      });
    }
    const mismatch = outcome.summary.zoneMismatch;
    if (mismatch) {
      dimensioned('ZoneMismatches', 'ObjectPrefix', prefix, 1);
      logger.warn('zone-mismatch', { object: outcome.object, objectPrefix: prefix, ...mismatch });
    }
  }

  /**
   * One EMF document per dimension value, so the function's other metrics keep their own dimensions.
   * Names and dimensions come from `metricCatalogue`, which the dashboard and alarms are built from.
   */
  function dimensioned<Name extends CatalogueMetricName>(
    name: Name,
    dimension: DimensionOf<Name>,
    value: string,
    n: number,
  ): void {
    if (n <= 0) return;
    const single = deps.metrics.singleMetric();
    single.addDimension(dimension, value);
    single.addMetric(name, MetricUnit.Count, n);
  }
}
