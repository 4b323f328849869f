import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { createLocalAwsClients } from '../../../adapters/local/createLocalAwsClients';
import { LOCAL_STACK_NAMES } from '../../../adapters/local/localStackNames';
import { startLocalS3 } from '../../../adapters/local/stand-ins/startLocalS3';
import { startLocalPipeline } from '../../../app/local/startLocalPipeline';
import type { AuditRecord } from '../../../domain/audit/toAuditRecords';
import { iisAdminCrashXml, imapStartFailureXml, noiseXml } from '../../support/windowsEventRecords';

const CLI = join(__dirname, '..', '..', '..', 'bin', 'cli.js');
const root = mkdtempSync(join(tmpdir(), 'winlog-replay-local-'));
const { rawBucket, auditBucket, auditPrefix } = LOCAL_STACK_NAMES;

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'replay', ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, AWS_PROFILE: 'no-such-profile' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A KB819865 pair from March 2024 for `node`, gzip, as a shipper would have written it then. */
function oldIncident(node: string): Buffer {
  return gzipSync(
    [
      noiseXml({ node, at: '2024-03-14T01:59:00.0000000Z', recordId: 1 }),
      iisAdminCrashXml({ node, at: '2024-03-14T02:00:00.0000000Z', recordId: 2 }),
      imapStartFailureXml({ node, at: '2024-03-14T02:00:09.0000000Z', recordId: 3 }),
      '',
    ].join('\n'),
  );
}

/**
 * Objects in the data folder's raw bucket that were never ingested: put through an S3 stand-in on the
 * folder with no pipeline listening, as logs that arrived before the pipeline existed.
 */
async function seedRawBucket(dataDir: string, objects: Record<string, Buffer>): Promise<void> {
  const s3 = await startLocalS3({ directory: join(dataDir, 's3') });
  const clients = createLocalAwsClients({
    s3: s3.endpoint,
    dynamodb: 'http://127.0.0.1:9',
    messaging: 'http://127.0.0.1:9',
  });
  try {
    await clients.s3.send(new CreateBucketCommand({ Bucket: rawBucket }));
    for (const [key, body] of Object.entries(objects))
      await clients.s3.send(new PutObjectCommand({ Bucket: rawBucket, Key: key, Body: body }));
  } finally {
    clients.destroy();
    await s3.stop();
  }
}

const SEEDED = {
  'raw/archive/2024/03/exch11.xml.gz': oldIncident('EXCH11.corp.example.com'),
  'raw/archive/2024/03/exch12.xml.gz': oldIncident('EXCH12.corp.example.com'),
  'raw/elsewhere/exch13.xml.gz': oldIncident('EXCH13.corp.example.com'),
};

async function openedIncidents(s3Endpoint: string): Promise<string[]> {
  const clients = createLocalAwsClients({
    s3: s3Endpoint,
    dynamodb: 'http://127.0.0.1:9',
    messaging: 'http://127.0.0.1:9',
  });
  try {
    const { Contents = [] } = await clients.s3.send(
      new ListObjectsCommand({ Bucket: auditBucket, Prefix: auditPrefix }),
    );
    const nodes: string[] = [];
    for (const { Key } of Contents) {
      if (!Key?.includes('/incident-opened/')) continue;
      const object = await clients.s3.send(new GetObjectCommand({ Bucket: auditBucket, Key }));
      const record = JSON.parse((await object.Body?.transformToString()) ?? '') as AuditRecord;
      nodes.push(record.historical ? `${record.node} (historical)` : record.node);
    }
    return nodes.sort();
  } finally {
    clients.destroy();
  }
}

describe('replay into the local pipeline', () => {
  it('while npm start runs: the objects under the prefix go to its queue and their incidents reach the audit trail as historical, not alerted', async () => {
    const dataDir = join(root, 'running');
    await seedRawBucket(dataDir, SEEDED);
    const pipeline = await startLocalPipeline({
      dataDir,
      outboxDir: join(dataDir, 'outbox'),
      watchDir: join(dataDir, 'inbox'),
    });
    try {
      await pipeline.drained();
      expect(await openedIncidents(pipeline.endpoints.s3)).toEqual([]);

      const result = await cli('--data-dir', dataDir, '--prefix', 'raw/archive/');
      expect(result.stderr).not.toMatch(/^\s+at /m);
      expect(result.code).toBe(0);
      expect(result.stderr).toContain(
        `to the ingest queue of the running local pipeline (process ${process.pid})`,
      );
      expect(result.stderr).toContain(
        '2 objects listed (1 pages), 2 sent, 0 skipped by time, 0 skipped as empty, 0 failed',
      );

      await pipeline.drained();
      expect(await openedIncidents(pipeline.endpoints.s3)).toEqual([
        'EXCH11.corp.example.com (historical)',
        'EXCH12.corp.example.com (historical)',
      ]);
      const summary = await pipeline.summary();
      expect(summary).toMatchObject({ messagesSucceeded: 2, failedAttempts: 0, deadLettered: 0, alerts: 0 });
    } finally {
      await pipeline.stop();
    }
  }, 120_000);

  it('with no pipeline running: starts one on the data folder, processes everything, and a rerun sends nothing', async () => {
    const dataDir = join(root, 'stopped');
    await seedRawBucket(dataDir, SEEDED);

    const result = await cli('--data-dir', dataDir);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`to a local pipeline started on ${dataDir} for this replay`);
    expect(result.stderr).toContain('3 objects listed (1 pages), 3 sent');
    expect(result.stderr).toContain(
      'processed here: 3 messages ingested, 0 failed attempts, 0 dead-lettered',
    );

    const s3 = await startLocalS3({ directory: join(dataDir, 's3') });
    try {
      expect(await openedIncidents(s3.endpoint)).toEqual([
        'EXCH11.corp.example.com (historical)',
        'EXCH12.corp.example.com (historical)',
        'EXCH13.corp.example.com (historical)',
      ]);
    } finally {
      await s3.stop();
    }
    const checkpoints = JSON.parse(await readFile(join(dataDir, 'replay-checkpoints.json'), 'utf8'));
    expect(Object.values(checkpoints.checkpoints)).toEqual([
      expect.objectContaining({
        bucket: rawBucket,
        prefix: 'raw/',
        lastKey: 'raw/elsewhere/exch13.xml.gz',
        sent: 3,
        complete: true,
      }),
    ]);

    const again = await cli('--data-dir', dataDir);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('was replayed completely (3 sent');
  }, 120_000);
});
