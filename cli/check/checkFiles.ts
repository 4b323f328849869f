import { createReadStream } from 'node:fs';
import { createRawInflater } from '../../adapters/node/createRawInflater';
import { type NormalisedEvent, nodeKey } from '../../domain/event/NormalisedEvent';
import type { RecordRejection, RejectReason } from '../../domain/event/RecordRejection';
import type { ZoneMismatch } from '../../domain/formats/ZoneMismatch';
import { buildPrefilter } from '../../domain/input/Prefilter';
import type { FormatChoice } from '../../domain/input/ReadOptions';
import { readEventsFromObject } from '../../domain/input/readEventsFromObject';
import type { CompiledRule } from '../../domain/rules/CompiledRule';

export interface CheckOptions {
  readonly rules: readonly CompiledRule[];
  readonly format: FormatChoice;
  readonly timeZone: string;
  readonly maxObjectBytes: number;
  readonly maxRecordBytes: number;
  /** The present, for future-dated and very old events. */
  readonly now: Date;
}

/** Which of a rule step's event ids a file holds, whatever the rest of the step asks. */
export interface RuleStepPresence {
  readonly ruleId: string;
  readonly step: string;
  readonly eventIds: readonly number[];
  readonly events: number;
}

/** What a new user needs to know about one sample file before deploying. */
export interface FileCheck {
  readonly file: string;
  /** Records read as events plus records not read. */
  readonly records: number;
  readonly events: number;
  /** Events per shape (format name), and records of no known shape under `unknown-shape`. */
  readonly shapes: Readonly<Record<string, number>>;
  readonly notRead: Partial<Record<RejectReason, number>>;
  /** Up to three records of unknown shape, each cut to 200 characters. */
  readonly unknownShapeExamples: readonly string[];
  readonly timeRange: { readonly first: string; readonly last: string } | null;
  readonly zoneMismatch: ZoneMismatch | null;
  /** Events more than an hour ahead of now (a clock or zone problem). */
  readonly futureDated: number;
  /** Events more than a year old (a backlog, or a zone read wrong by a lot). */
  readonly veryOld: number;
  readonly nodes: readonly string[];
  readonly ruleSteps: readonly RuleStepPresence[];
}

const EXAMPLES = 3;
const EXAMPLE_CHARS = 200;
const FUTURE_MS = 60 * 60_000;
const OLD_MS = 365 * 24 * 60 * 60_000;

/** The `check` use case: every record of every file parsed, and the findings per file. */
export async function checkFiles(files: readonly string[], options: CheckOptions): Promise<FileCheck[]> {
  const checks: FileCheck[] = [];
  for (const file of files) checks.push(await checkFile(file, options));
  return checks;
}

async function checkFile(file: string, options: CheckOptions): Promise<FileCheck> {
  const shapes: Record<string, number> = {};
  const notRead: Partial<Record<RejectReason, number>> = {};
  const examples: string[] = [];
  const nodes = new Map<string, string>();
  const idCounts = new Map<number, number>();
  const nowMs = options.now.getTime();
  let first: NormalisedEvent | undefined;
  let last: NormalisedEvent | undefined;
  let futureDated = 0;
  let veryOld = 0;
  const note = (event: NormalisedEvent) => {
    shapes[event.format] = (shapes[event.format] ?? 0) + 1;
    if (!nodes.has(nodeKey(event.node))) nodes.set(nodeKey(event.node), event.node);
    idCounts.set(event.eventId, (idCounts.get(event.eventId) ?? 0) + 1);
    if (first === undefined || event.timeMs < first.timeMs) first = event;
    if (last === undefined || event.timeMs > last.timeMs) last = event;
    if (event.timeMs > nowMs + FUTURE_MS) futureDated++;
    if (event.timeMs < nowMs - OLD_MS) veryOld++;
  };
  const summary = await readEventsFromObject(
    createReadStream(file),
    file,
    {
      ...options,
      // Every record no rule needs is a sample: so each is parsed, and one that does not read is rejected.
      prefilter: buildPrefilter(options.rules),
      sampleEvery: 1,
      rejectUnreadSamples: true,
      createInflater: createRawInflater,
    },
    {
      event: note,
      sampled: note,
      rejected(rejection: RecordRejection) {
        notRead[rejection.reason] = (notRead[rejection.reason] ?? 0) + 1;
        if (rejection.reason === 'unknown-shape') {
          shapes['unknown-shape'] = (shapes['unknown-shape'] ?? 0) + 1;
          if (examples.length < EXAMPLES) examples.push(rejection.record.slice(0, EXAMPLE_CHARS));
        }
      },
    },
  );
  const rejected = Object.values(notRead).reduce((sum, count) => sum + (count ?? 0), 0);
  return {
    file,
    records: summary.events + rejected,
    events: summary.events,
    shapes,
    notRead,
    unknownShapeExamples: examples,
    timeRange: first && last ? { first: first.time, last: last.time } : null,
    zoneMismatch: summary.zoneMismatch ?? null,
    futureDated,
    veryOld,
    nodes: [...nodes.values()].sort((a, b) => a.localeCompare(b)),
    ruleSteps: options.rules.flatMap((rule) =>
      rule.steps.map((step) => {
        const eventIds = [...step.eventIds].sort((a, b) => a - b);
        return {
          ruleId: rule.id,
          step: step.name,
          eventIds,
          events: eventIds.reduce((sum, id) => sum + (idCounts.get(id) ?? 0), 0),
        };
      }),
    ),
  };
}
