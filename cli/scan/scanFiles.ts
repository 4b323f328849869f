import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Correlator, type CorrelatorOptions } from '../../domain/correlation/Correlator';
import type { NodeCount } from '../../domain/correlation/CountsByNode';
import { WORKER_INFLATE_MIN_BYTES } from '../../domain/defaults';
import type { NormalisedEvent } from '../../domain/event/NormalisedEvent';
import type { RecordRejection, RejectReason } from '../../domain/event/RecordRejection';
import type { ZoneMismatch } from '../../domain/formats/ZoneMismatch';
import { type IncidentReport, toIncidentReport } from '../../domain/incident/IncidentReport';
import { buildPrefilter } from '../../domain/input/Prefilter';
import type { FormatChoice } from '../../domain/input/ReadOptions';
import { rejectFutureEvents } from '../../domain/input/rejectFutureEvents';
import type { CompiledRule } from '../../domain/rules/CompiledRule';
import type { IngestSettings } from '../../domain/settings/ingestSettings';
import type { FileReads } from './FileReads';
import { readFilesHere } from './readFilesHere';
import { readFilesOnThreads } from './readFilesOnThreads';

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
  /**
   * Files read at the same time, each on its own thread, when there are several. @default half the
   * machine's available parallelism when the files hold `PARALLEL_READ_MIN_BYTES` or more, else 1: one
   * after the other on this thread.
   */
  readonly readThreads?: number;
}

/** A scan's options from the settings it honours, the rules and the format. */
export function scanOptionsFrom(
  settings: IngestSettings,
  rules: readonly CompiledRule[],
  format: FormatChoice,
): ScanOptions {
  return {
    rules,
    format,
    timeZone: settings.timeZone,
    maxObjectBytes: settings.maxObjectBytes,
    maxRecordBytes: settings.maxRecordBytes,
    allowedLatenessMs: settings.allowedLateness.ms,
    maxClockSkewMs: settings.maxClockSkew.ms,
    maxStateBytes: settings.maxStateBytes,
  };
}

export interface ScanOutputs {
  incident(report: IncidentReport): void;
  rejected(rejection: RecordRejection): void;
  /** A file that failed while it was read: what was read of it counts, the rest of the scan goes on. */
  unreadable?(file: string, reason: string): void;
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
  /** The nodes whose late matches were ignored, most first: a clock that went back, or replayed logs. */
  lateNodes: readonly NodeCount[];
  stateOverflow: number;
  /** The nodes whose pending matches the state budget dropped, most first. */
  overflowNodes: readonly NodeCount[];
  incidents: number;
  rejected: Partial<Record<RejectReason, number>>;
  /** Files whose zone-less event times disagree with an absolute time in the same records (first one each). */
  zoneMismatches: { readonly object: string; readonly mismatch: ZoneMismatch }[];
  /** Files that failed while they were read, with the reason. */
  unreadable: { readonly path: string; readonly reason: string }[];
}

/** With one core, a worker thread would only compete with the reader. */
const CORES = availableParallelism();
/**
 * Files read side by side by default: each read keeps two cores busy (its reader, and zlib on its inflate
 * worker), so on two cores a second reader only competes (measured: 8 files took 2.5 s one after the
 * other and 2.7-3.2 s on two reader threads, with 60 MB more memory).
 */
const DEFAULT_READ_THREADS = Math.max(1, Math.floor(CORES / 2));
/** Below this much stored input, starting reader threads (about a second each) costs more than it saves. */
export const PARALLEL_READ_MIN_BYTES = 32 * 1024 * 1024;

/**
 * The `scan` use case: files in arrival order through the core; incidents reported once final. Several
 * files are read side by side on threads, but correlated here in arrival order, so the results are
 * those of reading them one after the other.
 */
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
    lateNodes: [],
    stateOverflow: 0,
    overflowNodes: [],
    incidents: 0,
    rejected: {},
    zoneMismatches: [],
    unreadable: [],
  };
  const correlator = new Correlator(options.rules, options, (incident, rule) => {
    summary.incidents++;
    outputs.incident(toIncidentReport(incident, rule));
  });
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
  const sizes = files.map(storedSize);
  summary.totalInputBytes = sizes.reduce((total, size) => total + size, 0);
  const reads = chooseReads(files, sizes, options);
  try {
    for (const [index, file] of files.entries()) {
      const done = { inputBytes: summary.inputBytes, bytes: summary.bytes, events: summary.events };
      const outcome = await reads.read(index, sink, ({ inputBytes, bytes, events }) => {
        summary.inputBytes = done.inputBytes + inputBytes;
        summary.bytes = done.bytes + bytes;
        summary.events = done.events + events;
        outputs.progress?.(summary);
      });
      if (outcome.kind === 'unreadable') {
        summary.unreadable.push({ path: file, reason: outcome.reason });
        outputs.unreadable?.(file, outcome.reason);
        continue;
      }
      const { summary: read } = outcome;
      summary.files++;
      if (read.zoneMismatch) summary.zoneMismatches.push({ object: file, mismatch: read.zoneMismatch });
      summary.bytes = done.bytes + read.bytes;
      summary.events = done.events + read.events;
      outputs.progress?.(summary);
    }
  } finally {
    await reads.close();
  }
  correlator.finish();
  Object.assign(summary, correlator.counters, {
    lateNodes: correlator.lateByNode,
    overflowNodes: correlator.overflowByNode,
  });
  return summary;
}

function chooseReads(files: readonly string[], sizes: readonly number[], options: ScanOptions): FileReads {
  const read = {
    format: options.format,
    timeZone: options.timeZone,
    maxObjectBytes: options.maxObjectBytes,
    maxRecordBytes: options.maxRecordBytes,
  };
  const stored = sizes.reduce((total, size) => total + size, 0);
  const threads = options.readThreads ?? (stored >= PARALLEL_READ_MIN_BYTES ? DEFAULT_READ_THREADS : 1);
  if (files.length > 1 && threads > 1) return readFilesOnThreads(files, read, options.rules, threads);
  const workerInflateMinBytes = options.workerInflateMinBytes ?? WORKER_INFLATE_MIN_BYTES;
  return readFilesHere(
    files,
    { ...read, prefilter: buildPrefilter(options.rules) },
    (index) => CORES > 1 && (sizes[index] ?? 0) >= workerInflateMinBytes,
  );
}

/** A file that cannot be looked at now fails when it is read, and is reported there. */
function storedSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
