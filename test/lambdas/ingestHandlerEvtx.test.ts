import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEvtxFile, type EvtxTestEvent, evtxChunkOffset } from '../support/buildEvtxFile';
import { type IngestStandIns, RAW_BUCKET, startIngestStandIns } from '../support/ingestStandIns';
import { iisAdminCrashEvtx, imapStartFailureEvtx, noiseEvtx } from '../support/kb819865EvtxEvents';
import { lambdaContext, s3ObjectCreated, sqsEvent } from '../support/lambdaEvents';

let standIns: IngestStandIns;

beforeAll(async () => {
  standIns = await startIngestStandIns();
});

afterAll(async () => {
  await standIns?.stop();
});

async function upload(key: string, body: Buffer): Promise<string> {
  await standIns.putObject(key, body);
  return s3ObjectCreated(RAW_BUCKET, key, body.length);
}

function publishesFor(node: string) {
  return standIns.publishes().filter((m) => m.messageAttributes.node?.StringValue === node.toLowerCase());
}

/** Noise from 04:00:00, one record a second, with the crash first and the mail service failure last. */
function kbPairAround(node: string, noise: number): EvtxTestEvent[] {
  const at = (second: number) =>
    `2024-03-14T04:${String(Math.floor(second / 60)).padStart(2, '0')}:${String(second % 60).padStart(2, '0')}.1234567Z`;
  return [
    iisAdminCrashEvtx({ node, at: at(0), recordId: 1 }),
    ...Array.from({ length: noise }, (_, i) => noiseEvtx({ node, at: at(1 + (i % 1500)), recordId: 2 + i })),
    imapStartFailureEvtx({ node, at: at(1501), recordId: noise + 2 }),
  ];
}

const noFailures = { batchItemFailures: [] };

describe('ingest handler with .evtx objects', () => {
  it('publishes the alert for a .evtx export and quarantines its damaged chunk with the chunk offset', async () => {
    const node = 'EXCH21.corp.example.com';
    const bytes = buildEvtxFile(kbPairAround(node, 10), { eventsPerChunk: 4 });
    bytes.writeUInt8(bytes.readUInt8(evtxChunkOffset(1) + 600) ^ 0xff, evtxChunkOffset(1) + 600);
    const key = 'raw/exports/EXCH21-System.evtx';

    expect(await standIns.handler()(sqsEvent([await upload(key, bytes)]), lambdaContext())).toEqual(
      noFailures,
    );

    expect(publishesFor(node)).toHaveLength(1);
    const quarantineKey = `quarantine/${RAW_BUCKET}/${key}/current.from-0.rejected.jsonl`;
    const lines = (await standIns.text(RAW_BUCKET, quarantineKey))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toEqual([
      expect.objectContaining({
        kind: 'rejected-record',
        reason: 'corrupt-evtx-chunk',
        detail: 'event records checksum mismatch',
        source: expect.objectContaining({
          object: `s3://${RAW_BUCKET}/${key}`,
          byte_offset: evtxChunkOffset(1),
        }),
      }),
    ]);
  });

  it('finishes a .evtx object too large for one invocation through continuation messages, with one incident', async () => {
    const node = 'EXCH22.corp.example.com';
    const bytes = buildEvtxFile(kbPairAround(node, 8000));
    expect(bytes.length).toBeGreaterThan(2 * 1024 * 1024);
    const handler = standIns.handler({ safetyMarginMs: 60_000, limits: { minProgressBytes: 256 * 1024 } });

    // Barely above the safety margin: each read starts, then stops at its first chance.
    const run = await standIns.runThroughContinuations(
      handler,
      await upload('raw/exports/EXCH22-System.evtx', bytes),
      60_005,
    );

    expect(run.invocations).toBeGreaterThan(2);
    expect(run).toMatchObject({ failedItems: 0, pending: [] });
    expect(publishesFor(node)).toHaveLength(1);
  });
});
