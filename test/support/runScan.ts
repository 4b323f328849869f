import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { IncidentReport } from '../../domain/incident/IncidentReport';
import { CLI_FROM_SOURCE } from './cliFromSource';

export const PROJECT_ROOT = join(__dirname, '..', '..');

export interface ScanRun {
  readonly code: number | null;
  readonly incidents: IncidentReport[];
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real `winlog-correlator scan` binary from the project root, incidents parsed from stdout. */
export function runScan(...args: string[]): ScanRun {
  const result = spawnSync(process.execPath, [CLI_FROM_SOURCE, 'scan', ...args], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
  });
  const incidents = result.stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as IncidentReport);
  return { code: result.status, incidents, stdout: result.stdout, stderr: result.stderr };
}
