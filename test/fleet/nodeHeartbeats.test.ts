import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoNodeActivityStore } from '../../adapters/aws/DynamoNodeActivityStore';
import type { NodeLastEvent } from '../../domain/ports/NodeActivityStore';
import { hoursAgo, ingest } from '../audit/auditTestSupport';
import { type IngestStandIns, RAW_BUCKET, startIngestStandIns } from '../support/ingestStandIns';
import { noiseXml } from '../support/windowsEventRecords';

const NOW = Date.now();
let standIns: IngestStandIns;

beforeAll(async () => {
  standIns = await startIngestStandIns();
});

afterAll(async () => {
  await standIns?.stop();
});

async function lastEventOf(node: string): Promise<NodeLastEvent | undefined> {
  const nodes = await new DynamoNodeActivityStore(
    standIns.config.stateTableName,
    standIns.dynamo,
  ).listNodes();
  return nodes.find((n) => n.nodeKey === node.toLowerCase());
}

function noise(node: string, times: readonly string[], firstRecordId: number): string {
  return times.map((at, i) => `${noiseXml({ node, at, recordId: firstRecordId + i })}\n`).join('');
}

describe('last event seen per node (heartbeats from ingest)', () => {
  it('moves only forward in event time, whatever order the objects arrive in', async () => {
    const node = 'WEB01.corp.example.com';
    await ingest(standIns, 'raw/web01/middle.xml', noise(node, [hoursAgo(NOW, 2)], 1));
    expect(await lastEventOf(node)).toEqual({
      nodeKey: 'web01.corp.example.com',
      node,
      lastEventAt: hoursAgo(NOW, 2),
      lastObjectKey: `s3://${RAW_BUCKET}/raw/web01/middle.xml`,
    });

    await ingest(standIns, 'raw/web01/older.xml', noise(node, [hoursAgo(NOW, 6)], 10));
    expect((await lastEventOf(node))?.lastObjectKey).toBe(`s3://${RAW_BUCKET}/raw/web01/middle.xml`);

    await ingest(standIns, 'raw/web01/newer.xml', noise('web01.CORP.example.com', [hoursAgo(NOW, 1)], 20));
    expect(await lastEventOf(node)).toMatchObject({
      node: 'web01.CORP.example.com',
      lastEventAt: hoursAgo(NOW, 1),
      lastObjectKey: `s3://${RAW_BUCKET}/raw/web01/newer.xml`,
    });
  });

  it('parses one record in a thousand that no rule needs, the first of each object included', async () => {
    const node = 'WEB02.corp.example.com';
    const times = Array.from({ length: 2500 }, (_, i) => new Date(NOW - 3_600_000 + i * 1000).toISOString());

    await ingest(standIns, 'raw/web02/large.xml', noise(node, times, 100));

    // Records 1, 1001 and 2001 are sampled; the newest of them is the node's last event seen.
    expect((await lastEventOf(node))?.lastEventAt).toBe(times[2000]);
  });

  it('ignores events stamped more than a day ahead of the clock', async () => {
    const node = 'WEB03.corp.example.com';
    await ingest(standIns, 'raw/web03/now.xml', noise(node, [hoursAgo(NOW, 1)], 1));
    await ingest(standIns, 'raw/web03/future.xml', noise(node, [hoursAgo(NOW, -72)], 2));

    expect((await lastEventOf(node))?.lastEventAt).toBe(hoursAgo(NOW, 1));
  });
});
