import { createReadStream, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { createRawInflater } from '../../adapters/node/createRawInflater';
import { Correlator, type CorrelatorOptions } from '../../domain/correlation/Correlator';
import { WORKER_INFLATE_MIN_BYTES } from '../../domain/defaults';
import type { NormalisedEvent } from '../../domain/event/NormalisedEvent';
import type { ZoneMismatch } from '../../domain/formats/ZoneMismatch';
import { type IncidentReport, toIncidentReport } from '../../domain/incident/IncidentReport';
import { buildPrefilter } from '../../domain/input/Prefilter';
import type { FormatChoice } from '../../domain/input/ReadOptions';
import type { RecordRejection, RejectReason } from '../../domain/input/RecordRejection';
import { readEventsFromObject } from '../../domain/input/readEventsFromObject';
import { rejectFutureEvents } from '../../domain/input/rejectFutureEvents';
import type { CompiledRule } from '../../domain/rules/CompiledRule';

export interface ScanOptions extends CorrelatorOptions {
  readonly rules: readonly CompiledRule[];
  /** Events dated further ahead of the processing clock are rejected as `future-time`. */
  readonly maxClockSkewMs: number;
  /** The processing clock. @default Date.now */
  readonly now?: () => number;
  readonly format: FormatChoice;
  readonly timeZone: string;
  readonly maxObjectBytes: number;
  readonly maxRecordBytes: number;
  /** Stored size from which gzip is inflated on a worker thread (when there is more than one core). */
  readonly workerInflateMinBytes?: number;
}

export interface ScanOutputs {
  incident(report: IncidentReport): void;
  rejected(rejection: RecordRejection): void;
  progress?(state: ScanProgress): void;
}

export interface ScanProgress {
  files: number;
  totalFiles: number;
  /** Bytes read from disk (compressed as stored), of `totalInputBytes`. */
  inputBytes: number;
  totalInputBytes: number;
  /** Decompressed bytes read so far. */
  bytes: number;
  events: number;
}

export interface ScanSummary extends ScanProgress {
  matches: number;
  duplicates: number;
  late: number;
  stateOverflow: number;
  incidents: number;
  rejected: Partial<Record<RejectReason, number>>;
  /** Files whose zone-less event times disagree with an absolute time in the same records (first one each). */
  zoneMismatches: { readonly object: string; readonly mismatch: ZoneMismatch }[];
}

const READ_CHUNK_BYTES = 256 * 1024;
/** With one core, a worker thread would only compete with the reader. */
const CORES = availableParallelism();

/** The `scan` use case: files in arrival order through the core; incidents reported once final. */
export async function scanFiles(
  files: readonly string[],
  options: ScanOptions,
  outputs: ScanOutputs,
): Promise<ScanSummary> {
  const summary: ScanSummary = {
    files: 0,
    totalFiles: files.length,
    inputBytes: 0,
    totalInputBytes: 0,
    bytes: 0,
    events: 0,
    matches: 0,
    duplicates: 0,
    late: 0,
    stateOverflow: 0,
    incidents: 0,
    rejected: {},
    zoneMismatches: [],
  };
  const correlator = new Correlator(options.rules, options, (incident, rule) => {
    summary.incidents++;
    outputs.incident(toIncidentReport(incident, rule));
  });
  const readOptions = { ...options, prefilter: buildPrefilter(options.rules) };
  const sink = rejectFutureEvents(
    {
      event: (event: NormalisedEvent) => {
        correlator.accept(event);
      },
      rejected: (rejection: RecordRejection) => {
        summary.rejected[rejection.reason] = (summary.rejected[rejection.reason] ?? 0) + 1;
        outputs.rejected(rejection);
      },
    },
    options.now ?? Date.now,
    options.maxClockSkewMs,
  );
  const sizes = files.map((file) => statSync(file).size);
  summary.totalInputBytes = sizes.reduce((total, size) => total + size, 0);
  for (const [index, file] of files.entries()) {
    const done = { bytes: summary.bytes, events: summary.events };
    const result = await readEventsFromObject(
      readCounting(file, summary),
      file,
      {
        ...readOptions,
        createInflater: createRawInflater,
        inflateInWorker:
          CORES > 1 && (sizes[index] ?? 0) >= (options.workerInflateMinBytes ?? WORKER_INFLATE_MIN_BYTES),
        onProgress: ({ bytes, events }) => {
          summary.bytes = done.bytes + bytes;
          summary.events = done.events + events;
          outputs.progress?.(summary);
        },
      },
      sink,
    );
    summary.files++;
    if (result.zoneMismatch) summary.zoneMismatches.push({ object: file, mismatch: result.zoneMismatch });
    summary.bytes = done.bytes + result.bytes;
    summary.events = done.events + result.events;
    outputs.progress?.(summary);
  }
  correlator.finish();
  Object.assign(summary, correlator.counters);
  return summary;
}

async function* readCounting(file: string, summary: ScanSummary): AsyncGenerator<Buffer> {
  for await (const chunk of createReadStream(file, { highWaterMark: READ_CHUNK_BYTES })) {
    summary.inputBytes += (chunk as Buffer).length;
    yield chunk as Buffer;
  }
}
