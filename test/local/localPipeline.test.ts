import { mkdtempSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, describe, expect, it } from 'vitest';
import { createLocalAwsClients } from '../../adapters/local/createLocalAwsClients';
import type { OutboxMessage } from '../../adapters/local/LocalOutbox';
import { BUNDLED_SAMPLES_PATH } from '../../app/local/bundledSamplesPath';
import {
  type LocalPipelineOptions,
  runLocalPipelineOnce,
  startLocalPipeline,
} from '../../app/local/startLocalPipeline';
import { parseIngestSettings } from '../../domain/settings/ingestSettings';
import { iisAdminCrashXml, imapStartFailureXml } from '../support/windowsEventRecords';

const root = mkdtempSync(join(tmpdir(), 'winlog-local-'));

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function optionsIn(name: string): LocalPipelineOptions {
  const dataDir = join(root, name);
  return { dataDir, outboxDir: join(dataDir, 'outbox'), watchDir: join(dataDir, 'inbox') };
}

async function outboxMessages(directory: string): Promise<{ name: string; message: OutboxMessage }[]> {
  const names = (await readdir(directory)).sort();
  return Promise.all(
    names.map(async (name) => ({
      name,
      message: JSON.parse(await readFile(join(directory, name), 'utf8')) as OutboxMessage,
    })),
  );
}

/** A KB819865 crash and IMAP4 failure 9 s apart on `node`, from `atMs`, as event XML lines. */
function kbPair(node: string, atMs: number, recordId: number): string {
  return `${iisAdminCrashXml({ node, at: new Date(atMs).toISOString(), recordId })}\n${imapStartFailureXml({ node, at: new Date(atMs + 9000).toISOString(), recordId: recordId + 1 })}\n`;
}

const attribute = (message: OutboxMessage, name: string): string | undefined =>
  message.messageAttributes?.[name]?.StringValue;

describe('the local pipeline on the bundled samples', () => {
  const options = optionsIn('samples');

  it('alerts on EXCH01, EXCH02 (then its resolution) and EXCH03 through the queue and the real handler', async () => {
    const summary = await runLocalPipelineOnce({ ...options, samplesDir: BUNDLED_SAMPLES_PATH });

    expect(summary).toMatchObject({
      uploaded: 6,
      messagesForwarded: 6,
      messagesSucceeded: 6,
      failedAttempts: 0,
      deadLettered: 0,
      alerts: 4,
      quarantined: 1,
    });
    const outbox = await outboxMessages(options.outboxDir);
    expect(
      outbox.map(({ message }) => `${attribute(message, 'node')} ${attribute(message, 'notificationKind')}`),
    ).toEqual([
      'exch01.corp.example.com incident',
      'exch02.corp.example.com incident',
      'exch02.corp.example.com resolved',
      'exch03 incident',
    ]);
  });

  it('writes each published message as the PublishCommand input, one file per message, in time order', async () => {
    const outbox = await outboxMessages(options.outboxDir);
    expect(outbox).toHaveLength(4);
    for (const { name, message } of outbox) {
      expect(name).toMatch(
        /^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z-\d{6}-KB819865-[0-9a-f]{16}-(incident|resolved)\.json$/,
      );
      expect(Object.keys(message).sort()).toEqual([
        'message',
        'messageAttributes',
        'messageStructure',
        'subject',
        'topicArn',
      ]);
      expect(message.topicArn).toBe('arn:aws:sns:us-east-1:000000000000:incidents');
      expect(message.messageStructure).toBe('json');
      expect(message.subject?.length).toBeLessThan(100);
      const texts = JSON.parse(message.message ?? '') as Record<string, string>;
      expect(Object.keys(texts).sort()).toEqual(['default', 'email', 'sms']);
      expect(texts.default).toBe(texts.email);
      expect(texts.sms?.length).toBeLessThanOrEqual(160 - 'Windows incidents> '.length);
      expect(Object.keys(message.messageAttributes ?? {}).sort()).toEqual([
        'incidentId',
        'kind',
        'node',
        'notificationKind',
        'ruleId',
        'severity',
      ]);
      expect(message.messageAttributes?.ruleId).toEqual({ DataType: 'String', StringValue: 'KB819865' });
      expect(message.messageAttributes?.severity).toEqual({ DataType: 'String', StringValue: 'high' });
      expect(attribute(message, 'incidentId')).toMatch(/^KB819865-[0-9a-f]{16}$/);
      expect(texts.sms).toMatch(/^(HIGH|RESOLVED) KB819865 \S+: IIS Admin crash stops POP3\/IMAP4/);
    }
    const exch01 = outbox[0]?.message;
    expect(exch01?.subject).toContain('KB819865 on EXCH01.corp.example.com');
    expect(JSON.parse(exch01?.message ?? '{}').email).toContain(
      'Restart the IIS Admin Service on EXCH01.corp.example.com',
    );
    expect(new Set(outbox.map(({ message }) => attribute(message, 'incidentId'))).size).toBe(3);
  });

  it('does not alert again when restarted on the same data folder and given the samples again', async () => {
    const summary = await runLocalPipelineOnce({ ...options, samplesDir: BUNDLED_SAMPLES_PATH });

    expect(summary).toMatchObject({ uploaded: 6, messagesSucceeded: 6, failedAttempts: 0, alerts: 0 });
    expect(await outboxMessages(options.outboxDir)).toHaveLength(4);
  });

  it('quarantines the truncated record of samples/kinesis under the quarantine prefix', async () => {
    const pipeline = await startLocalPipeline(options);
    const clients = createLocalAwsClients(pipeline.endpoints);
    try {
      const { Contents = [] } = await clients.s3.send(
        new ListObjectsV2Command({ Bucket: 'fleet-winlogs', Prefix: 'quarantine/' }),
      );
      const keys = Contents.flatMap((o) => (o.Key ? [o.Key] : []));
      expect(keys).toHaveLength(1);
      expect(keys[0]).toMatch(/^quarantine\/fleet-winlogs\/raw\/kinesis\/exch05-2024-03-14\.json\//);
      const object = await clients.s3.send(new GetObjectCommand({ Bucket: 'fleet-winlogs', Key: keys[0] }));
      const rejection = JSON.parse((await object.Body?.transformToString()) ?? '{}') as { reason?: string };
      expect(rejection.reason).toBe('truncated-record');
    } finally {
      clients.destroy();
      await pipeline.stop();
    }
  });
});

describe('the local pipeline', () => {
  it('takes a file copied into the watch folder, alerts on it with detection time and age, and stops cleanly', async () => {
    const options = optionsIn('watch');
    const pipeline = await startLocalPipeline(options);
    const node = 'EXCH07.corp.example.com';
    // The last event (9 s after the crash) lies 141 s before the upload: "2 min" with time to spare.
    const failedAt = Date.now() - 150_000;
    try {
      pipeline.watch();
      await writeFile(join(options.watchDir, 'system.xml'), kbPair(node, failedAt, 11));
      await expect.poll(() => pipeline.outbox.entries.length, { timeout: 10_000, interval: 100 }).toBe(1);
      const alert = pipeline.outbox.entries[0]?.message;
      expect(alert?.messageAttributes?.node?.StringValue).toBe(node.toLowerCase());
      const { email } = JSON.parse(alert?.message ?? '{}') as { email?: string };
      expect(email).toMatch(/^Detected: {4}\d{4}-\d\d-\d\dT[\d:.]+Z, last event 2 min before detection$/m);
      // The message counts as succeeded once the handler returns, a moment after the alert is out.
      await expect
        .poll(async () => (await pipeline.summary()).messagesSucceeded, { timeout: 10_000, interval: 100 })
        .toBe(1);
      expect(await pipeline.summary()).toMatchObject({ uploaded: 1, historical: 0, muted: 0 });
    } finally {
      await pipeline.stop();
    }
    await expect(fetch(`${pipeline.endpoints.s3}/`)).rejects.toThrow();
    await expect(fetch(`${pipeline.endpoints.dynamodb}/`)).rejects.toThrow();
    await expect(fetch(`${pipeline.endpoints.messaging}/health`)).rejects.toThrow();
  });

  it('records a file of old events copied into the watch folder as historical, without an alert', async () => {
    const options = optionsIn('historical');
    const lines: string[] = [];
    const node = 'EXCH08.corp.example.com';
    await mkdir(options.watchDir, { recursive: true });
    await writeFile(
      join(options.watchDir, 'last-year.xml'),
      kbPair(node, Date.parse('2025-11-02T10:00:00Z'), 21),
    );
    const pipeline = await startLocalPipeline({ ...options, log: (text) => lines.push(text) });
    const clients = createLocalAwsClients(pipeline.endpoints);
    try {
      await pipeline.uploadFolder(options.watchDir, 'inbox/');
      await pipeline.drained();
      expect(await pipeline.summary()).toMatchObject({
        messagesSucceeded: 1,
        alerts: 0,
        historical: 1,
        muted: 0,
      });
      expect(lines.join('')).toMatch(
        /not paged: KB819865 on EXCH08\.corp\.example\.com \(incident KB819865-\w+\), historical: last event 2025-11-02T10:00:09\.000Z; recorded in the audit trail/,
      );
      const { Contents = [] } = await clients.s3.send(
        new ListObjectsV2Command({ Bucket: 'winlog-audit', Prefix: 'audit/' }),
      );
      const records = await Promise.all(
        Contents.map(async ({ Key }) => {
          const object = await clients.s3.send(new GetObjectCommand({ Bucket: 'winlog-audit', Key }));
          return JSON.parse((await object.Body?.transformToString()) ?? '{}') as Record<string, unknown>;
        }),
      );
      expect(records.map((r) => [r.kind, r.historical, r.muted])).toEqual([['incident-opened', true, null]]);
    } finally {
      clients.destroy();
      await pipeline.stop();
    }
  });

  it('retries a message the handler cannot handle and moves it to the dead-letter queue after the last receive', async () => {
    const options = optionsIn('dead-letter');
    const pipeline = await startLocalPipeline({
      ...options,
      queue: { visibilityTimeoutSeconds: 1, maxReceiveCount: 2 },
    });
    const clients = createLocalAwsClients(pipeline.endpoints);
    try {
      await clients.sqs.send(
        new SendMessageCommand({ QueueUrl: pipeline.resources.ingestQueueUrl, MessageBody: '{"hello":1}' }),
      );
      await pipeline.drained();
      expect(await pipeline.summary()).toMatchObject({ failedAttempts: 2, deadLettered: 1, alerts: 0 });
    } finally {
      clients.destroy();
      await pipeline.stop();
    }
  });

  it('refuses a second pipeline on a data folder in use, with a plain message', async () => {
    const options = optionsIn('busy');
    const pipeline = await startLocalPipeline(options);
    try {
      await expect(startLocalPipeline(options)).rejects.toThrow(
        `the data folder ${options.dataDir} is in use by process ${process.pid}`,
      );
    } finally {
      await pipeline.stop();
    }
  });

  it('applies --window to every rule: with a 1 s window the samples raise no incident', async () => {
    const summary = await runLocalPipelineOnce({
      ...optionsIn('window'),
      samplesDir: BUNDLED_SAMPLES_PATH,
      settings: parseIngestSettings({ correlationWindow: '1s' }, 'flag'),
    });
    expect(summary).toMatchObject({ messagesSucceeded: 6, alerts: 0 });
  });
});
