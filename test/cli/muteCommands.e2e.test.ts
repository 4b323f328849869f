import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DynamoNodeActivityStore } from '../../adapters/aws/DynamoNodeActivityStore';
import {
  createStateTable,
  LOCAL_CREDENTIALS,
  type LocalDynamo,
  localDynamoClient,
  startLocalDynamo,
} from '../../adapters/local/stand-ins/startLocalDynamo';
import { muteCommand } from '../../cli/mute/muteCommand';
import { mutesCommand } from '../../cli/mute/mutesCommand';
import { unmuteCommand } from '../../cli/mute/unmuteCommand';
import { UsageError } from '../../cli/UsageError';
import { capturedIo, ndjson } from '../audit/auditTestSupport';
import { CLI_FROM_SOURCE } from '../support/cliFromSource';

const ROOT = join(__dirname, '..', '..');
const TABLE = 'correlation-state';
const work = mkdtempSync(join(tmpdir(), 'mute-e2e-'));
const dataDir = join(work, 'data');
let deployed: LocalDynamo;
let remote: string[];

/** A table with one node seen, as the pipeline leaves it. */
async function provision(dynamo: LocalDynamo): Promise<void> {
  const client = localDynamoClient(dynamo.endpoint);
  try {
    await createStateTable(client, TABLE);
    await new DynamoNodeActivityStore(TABLE, client).recordLastEvents([
      {
        nodeKey: 'exch01.corp.example.com',
        node: 'EXCH01.corp.example.com',
        lastEventAt: '2026-11-30T10:00:00.000Z',
        lastObjectKey: 's3://fleet-winlogs/raw/exch01/a.xml',
      },
    ]);
  } finally {
    client.destroy();
  }
}

beforeAll(async () => {
  const local = await startLocalDynamo({ path: join(dataDir, 'dynamodb') });
  await provision(local);
  await local.stop();
  deployed = await startLocalDynamo();
  await provision(deployed);
  remote = ['--table', TABLE, '--dynamodb-endpoint', deployed.endpoint];
  vi.stubEnv('AWS_ACCESS_KEY_ID', LOCAL_CREDENTIALS.accessKeyId);
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', LOCAL_CREDENTIALS.secretAccessKey);
  vi.stubEnv('AWS_REGION', 'us-east-1');
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await deployed?.stop();
  rmSync(work, { recursive: true, force: true });
});

function cli(...args: string[]) {
  return spawnSync(process.execPath, [CLI_FROM_SOURCE, ...args], { cwd: ROOT, encoding: 'utf8' });
}

describe('mute, mutes and unmute on the local data folder, through the real binary', () => {
  it('mutes a node for a while with a reason, lists it, and unmutes it', () => {
    const muted = cli(
      'mute',
      '--data-dir',
      dataDir,
      '--node',
      'EXCH01.corp.example.com',
      '--for',
      '2h',
      '--reason',
      'patching, change 4711',
    );
    expect(muted.stderr).toBe('');
    expect(muted.status).toBe(0);
    expect(muted.stdout).toMatch(
      /^muted EXCH01\.corp\.example\.com until \S+Z \(2h\): patching, change 4711\n$/,
    );

    const listed = cli('mutes', '--data-dir', dataDir, '--output', 'ndjson');
    expect(listed.status).toBe(0);
    const rows = ndjson<{ node: string; reason: string; remaining_seconds: number; until: string }>(
      listed.stdout,
    );
    expect(rows.map((r) => [r.node, r.reason])).toEqual([
      ['EXCH01.corp.example.com', 'patching, change 4711'],
    ]);
    expect(rows[0]?.remaining_seconds).toBeGreaterThan(7000);
    expect(listed.stderr).toContain(`mutes: 1 in force (table ${TABLE} in ${dataDir})`);

    const unmuted = cli('unmute', '--data-dir', dataDir, '--node', 'exch01.CORP.example.com');
    expect(unmuted.status).toBe(0);
    expect(unmuted.stdout).toContain('unmuted EXCH01.corp.example.com (was muted until');
    expect(cli('mutes', '--data-dir', dataDir, '--output', 'ndjson').stdout).toBe('');
  });

  it('takes the longest window allowed, 30d, and ends it by unmute', () => {
    const muted = cli(
      'mute',
      '--data-dir',
      dataDir,
      '--node',
      'EXCH02',
      '--for',
      '30d',
      '--reason',
      'rebuild',
    );
    expect(muted.status).toBe(0);
    expect(muted.stdout).toMatch(/^muted EXCH02 until \S+Z \(30d\): rebuild\n$/);
    expect(cli('unmute', '--data-dir', dataDir, '--node', 'EXCH02').status).toBe(0);
  });

  it.each([
    [['mute', '--node', 'EXCH01', '--for', '2 hours', '--reason', 'x'], "--for: '2 hours' is not a duration"],
    [
      ['mute', '--node', 'EXCH01', '--for', '31d', '--reason', 'x'],
      "--for: '31d' is longer than the most allowed, 30d",
    ],
    [['mute', '--node', 'EXCH01', '--for', '2h'], '--reason is required'],
    [['mute', '--node', 'EXCH01', '--for', '2h', '--reason', '  '], '--reason is required'],
    [['mute', '--for', '2h', '--reason', 'x'], '--node is required'],
    [['mute', '--node', 'EXCH01', '--reason', 'x'], '--for is required'],
    [['unmute', '--node', 'EXCH99'], "no mute in force on node 'EXCH99'"],
    [['mutes', '--output', 'xml'], '--output must be one of table, ndjson, csv'],
    [['mutes', '--data-dir', join(work, 'nowhere')], 'no local pipeline data in'],
  ])('%j is a usage error: exit 2, a plain message, no stack trace', (args, message) => {
    const [command, ...rest] = args;
    const result = cli(command ?? '', '--data-dir', dataDir, ...rest);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});

describe('mute, mutes and unmute on a deployed table', () => {
  it('lists a mute only until it runs out, whether or not the table removed it', async () => {
    const now = new Date('2026-12-01T10:00:00.000Z');
    const set = capturedIo({ now });
    expect(
      await muteCommand(
        [...remote, '--node', 'EXCH01.corp.example.com', '--for', '90m', '--reason', 'IIS Admin restart'],
        set.io,
      ),
    ).toBe(0);

    const during = capturedIo({ now: new Date(now.getTime() + 89 * 60_000) });
    expect(await mutesCommand([...remote, '--output', 'csv'], during.io)).toBe(0);
    expect(during.stdout()).toBe(
      'node,until,remaining_seconds,reason,muted_at\r\nEXCH01.corp.example.com,2026-12-01T11:30:00.000Z,60,IIS Admin restart,2026-12-01T10:00:00.000Z\r\n',
    );

    const after = capturedIo({ now: new Date(now.getTime() + 90 * 60_000) });
    expect(await mutesCommand([...remote, '--output', 'ndjson'], after.io)).toBe(0);
    expect(after.stdout()).toBe('');
    await expect(
      unmuteCommand([...remote, '--node', 'EXCH01.corp.example.com'], capturedIo({ now: after.io.now() }).io),
    ).rejects.toThrow(UsageError);
  });

  it('warns when the node muted has never been seen, naming the nodes that have', async () => {
    const run = capturedIo();
    expect(await muteCommand([...remote, '--node', 'EXCH1', '--for', '1h', '--reason', 'typo'], run.io)).toBe(
      0,
    );
    expect(run.stderr()).toContain("mute: no event seen from 'EXCH1' yet");
    expect(run.stderr()).toContain('Known nodes: EXCH01.corp.example.com');
  });

  it('needs --table with --dynamodb-endpoint', async () => {
    await expect(
      muteCommand(
        ['--dynamodb-endpoint', deployed.endpoint, '--node', 'A', '--for', '1h', '--reason', 'x'],
        capturedIo().io,
      ),
    ).rejects.toThrow('--table is required with --dynamodb-endpoint');
  });
});
