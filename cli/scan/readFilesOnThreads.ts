import type { Worker } from 'node:worker_threads';
import { startThreadModule } from '../../adapters/node/startThreadModule';
import type { NormalisedEvent } from '../../domain/event/NormalisedEvent';
import type { RecordRejection } from '../../domain/event/RecordRejection';
import type { ReadOptions } from '../../domain/input/ReadOptions';
import type { CompiledRule, EventMatcher } from '../../domain/rules/CompiledRule';
import type { FileReadOutcome, FileReadProgress, FileReads } from './FileReads';

/** What a reader thread reads with: the read settings, and the rules as data (their matching stays here). */
export interface ReaderThreadData {
  readonly files: readonly string[];
  readonly read: Pick<ReadOptions, 'format' | 'timeZone' | 'maxObjectBytes' | 'maxRecordBytes'>;
  readonly rules: readonly RuleData[];
}

export type MatcherData = Omit<EventMatcher, 'matches'>;
export type RuleData = Omit<CompiledRule, 'steps' | 'resolution'> & {
  readonly steps: readonly MatcherData[];
  readonly resolution?: MatcherData;
};

export type ReadItem =
  | { readonly k: 'e'; readonly v: NormalisedEvent }
  | { readonly k: 'r'; readonly v: RecordRejection };

export type ReaderThreadMessage =
  | {
      readonly t: 'items';
      readonly index: number;
      readonly items: ReadItem[];
      readonly progress: FileReadProgress;
    }
  | { readonly t: 'end'; readonly index: number; readonly outcome: FileReadOutcome };

/**
 * Reads files on `threads` worker threads, each taking the next file as it finishes one, so the cores
 * read (inflate, frame, prefilter, parse) several files at once. What a thread finds is handed over in
 * order and given to the sink file by file, in the files' order, exactly as a read on this thread would:
 * correlation stays on this thread and sees the same events in the same order.
 * Files further ahead than the one being consumed are held here until their turn.
 */
export function readFilesOnThreads(
  files: readonly string[],
  read: ReaderThreadData['read'],
  rules: readonly CompiledRule[],
  threads: number,
): FileReads {
  const data: ReaderThreadData = { files, read, rules: rules.map(toRuleData) };
  const inboxes = files.map(() => [] as ReaderThreadMessage[]);
  let wake: (() => void) | undefined;
  let failure: Error | undefined;
  let next = 0;
  let closing = false;
  const assign = (worker: Worker) => {
    if (next < files.length) worker.postMessage(next++);
  };
  const workers = Array.from({ length: Math.min(threads, files.length) }, () => {
    const worker = startThreadModule(__filename, 'readerThread', data);
    worker.on('message', (message: ReaderThreadMessage) => {
      inboxes[message.index]?.push(message);
      if (message.t === 'end') assign(worker);
      wake?.();
    });
    worker.on('error', (error) => {
      failure ??= error;
      wake?.();
    });
    worker.on('exit', (code) => {
      if (!closing) failure ??= new Error(`a reader thread stopped with exit code ${code}`);
      wake?.();
    });
    assign(worker);
    return worker;
  });

  return {
    async read(index, sink, progress) {
      const inbox = inboxes[index] ?? [];
      for (;;) {
        const message = inbox.shift();
        if (message === undefined) {
          if (failure) throw failure;
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          continue;
        }
        if (message.t === 'end') return message.outcome;
        for (const item of message.items) {
          if (item.k === 'e') sink.event(withNamedDataDictionary(item.v));
          else sink.rejected(item.v);
        }
        progress(message.progress);
      }
    },
    async close() {
      closing = true;
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}

function toRuleData(rule: CompiledRule): RuleData {
  return {
    ...rule,
    steps: rule.steps.map(toMatcherData),
    resolution: rule.resolution && toMatcherData(rule.resolution),
  };
}

function toMatcherData({ name, eventIds, providers, condition }: EventMatcher): MatcherData {
  return { name, eventIds, providers, condition };
}

/** Copying between threads gives event data a prototype; it is a plain dictionary again (see createNamedData). */
function withNamedDataDictionary(event: NormalisedEvent): NormalisedEvent {
  Object.setPrototypeOf(event.data.named, null);
  return event;
}
