import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_FROM_SOURCE } from '../support/cliFromSource';
import { iisAdminCrashEcs, imapStartFailureEcs } from '../support/windowsEventRecords';

const ROOT = join(__dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'scan-paths-'));
// Readable by the unprivileged user some tests run the binary as.
chmodSync(work, 0o755);
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** One KB819865 pair on a node, as Winlogbeat NDJSON: one incident when scanned. */
function pairFile(path: string, node: string): string {
  const lines = [
    iisAdminCrashEcs({ node, at: '2024-03-14T02:17:45.1230000Z', recordId: 1 }),
    imapStartFailureEcs({ node, at: '2024-03-14T02:18:45.1230000Z', recordId: 2 }),
  ];
  writeFileSync(path, `${lines.join('\n')}\n`);
  chmodSync(path, 0o644);
  return path;
}

/** Runs the real binary, as an unprivileged user when asked (root reads files whatever their mode). */
function scan(args: string[], options: { asUser?: number } = {}) {
  const result = spawnSync(process.execPath, [CLI_FROM_SOURCE, 'scan', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 30_000,
    ...(options.asUser === undefined ? {} : { uid: options.asUser, gid: options.asUser }),
  });
  const nodes = result.stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => (JSON.parse(line) as { node: string }).node);
  return { code: result.status, signal: result.signal, nodes, stderr: result.stderr };
}

const NOBODY = 65534;
const runningAsRoot = process.getuid?.() === 0;

describe('scan paths that cannot be read', () => {
  it('reports a file it may not open and still prints the incidents of the others, then exits 1', () => {
    const dir = join(work, 'eacces');
    mkdirSync(dir);
    chmodSync(dir, 0o755);
    const first = pairFile(join(dir, 'a.json'), 'EXCH01');
    const locked = pairFile(join(dir, 'b.json'), 'EXCH02');
    chmodSync(locked, 0o000);
    const last = pairFile(join(dir, 'c.json'), 'EXCH03');
    const { code, nodes, stderr } = scan([first, locked, last], runningAsRoot ? { asUser: NOBODY } : {});
    expect(nodes).toEqual(['EXCH01', 'EXCH03']);
    expect(stderr).toContain(`cannot read ${locked}: EACCES`);
    expect(code).toBe(1);
  });

  it('reports a dangling symlink in a folder and reads the rest of the folder', () => {
    const dir = join(work, 'dangling');
    mkdirSync(dir);
    pairFile(join(dir, 'a.json'), 'EXCH01');
    symlinkSync(join(dir, 'gone.json'), join(dir, 'b.json'));
    const { code, nodes, stderr } = scan([dir]);
    expect(nodes).toEqual(['EXCH01']);
    expect(stderr).toContain(`cannot read ${join(dir, 'b.json')}: ENOENT`);
    expect(code).toBe(1);
  });

  it('refuses a FIFO instead of skipping it or waiting on it', () => {
    const fifo = join(work, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const file = pairFile(join(work, 'beside-fifo.json'), 'EXCH01');
    const { code, nodes, stderr } = scan([fifo, file]);
    expect(nodes).toEqual(['EXCH01']);
    expect(stderr).toContain(`cannot read ${fifo}: not a regular file (a FIFO)`);
    expect(code).toBe(1);
  });

  it('refuses a device such as /dev/zero', () => {
    const { code, stderr } = scan(['/dev/zero']);
    expect(stderr).toContain('cannot read /dev/zero: not a regular file (a character device)');
    expect(code).toBe(1);
  });
});

describe('scan folders with symlinks', () => {
  it('walks a folder once however many symlinks lead back to it', () => {
    const dir = join(work, 'loops');
    mkdirSync(join(dir, 'sub'), { recursive: true });
    pairFile(join(dir, 'sub', 'a.json'), 'EXCH01');
    symlinkSync(dir, join(dir, 'sub', 'up1'));
    symlinkSync(dir, join(dir, 'sub', 'up2'));
    const { code, signal, nodes } = scan([dir]);
    expect(signal).toBeNull();
    expect(nodes).toEqual(['EXCH01']);
    expect(code).toBe(0);
  });
});

describe('scan --rejects', () => {
  it('is a usage error, without a stack trace, when the file cannot be created', () => {
    const file = pairFile(join(work, 'for-missing-folder.json'), 'EXCH01');
    const { code, nodes, stderr } = scan(['--rejects', join(work, 'missing', 'rejects.jsonl'), file]);
    expect(code).toBe(2);
    expect(nodes).toEqual([]);
    expect(stderr).toContain(`--rejects: cannot create ${join(work, 'missing', 'rejects.jsonl')}: ENOENT`);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('is a usage error, leaving the input as it was, when the file is also an input', () => {
    const file = pairFile(join(work, 'also-rejects.json'), 'EXCH01');
    const before = readFileSync(file, 'utf8');
    const { code, stderr } = scan(['--rejects', file, file]);
    expect(code).toBe(2);
    expect(stderr).toContain(`--rejects ${file} is also an input`);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });
});
