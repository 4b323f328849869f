import { once } from 'node:events';
import { createWriteStream, existsSync, renameSync } from 'node:fs';
import { createGzip } from 'node:zlib';
import { renderEcs, renderXml, type SyntheticEvent } from '../tools/renderEventRecord';
import { iisAdminCrash, mailServiceFailure, noiseEvent, seededRandom } from '../tools/syntheticFleet';

export type CorpusFormat = 'ecs' | 'xml';

export interface CorpusInfo {
  readonly path: string;
  readonly events: number;
  readonly expectedIncidents: number;
}

const NODES = 200;
const START_MS = Date.parse('2024-03-01T00:00:00Z');
const STEP_MS = 50;
/** About 0.1 % of events take part in the rule: one 7031 + 1036 pair every 2,000 events, some of them decoys. */
const PAIR_EVERY = 2000;

/**
 * Writes (once; reused while the file exists) a gzip corpus of `events` events in one format: fleet noise
 * with KB819865 pairs and decoys mixed in, realistic record sizes. Returns how many incidents it holds.
 */
export async function generateCorpus(
  format: CorpusFormat,
  events: number,
  folder: string,
): Promise<CorpusInfo> {
  const path = `${folder}/corpus-${format}-${events}.${format === 'ecs' ? 'ndjson' : 'xml'}.gz`;
  const pairs = Math.floor(events / PAIR_EVERY);
  const expectedIncidents = pairs - Math.floor(pairs / 4);
  if (existsSync(path)) return { path, events, expectedIncidents };
  const render = format === 'ecs' ? renderEcs : renderXml;
  const gzip = createGzip({ level: 6 });
  const out = createWriteStream(`${path}.partial`);
  gzip.pipe(out);
  const random = seededRandom(819865);
  let batch: string[] = [];
  const write = async (event: SyntheticEvent) => {
    batch.push(render(event));
    if (batch.length >= 1000) {
      if (!gzip.write(`${batch.join('\n')}\n`)) await once(gzip, 'drain');
      batch = [];
    }
  };
  for (let i = 0; i < events; i++) {
    const timeMs = START_MS + i * STEP_MS;
    const pair = Math.floor(i / PAIR_EVERY);
    const node = `EXCH${String(pair % NODES).padStart(3, '0')}.corp.example.com`;
    const offset = i % PAIR_EVERY;
    if (offset === 0) {
      // Every fourth pair is a decoy: another service crashed.
      await write(
        iisAdminCrash(node, i + 1, timeMs, pair % 4 === 3 ? 'World Wide Web Publishing Service' : undefined),
      );
    } else if (offset === 7) {
      await write(mailServiceFailure(node, i + 1, timeMs, pair % 2 === 0 ? 'IMAP4SVC' : 'POP3SVC'));
    } else {
      await write(
        noiseEvent(
          random,
          `SRV${String(Math.floor(random() * NODES)).padStart(3, '0')}.corp.example.com`,
          i + 1,
          timeMs,
        ),
      );
    }
  }
  if (batch.length > 0) gzip.write(`${batch.join('\n')}\n`);
  gzip.end();
  await once(out, 'finish');
  renameSync(`${path}.partial`, path);
  return { path, events, expectedIncidents };
}
