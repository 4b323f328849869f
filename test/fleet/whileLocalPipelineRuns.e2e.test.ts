import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_SAMPLES_PATH } from '../../app/local/bundledSamplesPath';
import { type LocalPipeline, startLocalPipeline } from '../../app/local/startLocalPipeline';
import { CLI_FROM_SOURCE } from '../support/cliFromSource';

const ROOT = join(__dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'while-running-'));
const dataDir = join(work, 'data');
let pipeline: LocalPipeline;

/** The real command line in its own process, as an operator runs it beside `npm start`. */
function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI_FROM_SOURCE, ...args],
      { cwd: ROOT, encoding: 'utf8', timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

beforeAll(async () => {
  pipeline = await startLocalPipeline({
    dataDir,
    outboxDir: join(work, 'outbox'),
    watchDir: join(work, 'inbox'),
    ports: { s3: 0, dynamodb: 0, messaging: 0 },
  });
  await pipeline.uploadFolder(BUNDLED_SAMPLES_PATH);
  await pipeline.drained();
}, 120_000);

afterAll(async () => {
  await pipeline?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('fleet and audit while the local pipeline runs', () => {
  it('fleet reads through the running servers, with the nodes and their last events', async () => {
    const result = await cli('fleet', '--data-dir', dataDir, '--output', 'ndjson');
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.code).toBe(0);
    const nodes = result.stdout
      .trim()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as { node: string; open_incidents: number; last_event_seen_at: string | null },
      );
    expect(nodes.filter((n) => n.open_incidents > 0).map((n) => n.node.toUpperCase())).toContain(
      'EXCH01.CORP.EXAMPLE.COM',
    );
    expect(nodes.every((n) => n.last_event_seen_at !== null)).toBe(true);
    expect(result.stderr).toContain(`read through the running local pipeline (process ${process.pid})`);
  }, 90_000);

  it('audit reads through the running servers', async () => {
    const result = await cli('audit', '--data-dir', dataDir, '--view', 'incidents', '--output', 'ndjson');
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('KB819865');
  }, 90_000);

  it('says what to do, without a stack trace, while the pipeline has not published its servers', async () => {
    const starting = join(work, 'starting');
    rmSync(starting, { recursive: true, force: true });
    mkdirSync(join(starting, 's3'), { recursive: true });
    writeFileSync(join(starting, '.lock'), String(process.pid));
    const result = await cli('fleet', '--data-dir', starting);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `fleet: the local pipeline (process ${process.pid}) holds ${starting} and has not published its servers yet (it is starting or stopping): run this again in a moment\n`,
    );
  }, 90_000);
});
