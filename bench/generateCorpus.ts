import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import { renderEcs, renderXml, type SyntheticEvent } from '../tools/renderEventRecord';
import { iisAdminCrash, mailServiceFailure, noiseEvent, seededRandom } from '../tools/syntheticFleet';

export type CorpusFormat = 'ecs' | 'xml';

/** What a corpus looks like; the defaults are the benchmark's historical corpus, byte for byte. */
export interface CorpusShape {
  readonly format: CorpusFormat;
  readonly events: number;
  /** Rendered size the noise records are cut or padded to; undefined keeps the templates' own sizes. */
  readonly recordBytes?: number;
  /** Share of events taking part in the rule (a 7031 and a 1036 per pair, a quarter of pairs decoys). */
  readonly relevantShare: number;
  readonly nodes: number;
  /** Written as this many gzip files in one folder, in time order (one file when undefined). */
  readonly files?: number;
}

export const DEFAULT_SHAPE: Omit<CorpusShape, 'format' | 'events'> = { relevantShare: 0.001, nodes: 200 };

/** An incident the corpus holds by construction: its node and the time of its first evidence. */
export interface ExpectedIncident {
  readonly node: string;
  readonly firstEventAt: string;
}

export interface CorpusInfo {
  /** The file, or the folder of files. */
  readonly path: string;
  readonly files: readonly string[];
  readonly shape: CorpusShape;
  /** The ground truth: every incident the rule must find, in the order they occur. */
  readonly expected: readonly ExpectedIncident[];
}

const START_MS = Date.parse('2024-03-01T00:00:00Z');
const STEP_MS = 50;
/** The 1036 follows its 7031 this many events later. */
const SECOND_STEP_AFTER = 7;
/** Pairs on one node lie further apart than the rule's window (60 min), so every pair stands alone. */
const PAIR_SPACING_MS = 2 * 3_600_000;
const WORDS = ['service', 'account', 'logon', 'handle', 'policy', 'session', 'process', 'token', 'update'];

/**
 * Writes (once; reused while the file exists) a gzip corpus of one shape: fleet noise with KB819865 pairs
 * and decoys mixed in. The pairs follow from the shape alone, so the ground truth is known without
 * reading the file back.
 */
export async function generateCorpus(shape: CorpusShape, folder: string): Promise<CorpusInfo> {
  const path = `${folder}/${corpusName(shape)}`;
  const plan = planCorpus(shape);
  const parts = shape.files ?? 1;
  const files =
    parts === 1
      ? [path]
      : Array.from({ length: parts }, (_, part) =>
          join(path, `part-${String(part).padStart(3, '0')}${extensionOf(shape)}`),
        );
  const info = { path, files, shape, expected: plan.expected };
  if (existsSync(path)) return info;
  if (parts > 1) mkdirSync(`${path}.partial`, { recursive: true });
  const partial = (file: string) => (parts === 1 ? `${file}.partial` : file.replace(path, `${path}.partial`));
  const render = shape.format === 'ecs' ? renderEcs : renderXml;
  const random = seededRandom(819865);
  const perFile = Math.ceil(shape.events / parts);
  let batch: string[] = [];
  let output = openGzip(partial(files[0] as string));
  for (let i = 0; i < shape.events; i++) {
    if (i > 0 && i % perFile === 0) {
      if (batch.length > 0) output.gzip.write(`${batch.join('\n')}\n`);
      batch = [];
      await closeGzip(output);
      output = openGzip(partial(files[i / perFile] as string));
    }
    const timeMs = START_MS + i * plan.stepMs;
    const pair = Math.floor(i / plan.pairEvery);
    const node = pairNode(pair, shape.nodes);
    const offset = i % plan.pairEvery;
    let record: string;
    if (offset === 0) {
      record = render(
        iisAdminCrash(node, i + 1, timeMs, isDecoy(pair) ? 'World Wide Web Publishing Service' : undefined),
      );
    } else if (offset === SECOND_STEP_AFTER) {
      record = render(mailServiceFailure(node, i + 1, timeMs, pair % 2 === 0 ? 'IMAP4SVC' : 'POP3SVC'));
    } else {
      const noise = noiseEvent(random, noiseNode(Math.floor(random() * shape.nodes)), i + 1, timeMs);
      record =
        shape.recordBytes === undefined
          ? render(noise)
          : renderSized(noise, render, shape.recordBytes, random);
    }
    batch.push(record);
    if (batch.length >= 1000) {
      if (!output.gzip.write(`${batch.join('\n')}\n`)) await once(output.gzip, 'drain');
      batch = [];
    }
  }
  if (batch.length > 0) output.gzip.write(`${batch.join('\n')}\n`);
  await closeGzip(output);
  renameSync(`${path}.partial`, path);
  return info;
}

function openGzip(file: string) {
  const gzip = createGzip({ level: 6 });
  const out = createWriteStream(file);
  gzip.pipe(out);
  return { gzip, out };
}

async function closeGzip({ gzip, out }: ReturnType<typeof openGzip>): Promise<void> {
  gzip.end();
  await once(out, 'finish');
}

function extensionOf(shape: CorpusShape): string {
  return shape.format === 'ecs' ? '.ndjson.gz' : '.xml.gz';
}

export function corpusName(shape: CorpusShape): string {
  const isDefault =
    shape.recordBytes === undefined &&
    shape.relevantShare === DEFAULT_SHAPE.relevantShare &&
    shape.nodes === DEFAULT_SHAPE.nodes;
  const tail = isDefault ? '' : `-r${shape.recordBytes ?? 'natural'}-s${shape.relevantShare}-n${shape.nodes}`;
  const files = (shape.files ?? 1) > 1 ? `-in-${shape.files}-files` : '';
  return `corpus-${shape.format}-${shape.events}${tail}${files}${files ? '' : extensionOf(shape)}`;
}

interface CorpusPlan {
  readonly pairEvery: number;
  readonly stepMs: number;
  readonly expected: readonly ExpectedIncident[];
}

function planCorpus(shape: CorpusShape): CorpusPlan {
  const pairEvery = Math.max(SECOND_STEP_AFTER + 1, Math.round(2 / shape.relevantShare));
  const pairNodes = Math.min(shape.nodes, Math.max(1, Math.floor(shape.events / pairEvery)));
  // Slower clocks for small fleets with many pairs: a node's next pair must fall outside the window.
  const stepMs = Math.max(STEP_MS, Math.ceil(PAIR_SPACING_MS / (pairEvery * pairNodes)));
  const expected: ExpectedIncident[] = [];
  for (let pair = 0; pair * pairEvery + SECOND_STEP_AFTER < shape.events; pair++) {
    if (isDecoy(pair)) continue;
    const at = new Date(START_MS + pair * pairEvery * stepMs)
      .toISOString()
      .replace(/\.(\d{3})Z$/, '.$10000Z');
    expected.push({ node: pairNode(pair, shape.nodes), firstEventAt: at });
  }
  return { pairEvery, stepMs, expected };
}

/** Every fourth pair is a decoy: another service crashed. */
function isDecoy(pair: number): boolean {
  return pair % 4 === 3;
}

function pairNode(pair: number, nodes: number): string {
  return `EXCH${String(pair % nodes).padStart(3, '0')}.corp.example.com`;
}

function noiseNode(index: number): string {
  return `SRV${String(index).padStart(3, '0')}.corp.example.com`;
}

/**
 * A noise record of about `bytes` rendered: the message cut, or padded with varied words (so it does not
 * compress unrealistically well). Below the format's usual fixed fields, the record keeps only what a
 * shipper configured for small records sends (see `compact`).
 */
function renderSized(
  event: SyntheticEvent,
  render: (event: SyntheticEvent) => string,
  bytes: number,
  random: () => number,
): string {
  const candidates = [
    { event: { ...event, message: '' }, compact: false },
    { event: { ...event, message: '', data: [] }, compact: false },
    { event: { ...event, message: '', data: [] }, compact: true },
  ];
  const renderAs = (choice: { compact: boolean }, e: SyntheticEvent) =>
    choice.compact ? compact(render(e)) : render(e);
  const chosen =
    candidates.find((choice) => renderAs(choice, choice.event).length <= bytes) ??
    (candidates[2] as (typeof candidates)[number]);
  let room = bytes - renderAs(chosen, chosen.event).length;
  const words: string[] = [];
  while (room > 0) {
    const word = `${WORDS[Math.floor(random() * WORDS.length)]}${Math.floor(random() * 1e6).toString(36)}`;
    words.push(word);
    room -= word.length + 1;
  }
  return renderAs(chosen, { ...chosen.event, message: words.join(' ') });
}

/** A record with only the fields the reader needs: Event XML without rendering info, ECS without agent metadata. */
function compact(record: string): string {
  if (record.startsWith('<')) {
    return record
      .replace(
        /<(Version|Level|Task|Opcode|Keywords)>[^<]*<\/\1>|<Correlation\/>|<Execution [^>]*\/>|<Security\/>/g,
        '',
      )
      .replace(/<RenderingInfo Culture='en-US'><Message>/, '<RenderingInfo><Message>')
      .replace(/<\/Message>.*<\/RenderingInfo>/, '</Message></RenderingInfo>');
  }
  const { agent, ecs, tags, log, ...rest } = JSON.parse(record) as Record<string, Record<string, unknown>>;
  const { api, keywords, opcode, process, ...winlog } = rest.winlog ?? {};
  const { created, kind, ...event } = rest.event ?? {};
  return JSON.stringify({ ...rest, '@version': undefined, event, winlog });
}
