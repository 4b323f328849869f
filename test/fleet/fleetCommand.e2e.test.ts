import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LOCAL_CREDENTIALS } from '../../adapters/local/stand-ins/startLocalDynamo';
import { fleetCommand } from '../../cli/fleet/fleetCommand';
import {
  capturedIo,
  hoursAgo,
  ingest,
  ndjson,
  runCaptured,
  writeLocalDataDir,
} from '../audit/auditTestSupport';
import { CLI_FROM_SOURCE } from '../support/cliFromSource';
import { AUDIT_BUCKET, type IngestStandIns, startIngestStandIns } from '../support/ingestStandIns';
import {
  iisAdminCrashXml,
  iisAdminRunningXml,
  imapStartFailureXml,
  noiseXml,
} from '../support/windowsEventRecords';

const ROOT = join(__dirname, '..', '..');
const NOW = Date.now();
let standIns: IngestStandIns;
let remote: string[];
const work = mkdtempSync(join(tmpdir(), 'fleet-e2e-'));

function kbPair(node: string, hours: number, recordId: number): string {
  return `${iisAdminCrashXml({ node, at: hoursAgo(NOW, hours), recordId })}\n${imapStartFailureXml({ node, at: hoursAgo(NOW, hours - 0.01), recordId: recordId + 1 })}\n`;
}

beforeAll(async () => {
  standIns = await startIngestStandIns();
  remote = [
    '--s3-endpoint',
    standIns.env.AWS_ENDPOINT_URL_S3 ?? '',
    '--dynamodb-endpoint',
    standIns.env.AWS_ENDPOINT_URL_DYNAMODB ?? '',
    '--bucket',
    AUDIT_BUCKET,
    '--table',
    standIns.config.stateTableName,
  ];
  vi.stubEnv('AWS_ACCESS_KEY_ID', LOCAL_CREDENTIALS.accessKeyId);
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', LOCAL_CREDENTIALS.secretAccessKey);
  vi.stubEnv('AWS_REGION', 'us-east-1');

  await ingest(standIns, 'raw/busy01/a.xml', kbPair('BUSY01.corp.example.com', 40, 100));
  await ingest(standIns, 'raw/busy01/b.xml', kbPair('BUSY01.corp.example.com', 10, 110));
  await ingest(standIns, 'raw/mid01/a.xml', kbPair('MID01.corp.example.com', 3, 200));
  await ingest(
    standIns,
    'raw/fixed01/a.xml',
    `${kbPair('FIXED01.corp.example.com', 5, 300)}${iisAdminRunningXml({ node: 'FIXED01.corp.example.com', at: hoursAgo(NOW, 4), recordId: 302 })}\n`,
  );
  // Nodes whose events match no rule: known only from their heartbeats.
  await ingest(
    standIns,
    'raw/quiet01/a.xml',
    `${noiseXml({ node: 'QUIET01', at: hoursAgo(NOW, 2), recordId: 400 })}\n`,
  );
  await ingest(
    standIns,
    'raw/gone01/a.xml',
    `${noiseXml({ node: 'GONE01', at: hoursAgo(NOW, 72), recordId: 500 })}\n`,
  );
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await standIns?.stop();
  rmSync(work, { recursive: true, force: true });
});

function fleet(...args: string[]) {
  return runCaptured(fleetCommand, [...remote, ...args]);
}

describe('winlog-correlator fleet', () => {
  it('lists every node worst first: open incidents, then incidents in 30 days, then the latest incident', async () => {
    const { code, rows, stderr } = await fleet();

    expect(code).toBe(0);
    expect(rows.map((r) => [r.node, r.open_incidents, r.incidents_30d])).toEqual([
      ['BUSY01.corp.example.com', 2, 2],
      ['MID01.corp.example.com', 1, 1],
      ['FIXED01.corp.example.com', 0, 1],
      ['GONE01', 0, 0],
      ['QUIET01', 0, 0],
    ]);
    expect(rows[0]).toMatchObject({
      last_incident_at: hoursAgo(NOW, 10),
      last_incident_id: expect.stringMatching(/^KB819865-/),
      last_event_seen_at: hoursAgo(NOW, 9.99),
      silent: false,
    });
    expect(rows[4]).toMatchObject({
      last_incident_id: null,
      last_event_seen_at: hoursAgo(NOW, 2),
      silent: false,
    });
    expect(stderr).toContain('fleet: 5 nodes, 2 with open incidents, 1 silent for over 1d');
  });

  it('flags nodes with no event for longer than --silent-after', async () => {
    const { rows } = await fleet('--silent-after', '5h');

    expect(rows.filter((r) => r.silent).map((r) => r.node)).toEqual(['BUSY01.corp.example.com', 'GONE01']);
  });

  it('prints a table on a terminal and CSV on request', async () => {
    const tty = capturedIo({ tty: true });
    await fleetCommand(remote, tty.io);
    const lines = tty.stdout().trimEnd().split('\n');
    expect(lines[0]).toMatch(/^node\s+open_incidents\s+incidents_30d\s+last_incident_at/);
    expect(lines.find((l) => l.startsWith('GONE01'))).toMatch(/\(3d ago\)\s+SILENT$/);

    const { stdout } = await fleet('--output', 'csv');
    expect(stdout.split('\r\n')[0]).toBe(
      'node,open_incidents,incidents_30d,last_incident_at,last_incident_id,last_event_seen_at,silent',
    );
    expect(stdout).toContain('\r\nQUIET01,0,0,,,');
  });

  it('needs the state table when reading from a bucket', async () => {
    await expect(
      fleetCommand(['--bucket', AUDIT_BUCKET, '--s3-endpoint', 'http://127.0.0.1:1'], capturedIo().io),
    ).rejects.toThrow(/--table .* is required with --bucket/);
  });

  it('reads the local pipeline data folder (audit bucket and state database) through the real binary', async () => {
    await writeLocalDataDir(standIns, join(work, 'data'));

    const result = spawnSync(
      process.execPath,
      [CLI_FROM_SOURCE, 'fleet', '--data-dir', join(work, 'data'), '--output', 'ndjson'],
      { cwd: ROOT, encoding: 'utf8' },
    );

    expect(result.status).toBe(0);
    expect(ndjson(result.stdout).map((r) => [r.node, r.open_incidents, r.silent])).toEqual([
      ['BUSY01.corp.example.com', 2, false],
      ['MID01.corp.example.com', 1, false],
      ['FIXED01.corp.example.com', 0, false],
      ['GONE01', 0, true],
      ['QUIET01', 0, false],
    ]);
  });
});
