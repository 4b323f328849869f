import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { copyFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_FROM_SOURCE } from '../support/cliFromSource';

const CLI = CLI_FROM_SOURCE;
const SAMPLES = join(__dirname, '..', '..', 'samples');
const root = mkdtempSync(join(tmpdir(), 'winlog-local-cli-'));

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

interface Started {
  readonly child: ChildProcess;
  /** What the command wrote to stderr so far. */
  stderr(): string;
  readonly finished: Promise<Finished>;
}

function start(args: readonly string[]): Started {
  const child = spawn(process.execPath, [CLI, 'local', ...args], {
    cwd: root,
    env: { ...process.env, AWS_PROFILE: 'no-such-profile', AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const finished = new Promise<Finished>((resolve) => {
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { child, stderr: () => stderr, finished };
}

describe('winlog-correlator local', () => {
  it('--once runs the samples and the watch folder through the pipeline, prints the alerts and exits 0', async () => {
    const dataDir = join(root, 'once');
    const watch = join(root, 'once-inbox');
    mkdirSync(watch, { recursive: true });
    // The EXCH01 crash again, in the watch folder: already known, so no new alert.
    await copyFile(join(SAMPLES, 'exch01', 'system-wevtutil.xml'), join(watch, 'system.xml'));

    const { code, stdout, stderr } = await start(['--once', '--data-dir', dataDir, '--watch', watch])
      .finished;

    expect(code).toBe(0);
    expect(stderr).toContain('uploaded raw/inbox/system.xml');
    expect(stderr).toMatch(
      /7 objects uploaded, 7 S3 notifications queued, \d+ invocations, 7 messages ingested/,
    );
    expect(stderr).toContain('4 alerts published');
    expect(stdout.match(/^ALERT KB819865 on (\S+)/gm)).toEqual([
      'ALERT KB819865 on exch01.corp.example.com',
      'ALERT KB819865 on exch02.corp.example.com',
      'ALERT KB819865 on exch03',
    ]);
    expect(stdout).toContain('RESOLVED KB819865 on exch02.corp.example.com');
    expect(stdout).toContain(
      'SMS    HIGH KB819865 EXCH01.corp.example.com: IIS Admin crash stops POP3/IMAP4 (0x800cc800). Do: Restart IIS Admin, IMAP4/POP3 online.',
    );
    expect(stdout).toContain('Restart the IIS Admin Service on EXCH03');
    expect(await readdir(join(dataDir, 'outbox'))).toHaveLength(4);
    expect(stderr).not.toMatch(/^\s+at /m);
  });

  it('keeps running until SIGINT, then closes the stand-ins and exits 0 without a stack trace', async () => {
    const { child, stderr, finished } = start([
      '--no-samples',
      '--data-dir',
      join(root, 'signal'),
      '--watch',
      join(root, 'signal-inbox'),
    ]);
    await expect.poll(stderr, { timeout: 20_000, interval: 100 }).toContain('press Ctrl-C to stop');
    child.kill('SIGINT');

    const result = await finished;
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('SIGINT: stopping');
    expect(result.stderr).toContain('stopped: stand-ins closed');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('--help documents every option', async () => {
    const { code, stdout } = await start(['--help']).finished;

    expect(code).toBe(0);
    for (const option of [
      '--data-dir DIR',
      '--outbox DIR',
      '--watch DIR',
      '--once',
      '--no-samples',
      '--window DURATION',
      '--rules PATH',
      '--s3-port N',
      '--dynamodb-port N',
      '--sns-port N',
      '--visibility-timeout DURATION',
      '--max-receives N',
      '--page-within DURATION|off',
      '--help',
    ]) {
      expect(stdout).toContain(option);
    }
    expect(stdout).toContain('0.0.0.0');
  });

  it('rejects a window that is not a duration, with exit status 2', async () => {
    const { code, stderr } = await start(['--once', '--window', 'soon']).finished;

    expect(code).toBe(2);
    expect(stderr).toContain("--window: 'soon' is not a duration");
  });

  it('rejects a --page-within that is neither a duration nor off, with exit status 2', async () => {
    const { code, stderr } = await start(['--once', '--page-within', 'never']).finished;

    expect(code).toBe(2);
    expect(stderr).toContain("--page-within: 'never' is not a duration");
  });
});
