import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeFloodCorpus } from './floodBenchmark';
import {
  type CorpusFormat,
  type CorpusInfo,
  type CorpusShape,
  DEFAULT_SHAPE,
  type ExpectedIncident,
  generateCorpus,
} from './generateCorpus';
import { type Measurement, measureNode, measureNodeAsync, measureShell, ROOT } from './measureProcess';

/**
 * `npm run bench [-- --events N --formats ecs,xml --record-bytes N --relevant-share 0.1% --nodes N]`:
 * throughput, CPU time and peak memory of `scan` against the floor (Node's zlib inflating the same file
 * into nothing) and `zcat FILE | wc -l`, all measured in one run, on a corpus of that shape.
 * `--files N`: the corpus in N gzip files in one folder, which `scan` reads side by side.
 * `--runs N`: the floor (or the handler) and `scan` N times each, alternately; medians of time, the
 * maximum of peak RSS.
 * `--ingest`: the same object through the ingest handler on the local stand-ins, next to `scan`.
 */
const CORPUS_DIR = join(ROOT, '.bench');
const CLI = join(ROOT, 'bin', 'cli.js');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      events: { type: 'string', default: '1000000' },
      formats: { type: 'string', default: 'ecs,xml' },
      'record-bytes': { type: 'string' },
      'relevant-share': { type: 'string' },
      nodes: { type: 'string', default: String(DEFAULT_SHAPE.nodes) },
      files: { type: 'string', default: '1' },
      runs: { type: 'string', default: '1' },
      flood: { type: 'boolean', default: false },
      ingest: { type: 'boolean', default: false },
    },
  });
  if (values.flood) return floodBenchmark();
  const events = wholeNumber('--events', values.events);
  const recordBytes =
    values['record-bytes'] === undefined ? undefined : wholeNumber('--record-bytes', values['record-bytes']);
  const relevantShare =
    values['relevant-share'] === undefined ? DEFAULT_SHAPE.relevantShare : share(values['relevant-share']);
  const nodes = wholeNumber('--nodes', values.nodes);
  const files = wholeNumber('--files', values.files);
  const runs = wholeNumber('--runs', values.runs);
  mkdirSync(CORPUS_DIR, { recursive: true });
  const lines: string[] = [];
  for (const format of values.formats.split(',') as CorpusFormat[]) {
    const shape: CorpusShape = { format, events, recordBytes, relevantShare, nodes, files };
    process.stderr.write(`generating ${describeShape(shape)} (cached in .bench/)...\n`);
    const corpus = await generateCorpus(shape, CORPUS_DIR);
    lines.push(...(values.ingest ? await ingestBenchmark(corpus, runs) : scanBenchmark(corpus, runs)));
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

function scanBenchmark(corpus: CorpusInfo, runs: number): string[] {
  const { events } = corpus.shape;
  const floors: Measurement[] = [];
  const scans: Measurement[] = [];
  for (let run = 0; run < runs; run++) {
    floors.push(measureNode(['--import', 'tsx', join(__dirname, 'inflateOnly.ts'), ...corpus.files]));
    scans.push(measureNode(['scan', corpus.path], CLI));
  }
  const floor = summarise(floors);
  const scan = summarise(scans);
  const bytes = Number(floor.stdout.trim());
  const zcat = measureShell(`zcat ${corpus.files.map((file) => `'${file}'`).join(' ')} | wc -l`);
  const row = (name: string, m: Measurement) =>
    `| ${name} | ${m.seconds.toFixed(2)} | ${m.cpuSeconds?.toFixed(2) ?? 'n/a'} | ${(bytes / 1e6 / m.seconds).toFixed(0)} | ${Math.round(events / m.seconds).toLocaleString('en-US')} | ${m.peakRssMb?.toFixed(0) ?? 'n/a'} |`;
  return [
    heading(corpus, bytes),
    '',
    '| run | wall s | CPU s | MB/s (decompressed) | events/s | peak RSS MB |',
    '|---|---|---|---|---|---|',
    row(
      corpus.files.length > 1
        ? 'floor (zlib inflate only, one file after the other)'
        : 'floor (zlib inflate only)',
      floor,
    ),
    row('scan', scan),
    row('zcat FILE \\| wc -l', zcat),
    '',
    `scan / floor throughput: ${percent(floor.seconds / scan.seconds)}; CPU seconds scan / floor: ${ratio(scan.cpuSeconds, floor.cpuSeconds)}${runs > 1 ? `; ${runs} runs each, alternately: medians of time, maximum of peak RSS; run by run ${runRatios(floors, scans)}` : ''}`,
    ...scans.flatMap((run) => checkScan(corpus, run)).filter((line, i, all) => all.indexOf(line) === i),
    '',
  ];
}

/** One invocation of the handler on the corpus, as the child reports it. */
interface IngestRun {
  /** The invocation's wall and CPU time (the child's start-up excluded), the child's peak RSS. */
  readonly measurement: Measurement;
  readonly ingested: {
    bytes?: number;
    events?: number;
    openedByRule?: Record<string, number>;
    rejected?: number;
  };
  readonly stderr: string;
}

/**
 * The object through the deployed handler module (S3 GetObject from s3rver, DynamoDB on dynalite, SNS and
 * SQS on fauxqs), timed from the invocation on, so neither the stand-ins' nor the handler's start-up
 * counts; then `scan` on the same file. With `runs` above 1, alternately, each invocation on fresh
 * stand-ins (a second one on the same state would only find duplicates).
 */
async function ingestBenchmark(corpus: CorpusInfo, runs: number): Promise<string[]> {
  const ingests: IngestRun[] = [];
  const scans: Measurement[] = [];
  for (let run = 0; run < runs; run++) {
    ingests.push(await ingestOnce(corpus));
    scans.push(measureNode(['scan', corpus.path], CLI));
  }
  const ingest = summarise(ingests.map((run) => run.measurement));
  const scan = summarise(scans);
  const first = ingests[0] as IngestRun;
  const bytes = first.ingested.bytes ?? 0;
  const lines = [
    heading(corpus, bytes),
    '',
    '| run | wall s | CPU s | MB/s (decompressed) | MB per CPU second | peak RSS MB |',
    '|---|---|---|---|---|---|',
    throughputRow('ingest handler (invocation only)', ingest, bytes),
    throughputRow('scan', scan, bytes),
    '',
    `ingest / scan throughput: ${percent(scan.seconds / ingest.seconds)}${
      runs > 1
        ? `; ${runs} runs each, alternately: medians of time, maximum of peak RSS; run by run ${runRatios(
            scans,
            ingests.map((run) => run.measurement),
          )}`
        : ''
    }`,
    `incidents raised by the handler: ${[...new Set(ingests.map((run) => run.ingested.openedByRule?.KB819865 ?? 0))].join(', ')} (expected ${corpus.expected.length})`,
    `handler requests: ${describeRequests(first.stderr)}`,
    ...scans.flatMap((run) => checkScan(corpus, run)).filter((line, i, all) => all.indexOf(line) === i),
    '',
  ];
  for (const { ingested } of ingests) {
    if (
      (ingested.openedByRule?.KB819865 ?? 0) !== corpus.expected.length ||
      ingested.events !== corpus.shape.events ||
      ingested.rejected !== 0
    ) {
      lines.push(`WARNING: the handler did not read the corpus cleanly: ${JSON.stringify(ingested)}`);
    }
  }
  return lines;
}

async function ingestOnce(corpus: CorpusInfo): Promise<IngestRun> {
  // The stand-ins' clients run on Node 20 here, as the handler does: the SDK's warning about it is noise.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // Loaded only here: the stand-ins and the AWS SDK are not part of a `scan` measurement.
  const { startIngestStandIns } = await import('../test/support/ingestStandIns');
  const standIns = await startIngestStandIns();
  try {
    const key = `${standIns.config.rawKeyPrefix}bench/${corpus.path.split('/').pop()}`;
    const body = readFileSync(corpus.path);
    await standIns.putObject(key, body);
    const child = await measureNodeAsync(
      [
        '--import',
        'tsx',
        join(__dirname, 'ingestOnce.ts'),
        standIns.config.rawBucketName,
        key,
        String(body.length),
      ],
      {
        ...standIns.env,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
    );
    const ingested = JSON.parse(
      child.stdout.split('\n').find((line) => line.includes('"object ingested"')) ?? '{}',
    ) as IngestRun['ingested'];
    return {
      measurement: {
        ...child,
        seconds: Number(/INGEST_SECONDS=([\d.]+)/.exec(child.stderr)?.[1]),
        cpuSeconds: Number(/INGEST_CPU_MICROSECONDS=(\d+)/.exec(child.stderr)?.[1]) / 1e6,
      },
      ingested,
      stderr: child.stderr,
    };
  } finally {
    await standIns.stop();
  }
}

function throughputRow(name: string, m: Measurement, bytes: number): string {
  const perCpuSecond = m.cpuSeconds ? (bytes / 1e6 / m.cpuSeconds).toFixed(0) : 'n/a';
  return `| ${name} | ${m.seconds.toFixed(2)} | ${m.cpuSeconds?.toFixed(2) ?? 'n/a'} | ${(bytes / 1e6 / m.seconds).toFixed(0)} | ${perCpuSecond} | ${m.peakRssMb?.toFixed(0) ?? 'n/a'} |`;
}

/** The child's requests by operation, most first: `UpdateItem 398, PutItem 350, ...`. */
function describeRequests(stderr: string): string {
  const counts = JSON.parse(/INGEST_REQUESTS=(.*)/.exec(stderr)?.[1] ?? '{}') as Record<string, number>;
  const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
  const byCount = Object.entries(counts).sort(([, a], [, b]) => b - a);
  return `${total} (${byCount.map(([operation, count]) => `${operation} ${count}`).join(', ')})`;
}

/** Several runs of one program as one row: the median wall and CPU time, the highest peak RSS. */
function summarise(runs: readonly Measurement[]): Measurement {
  const median = (values: readonly number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1
      ? (sorted[middle] as number)
      : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  };
  const defined = (values: readonly (number | undefined)[]) =>
    values.every((value) => value !== undefined) ? (values as number[]) : undefined;
  const cpu = defined(runs.map((run) => run.cpuSeconds));
  const rss = defined(runs.map((run) => run.peakRssMb));
  return {
    seconds: median(runs.map((run) => run.seconds)),
    cpuSeconds: cpu && median(cpu),
    peakRssMb: rss && Math.max(...rss),
    stdout: (runs[0] as Measurement).stdout,
    stderr: (runs[0] as Measurement).stderr,
  };
}

/** Run by run, how fast the second program went next to the first (the first's time over its own). */
function runRatios(firsts: readonly Measurement[], seconds: readonly Measurement[]): string {
  const ratios = firsts.map((first, i) => first.seconds / (seconds[i] as Measurement).seconds);
  return `${percent(Math.min(...ratios))} to ${percent(Math.max(...ratios))}`;
}

function heading(corpus: CorpusInfo, bytes: number): string {
  const { shape } = corpus;
  const stored = corpus.files.reduce((total, file) => total + statSync(file).size, 0);
  return `### ${describeShape(shape)}: ${(stored / 1e6).toFixed(0)} MB compressed, ${(bytes / 1e6).toFixed(0)} MB decompressed, ${Math.round(bytes / shape.events)} B per record on average`;
}

function describeShape(shape: CorpusShape): string {
  return (
    `${shape.format} gzip, ${shape.events.toLocaleString('en-US')} events, ` +
    `${shape.recordBytes === undefined ? 'natural record sizes' : `noise records of ${shape.recordBytes} B`}, ` +
    `${+(shape.relevantShare * 100).toPrecision(3)} % relevant, ${shape.nodes} nodes` +
    `${(shape.files ?? 1) > 1 ? `, in ${shape.files} files` : ''}`
  );
}

/** The incidents `scan` printed against the generator's ground truth, and a clean read. */
function checkScan(corpus: CorpusInfo, scan: Measurement): string[] {
  const found = scan.stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as ExpectedIncident);
  const key = (incident: ExpectedIncident) => `${incident.node} ${Date.parse(incident.firstEventAt)}`;
  const expected = new Set(corpus.expected.map(key));
  const matching = found.filter((incident) => expected.has(key(incident))).length;
  const lines = [
    `scan incidents: ${found.length}, of which ${matching} in the ground truth of ${expected.size}`,
  ];
  if (matching !== expected.size || found.length !== expected.size)
    lines.push('WARNING: scan did not find exactly the ground truth');
  const summary = /scan: .*/.exec(scan.stderr)?.[0] ?? '(no summary)';
  if (!summary.includes(` ${corpus.shape.events} events`) || !summary.includes(' 0 rejected')) {
    lines.push(`WARNING: scan did not read the corpus cleanly: ${summary}`);
  }
  return lines;
}

function wholeNumber(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${flag} must be a whole number above 0`);
  return value;
}

/** `0.1%` or `0.001`. */
function share(text: string): number {
  const value = text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : Number(text);
  if (!(value > 0 && value <= 0.25)) throw new Error('--relevant-share must be above 0 and at most 25 %');
  return value;
}

function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(0)} %`;
}

function ratio(a: number | undefined, b: number | undefined): string {
  return a !== undefined && b ? (a / b).toFixed(2) : 'n/a';
}

/**
 * `npm run bench -- --flood`: 100,000 IIS Admin crashes (2 s apart, no 1036) on one node against the
 * same number spread over 200 nodes, through `scan`, side by side in one run.
 */
function floodBenchmark(): void {
  const events = 100_000;
  const lines = [
    `### Flood: ${events.toLocaleString('en-US')} KB819865 first steps, no second step`,
    '',
    '| corpus | seconds | events/s | peak RSS MB |',
    '|---|---|---|---|',
  ];
  const rates: number[] = [];
  for (const nodes of [200, 1]) {
    const path = writeFloodCorpus(CORPUS_DIR, events, nodes);
    const scan = measureNode(['scan', path], CLI);
    rates.push(events / scan.seconds);
    lines.push(
      `| ${nodes} node${nodes === 1 ? '' : 's'} | ${scan.seconds.toFixed(2)} | ${Math.round(events / scan.seconds).toLocaleString('en-US')} | ${scan.peakRssMb?.toFixed(0) ?? 'n/a'} |`,
    );
  }
  lines.push(
    '',
    `one node / 200 nodes, events per second: ${((rates[1] ?? 0) / (rates[0] ?? 1)).toFixed(2)}`,
    '',
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}

void main();
