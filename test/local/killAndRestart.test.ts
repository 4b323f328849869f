import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_FROM_SOURCE } from '../support/cliFromSource';
import { iisAdminCrashXml, imapStartFailureXml } from '../support/windowsEventRecords';

const CLI = CLI_FROM_SOURCE;
const root = mkdtempSync(join(tmpdir(), 'winlog-kill-'));
const watch = join(root, 'inbox');
const dataDir = join(root, 'data');
const INCIDENTS = 120;
const KILLS = 20;

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** 120 nodes, each with one KB819865 pair, in 12 files of 10 nodes; recent, so every incident pages. */
function writeCorpus(): void {
  mkdirSync(watch, { recursive: true });
  const crashAt = Date.now() - 10 * 60_000;
  const at = (ms: number) => new Date(ms).toISOString();
  for (let file = 0; file < INCIDENTS / 10; file++) {
    const lines: string[] = [];
    for (let n = 0; n < 10; n++) {
      const node = `EXCH${String(file * 10 + n).padStart(3, '0')}.corp.example.com`;
      lines.push(iisAdminCrashXml({ node, at: at(crashAt), recordId: 1 }));
      lines.push(imapStartFailureXml({ node, at: at(crashAt + 9000), recordId: 2 }));
    }
    writeFileSync(join(watch, `system-${String(file).padStart(2, '0')}.xml`), `${lines.join('\n')}\n`);
  }
}

/** Runs `local --once`; kills it with SIGKILL after `killAfterMs` unless it finished first. */
function runLocal(killAfterMs?: number): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        CLI,
        'local',
        '--once',
        '--no-samples',
        '--watch',
        watch,
        '--data-dir',
        dataDir,
        '--publish-lease',
        '2s',
      ],
      {
        cwd: root,
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, AWS_PROFILE: 'no-such-profile' },
      },
    );
    const timer =
      killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0 && code !== null)
        process.stderr.write(`local exited ${code}:\n${stderr.slice(-2000)}\n`);
      resolve(code);
    });
  });
}

/** A fixed spread of moments, from before the stand-ins are up to well into the ingest. */
function killMoments(): number[] {
  let seed = 819_865;
  return Array.from({ length: KILLS }, () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return 300 + (seed % 4_700);
  });
}

describe('local killed with SIGKILL and restarted with the same command', () => {
  it('publishes every incident exactly once', { timeout: 400_000 }, async () => {
    writeCorpus();
    for (const moment of killMoments()) await runLocal(moment);
    expect(await runLocal()).toBe(0);

    const outbox = join(dataDir, 'outbox');
    const published = new Map<string, number>();
    for (const name of await readdir(outbox)) {
      const message = JSON.parse(await readFile(join(outbox, name), 'utf8')) as {
        messageAttributes: Record<string, { StringValue?: string }>;
      };
      const id = `${message.messageAttributes.incidentId?.StringValue}#${message.messageAttributes.notificationKind?.StringValue}`;
      published.set(id, (published.get(id) ?? 0) + 1);
    }
    expect(published.size).toBe(INCIDENTS);
    expect([...published.values()].filter((count) => count !== 1)).toEqual([]);
  });
});
