import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type IngestStandIns, RAW_BUCKET, startIngestStandIns } from '../support/ingestStandIns';
import { lambdaContext, s3ObjectCreated, sqsEvent } from '../support/lambdaEvents';
import { iisAdminCrashXml, imapStartFailureXml } from '../support/windowsEventRecords';

let standIns: IngestStandIns;
const savedEnv = { ...process.env };

beforeAll(async () => {
  standIns = await startIngestStandIns();
});

afterAll(async () => {
  process.env = savedEnv;
  await standIns?.stop();
});

async function importHandlerModule(env: Record<string, string>) {
  vi.resetModules();
  process.env = { ...savedEnv, ...env };
  return import('../../lambdas/ingest/handler');
}

describe('the deployed handler module', () => {
  it('configures itself from the environment at cold start and handles an SQS batch through middy', async () => {
    const { handler } = await importHandlerModule(standIns.env);
    const node = 'EXCH20.corp.example.com';
    const key = 'raw/module/system.xml';
    // Recent events: the module reads PAGE_WITHIN's default (24h), so older ones would not page.
    const crashAt = Date.now() - 5 * 60_000;
    const body = `${iisAdminCrashXml({ node, at: new Date(crashAt).toISOString(), recordId: 1 })}\n${imapStartFailureXml({ node, at: new Date(crashAt + 9000).toISOString(), recordId: 2 })}\n`;
    await standIns.putObject(key, body);

    const response = await handler(
      sqsEvent([s3ObjectCreated(RAW_BUCKET, key, body.length)]),
      lambdaContext(),
    );

    expect(response).toEqual({ batchItemFailures: [] });
    const published = standIns
      .publishes()
      .filter((m) => m.messageAttributes.node?.StringValue === node.toLowerCase());
    expect(published).toHaveLength(1);
  });

  it('fails at cold start with the names of the missing settings', async () => {
    const { STATE_TABLE_NAME: _table, INGEST_QUEUE_URL: _queue, ...incomplete } = standIns.env;
    await expect(
      importHandlerModule({ ...incomplete, STATE_TABLE_NAME: '', INGEST_QUEUE_URL: '' }),
    ).rejects.toThrow(
      'ingest function configuration: STATE_TABLE_NAME is required; INGEST_QUEUE_URL is required',
    );
  });
});
