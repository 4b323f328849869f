import { mkdtempSync } from 'node:fs';
import { readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUNDLED_SAMPLES_PATH } from '../../app/local/bundledSamplesPath';
import {
  LocalPipelineError,
  type LocalPipelineOptions,
  runLocalPipelineOnce,
} from '../../app/local/startLocalPipeline';

const root = mkdtempSync(join(tmpdir(), 'winlog-damaged-'));

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function optionsIn(name: string): LocalPipelineOptions & { samplesDir: string } {
  const dataDir = join(root, name);
  return {
    dataDir,
    outboxDir: join(dataDir, 'outbox'),
    watchDir: join(dataDir, 'inbox'),
    samplesDir: BUNDLED_SAMPLES_PATH,
  };
}

describe('a damaged local data folder', () => {
  it('does not alert again when the state database lost its recent writes', async () => {
    const options = optionsIn('truncated');
    const first = await runLocalPipelineOnce(options);
    expect(first.alerts).toBeGreaterThan(0);
    const dynamo = join(options.dataDir, 'dynamodb');
    for (const name of await readdir(dynamo))
      if (name.endsWith('.log')) await truncate(join(dynamo, name), 0);

    const again = await runLocalPipelineOnce(options);

    expect(again.alerts).toBe(0);
  });

  it('does not alert again when the state database is gone', async () => {
    const options = optionsIn('gone');
    await runLocalPipelineOnce(options);
    await rm(join(options.dataDir, 'dynamodb'), { recursive: true });

    expect((await runLocalPipelineOnce(options)).alerts).toBe(0);
  });

  it('sets aside an object a killed run left half-written, says so, and does not alert again', async () => {
    const options = optionsIn('torn-object');
    await runLocalPipelineOnce(options);
    const raw = join(options.dataDir, 's3', 'fleet-winlogs', 'raw');
    const [metadata] = (await readdir(raw, { recursive: true })).filter((name) =>
      name.endsWith('._S3rver_metadata.json'),
    );
    if (!metadata) throw new Error('expected an uploaded sample');
    await writeFile(join(raw, metadata), '');
    const lines: string[] = [];

    const again = await runLocalPipelineOnce({ ...options, log: (line) => lines.push(line) });

    expect(again.alerts).toBe(0);
    expect(lines.join('')).toContain(
      `set aside fleet-winlogs/raw/${metadata.replace('._S3rver_metadata.json', '')}`,
    );
    expect(
      await readdir(join(options.dataDir, 's3-damaged', 'fleet-winlogs', 'raw'), { recursive: true }),
    ).toContain(metadata);
  });

  it('names an outbox file it cannot read, whose alert it no longer knows as sent', async () => {
    const options = optionsIn('torn-outbox');
    await runLocalPipelineOnce(options);
    const [sent] = (await readdir(options.outboxDir)).sort();
    if (!sent) throw new Error('expected an alert in the outbox');
    await writeFile(join(options.outboxDir, sent), '{"topicArn":');
    const lines: string[] = [];

    await runLocalPipelineOnce({ ...options, log: (line) => lines.push(line) });

    expect(lines.join('')).toContain(`outbox file ${join(options.outboxDir, sent)} cannot be read`);
  });

  it('names and clears away an outbox file a killed run left half-written: only whole alerts stay', async () => {
    const options = optionsIn('partial-outbox');
    await runLocalPipelineOnce(options);
    const [sent] = (await readdir(options.outboxDir)).sort();
    if (!sent) throw new Error('expected an alert in the outbox');
    const whole = await readFile(join(options.outboxDir, sent), 'utf8');
    await rm(join(options.outboxDir, sent));
    await writeFile(join(options.outboxDir, `${sent}.partial`), whole.slice(0, 20));
    const lines: string[] = [];

    await runLocalPipelineOnce({ ...options, log: (line) => lines.push(line) });

    expect(lines.join('')).toContain(
      `outbox file ${join(options.outboxDir, `${sent}.partial`)} cannot be read`,
    );
    const after = (await readdir(options.outboxDir)).sort();
    expect(after.filter((name) => !name.endsWith('.json'))).toEqual([]);
    for (const name of after) JSON.parse(await readFile(join(options.outboxDir, name), 'utf8'));
  });

  it('stops with a message naming the folder and how to recover when the database cannot open', async () => {
    const options = optionsIn('no-manifest');
    await runLocalPipelineOnce(options);
    await writeFile(join(options.dataDir, 'dynamodb', 'CURRENT'), '');

    const failed = runLocalPipelineOnce(options);

    await expect(failed).rejects.toBeInstanceOf(LocalPipelineError);
    await expect(failed).rejects.toThrow(/dynamodb is damaged .*move it away/);
  });
});
