import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** One measured run of a program: wall time, CPU time of the whole process (every thread), peak RSS. */
export interface Measurement {
  readonly seconds: number;
  readonly cpuSeconds: number | undefined;
  readonly peakRssMb: number | undefined;
  readonly stdout: string;
  readonly stderr: string;
}

export const ROOT = join(__dirname, '..');
const PRELOAD = join(__dirname, 'reportPeakRss.cjs');
const MAX_OUTPUT = 256 * 1024 * 1024;

/**
 * Runs a Node program with its peak RSS and CPU time reported: `node ARGS` for the floor, or an executable
 * such as `bin/cli.js` run through its own shebang, exactly as `npx winlog-correlator` runs it.
 */
export function measureNode(args: readonly string[], executable: string = process.execPath): Measurement {
  const started = process.hrtime.bigint();
  const result = spawnSync(executable, [...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: MAX_OUTPUT,
    env: { ...process.env, NODE_OPTIONS: `--require ${PRELOAD}` },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`${executable} ${args.join(' ')} failed: ${result.stderr}`);
  return fromOutput(seconds, result.stdout, result.stderr ?? '');
}

/**
 * As `measureNode`, without blocking this process's event loop: for a program talking to servers that run
 * in this process (the stand-ins).
 */
export function measureNodeAsync(args: readonly string[], env: Record<string, string>): Promise<Measurement> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [...args], {
    cwd: ROOT,
    env: { ...process.env, ...env, NODE_OPTIONS: `--require ${PRELOAD}` },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    stdout += text;
  });
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (status !== 0) reject(new Error(`node ${args.join(' ')} failed: ${stderr}`));
      else resolve(fromOutput(seconds, stdout, stderr));
    });
  });
}

/** A shell pipeline under /usr/bin/time (when installed) for its peak RSS and CPU time. */
export function measureShell(command: string): Measurement {
  const timeBinary = existsSync('/usr/bin/time');
  const started = process.hrtime.bigint();
  const result = timeBinary
    ? spawnSync('/usr/bin/time', ['-f', 'PEAK_RSS_KB=%M\nCPU_SECONDS=%U+%S', 'bash', '-c', command], {
        encoding: 'utf8',
      })
    : spawnSync('bash', ['-c', command], { encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return fromOutput(seconds, result.stdout, result.stderr ?? '');
}

function fromOutput(seconds: number, stdout: string, stderr: string): Measurement {
  const rss = /PEAK_RSS_KB=(\d+)/.exec(stderr)?.[1];
  const cpuMicroseconds = /CPU_MICROSECONDS=(\d+)/.exec(stderr)?.[1];
  const cpuTime = /CPU_SECONDS=([\d.]+)\+([\d.]+)/.exec(stderr);
  const cpuSeconds = cpuMicroseconds
    ? Number(cpuMicroseconds) / 1e6
    : cpuTime
      ? Number(cpuTime[1]) + Number(cpuTime[2])
      : undefined;
  return { seconds, cpuSeconds, peakRssMb: rss ? Number(rss) / 1024 : undefined, stdout, stderr };
}
