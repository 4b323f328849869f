import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { BUNDLED_RULES_PATH, loadRules } from '../../adapters/node/loadRules';
import { type ScanSummary, scanFiles, scanOptionsFrom } from '../../cli/scan/scanFiles';
import type { IncidentReport } from '../../domain/incident/IncidentReport';
import { parseIngestSettings } from '../../domain/settings/ingestSettings';
import { CLI_FROM_SOURCE } from '../support/cliFromSource';
import { iisAdminCrashEcs, imapStartFailureEcs } from '../support/windowsEventRecords';

const DEFAULT_SETTINGS = parseIngestSettings({}, 'flag');

const ROOT = join(__dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'scan-damaged-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function pair(index: number): string {
  const node = `EXCH${String(index).padStart(2, '0')}`;
  return `${iisAdminCrashEcs({ node, at: '2024-03-14T02:17:45.1230000Z', recordId: 1 })}\n${imapStartFailureEcs({ node, at: '2024-03-14T02:18:45.1230000Z', recordId: 2 })}\n`;
}

function file(name: string, bytes: Buffer | string): string {
  const path = join(work, name);
  writeFileSync(path, bytes);
  return path;
}

const fortyMembersThenJunk = () =>
  file(
    'forty-then-junk.json.gz',
    Buffer.concat([
      ...Array.from({ length: 40 }, (_, i) => gzipSync(pair(i))),
      Buffer.from('hello trailing junk\n'),
    ]),
  );

async function scan(files: string[], workerInflateMinBytes: number) {
  const incidents: IncidentReport[] = [];
  const summary: ScanSummary = await scanFiles(
    files,
    { ...scanOptionsFrom(DEFAULT_SETTINGS, loadRules(BUNDLED_RULES_PATH), 'auto'), workerInflateMinBytes },
    { incident: (report) => incidents.push(report), rejected: () => {} },
  );
  return { incidents, summary };
}

describe.each([
  { path: 'on this thread', workerInflateMinBytes: Number.POSITIVE_INFINITY },
  { path: 'on a worker thread', workerInflateMinBytes: 0 },
])('scanning damaged gzip files, inflated $path', ({ workerInflateMinBytes }) => {
  it('finds all 40 incidents of 40 members followed by junk, and counts the junk once', async () => {
    const { incidents, summary } = await scan([fortyMembersThenJunk()], workerInflateMinBytes);
    expect(incidents).toHaveLength(40);
    expect(summary.rejected).toEqual({ 'trailing-garbage': 1 });
  });
});

describe('winlog-correlator scan on a gzip file with trailing junk', () => {
  it('still alerts on the pair before the junk', () => {
    const path = file(
      'pair-then-junk.json.gz',
      Buffer.concat([gzipSync(pair(1)), Buffer.from('hello trailing junk\n')]),
    );
    const result = spawnSync(process.execPath, [CLI_FROM_SOURCE, 'scan', path], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    expect(
      result.stdout
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as IncidentReport).node),
    ).toEqual(['EXCH01']);
    expect(result.stderr).toContain('(trailing-garbage 1)');
  });
});
