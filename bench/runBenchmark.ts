import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeFloodCorpus } from './floodBenchmark';
import { type CorpusFormat, generateCorpus } from './generateCorpus';

/**
 * `npm run bench [-- --events N --formats ecs,xml]`: throughput and peak memory of `scan` against the floor
 * (Node's zlib inflating the same file into nothing) and `zcat FILE | wc -l`, all measured in one run.
 */
interface Measurement {
  readonly seconds: number;
  readonly peakRssMb: number | undefined;
  readonly stdout: string;
  readonly stderr: string;
}

const ROOT = join(__dirname, '..');
const CORPUS_DIR = join(ROOT, '.bench');
const PRELOAD = join(__dirname, 'reportPeakRss.cjs');

/**
 * Runs a Node program with its peak RSS reported: `node ARGS` for the floor, or an executable such as
 * `bin/cli.js` run through its own shebang, exactly as `npx winlog-correlator` runs it.
 */
function measureNode(args: readonly string[], executable: string = process.execPath): Measurement {
  const started = process.hrtime.bigint();
  const result = spawnSync(executable, [...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, NODE_OPTIONS: `--require ${PRELOAD}` },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`${executable} ${args.join(' ')} failed: ${result.stderr}`);
  const rss = /PEAK_RSS_KB=(\d+)/.exec(result.stderr)?.[1];
  return {
    seconds,
    peakRssMb: rss ? Number(rss) / 1024 : undefined,
    stdout: result.stdout,
    stderr: result.stderr ?? '',
  };
}

function measureShell(command: string): Measurement {
  const timeBinary = existsSync('/usr/bin/time');
  const started = process.hrtime.bigint();
  const result = timeBinary
    ? spawnSync('/usr/bin/time', ['-f', 'PEAK_RSS_KB=%M', 'bash', '-c', command], { encoding: 'utf8' })
    : spawnSync('bash', ['-c', command], { encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rss = /PEAK_RSS_KB=(\d+)/.exec(result.stderr ?? '')?.[1];
  return {
    seconds,
    peakRssMb: rss ? Number(rss) / 1024 : undefined,
    stdout: result.stdout,
    stderr: result.stderr ?? '',
  };
}

function row(name: string, m: Measurement, bytes: number, events: number): string {
  const mbps = bytes / 1e6 / m.seconds;
  return `| ${name} | ${m.seconds.toFixed(2)} | ${mbps.toFixed(0)} | ${Math.round(events / m.seconds).toLocaleString('en-US')} | ${m.peakRssMb?.toFixed(0) ?? 'n/a'} |`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      events: { type: 'string', default: '1000000' },
      formats: { type: 'string', default: 'ecs,xml' },
      flood: { type: 'boolean', default: false },
    },
  });
  if (values.flood) return floodBenchmark();
  const events = Number(values.events);
  mkdirSync(CORPUS_DIR, { recursive: true });
  const lines: string[] = [];
  for (const format of values.formats.split(',') as CorpusFormat[]) {
    process.stderr.write(`generating ${format} corpus of ${events} events (cached in .bench/)...\n`);
    const corpus = await generateCorpus(format, events, CORPUS_DIR);
    const floor = measureNode(['--import', 'tsx', join(__dirname, 'inflateOnly.ts'), corpus.path]);
    const bytes = Number(floor.stdout.trim());
    const scan = measureNode(['scan', corpus.path], join(ROOT, 'bin', 'cli.js'));
    const zcat = measureShell(`zcat '${corpus.path}' | wc -l`);
    const incidents = scan.stdout.split('\n').filter((line) => line.trim() !== '').length;
    const ratio = floor.seconds / scan.seconds;
    lines.push(
      `### ${format} gzip: ${events.toLocaleString('en-US')} events, ${(statSync(corpus.path).size / 1e6).toFixed(0)} MB compressed, ${(bytes / 1e6).toFixed(0)} MB decompressed`,
      '',
      '| run | seconds | MB/s (decompressed) | events/s | peak RSS MB |',
      '|---|---|---|---|---|',
      row('floor (zlib inflate only)', floor, bytes, events),
      row('scan', scan, bytes, events),
      row('zcat FILE \\| wc -l', zcat, bytes, events),
      '',
      `scan / floor throughput: ${(ratio * 100).toFixed(0)} %; incidents found: ${incidents} (expected ${corpus.expectedIncidents})`,
      '',
    );
    if (incidents !== corpus.expectedIncidents)
      lines.push(`WARNING: expected ${corpus.expectedIncidents} incidents`);
    const summary = /scan: .*/.exec(scan.stderr)?.[0] ?? '(no summary)';
    if (!summary.includes(` ${events} events`) || !summary.includes(' 0 rejected')) {
      lines.push(`WARNING: scan did not read the corpus cleanly: ${summary}`);
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`);
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
    const scan = measureNode(['scan', path], join(ROOT, 'bin', 'cli.js'));
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
