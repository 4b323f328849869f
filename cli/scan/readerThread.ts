import { parentPort, workerData } from 'node:worker_threads';
import { buildPrefilter } from '../../domain/input/Prefilter';
import type { CompiledRule, EventMatcher } from '../../domain/rules/CompiledRule';
import type { FileReadProgress } from './FileReads';
import { readFilesHere } from './readFilesHere';
import type {
  MatcherData,
  ReaderThreadData,
  ReaderThreadMessage,
  ReadItem,
  RuleData,
} from './readFilesOnThreads';

/**
 * A reader thread of `readFilesOnThreads`: reads the file it is given (index), passing on its events and
 * rejections after each chunk, then how the read ended, and waits for the next.
 */
const data = workerData as ReaderThreadData;
const port = parentPort;
if (!port) throw new Error('readerThread runs as a worker thread');
const reads = readFilesHere(
  data.files,
  { ...data.read, prefilter: buildPrefilter(data.rules.map(fromRuleData)) },
  () => false,
);

port.on('message', async (index: number) => {
  let items: ReadItem[] = [];
  let last: FileReadProgress = { inputBytes: 0, bytes: 0, events: 0 };
  const send = (message: ReaderThreadMessage) => port.postMessage(message);
  const flush = (progress: FileReadProgress) => {
    last = progress;
    send({ t: 'items', index, items, progress });
    items = [];
  };
  const outcome = await reads.read(
    index,
    {
      event: (event) => items.push({ k: 'e', v: event }),
      rejected: (rejection) => items.push({ k: 'r', v: rejection }),
    },
    flush,
  );
  if (items.length > 0) flush(last);
  send({ t: 'end', index, outcome });
});

function fromRuleData(rule: RuleData): CompiledRule {
  return {
    ...rule,
    steps: rule.steps.map(matchingElsewhere),
    resolution: rule.resolution && matchingElsewhere(rule.resolution),
  };
}

/** The prefilter needs a matcher's ids, providers and condition; events are matched on the main thread. */
function matchingElsewhere(matcher: MatcherData): EventMatcher {
  return {
    ...matcher,
    matches() {
      throw new Error(`rule step ${matcher.name} is matched on the main thread, not on a reader thread`);
    },
  };
}
