import { readFileSync } from 'node:fs';
import { createRawInflater } from '../adapters/node/createRawInflater';
import { BUNDLED_RULES_PATH, loadRules } from '../adapters/node/loadRules';
import { EvtxStreamReader } from '../domain/formats/evtx/EvtxStreamReader';
import { buildPrefilter } from '../domain/input/Prefilter';
import { readEventsFromObject } from '../domain/input/readEventsFromObject';

/**
 * `npx tsx bench/evtxReaderSpeed.ts FILE.evtx [RUNS]`: throughput of the .evtx reader on one file, fed in
 * 64 KiB pieces as a file stream delivers it, after a warm-up run; the median of RUNS (default 15).
 * - "as scan reads it": readEventsFromObject with the bundled rules, so that records no rule names are
 *   counted without being expanded (what `scan`, `local` and the Lambda do);
 * - "every record expanded": each record's BinXML expanded into its element tree.
 * MB/s is over the file's size, unused chunk slots included.
 */
const PIECE_BYTES = 64 * 1024;

async function main(): Promise<void> {
  const [file, runsArgument] = process.argv.slice(2);
  if (file === undefined) throw new Error('usage: npx tsx bench/evtxReaderSpeed.ts FILE.evtx [RUNS]');
  const bytes = readFileSync(file);
  const runs = Number(runsArgument ?? 15);
  const prefilter = buildPrefilter(loadRules(BUNDLED_RULES_PATH));

  let events = 0;
  const asScan = await measure(runs, async () => {
    const summary = await readEventsFromObject(
      pieces(bytes),
      file,
      {
        format: 'auto',
        timeZone: 'UTC',
        maxObjectBytes: 2 ** 40,
        maxRecordBytes: 2 ** 20,
        prefilter,
        createInflater: createRawInflater,
      },
      { event: () => {}, rejected: () => {} },
    );
    events = summary.events;
  });
  let elements = 0;
  const expanded = await measure(runs, async () => {
    elements = 0;
    const reader = new EvtxStreamReader({
      record: (record) => {
        elements += record.elements()?.length ?? 0;
      },
      damaged: () => {},
    });
    for (let at = 0; at < bytes.length; at += PIECE_BYTES) reader.push(bytes.subarray(at, at + PIECE_BYTES));
    reader.end();
  });
  const megabytes = bytes.length / 1e6;
  console.log(`${file}: ${megabytes.toFixed(2)} MB, ${events} records, median of ${runs} runs`);
  console.log(
    `  as scan reads it:       ${(megabytes / asScan).toFixed(0)} MB/s, ${(events / asScan).toFixed(0)} records/s`,
  );
  console.log(
    `  every record expanded:  ${(megabytes / expanded).toFixed(0)} MB/s, ${(elements / expanded).toFixed(0)} records/s`,
  );
}

async function* pieces(bytes: Buffer): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length; at += PIECE_BYTES) yield bytes.subarray(at, at + PIECE_BYTES);
}

/** Median seconds of `runs` runs, after one warm-up run. */
async function measure(runs: number, run: () => Promise<void>): Promise<number> {
  await run();
  const seconds: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    await run();
    seconds.push(Number(process.hrtime.bigint() - started) / 1e9);
  }
  seconds.sort((a, b) => a - b);
  return seconds[Math.floor(seconds.length / 2)] ?? Number.NaN;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
